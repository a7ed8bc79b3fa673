using System.Globalization;
using System.Text;
using Valora.Analytics.Text;
using Valora.Data.ModelStore;
using Valora.Data.Tables;
using Valora.Data.Text;

namespace Valora.Data.Tests.Text;

public sealed class TrainTextFromTableTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-text-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly string[] Filler = ["the", "flight", "was", "today", "and", "my", "bag", "seat", "crew", "again"];
    static readonly Dictionary<string, string[]> Words = new(StringComparer.Ordinal)
    {
        ["positive"] = ["great", "thanks", "love", "awesome"],
        ["negative"] = ["delayed", "rude", "lost", "worst"],
        ["neutral"] = ["when", "which", "question", "how"],
    };

    /// <summary>A CSV of messages (id, sentiment, text, airline), two or three class words among filler, seeded.</summary>
    internal static string WriteMessages(string dir, int n, int seed, string name = "messages.csv")
    {
        var rng = new Random(seed);
        var classes = Words.Keys.Order(StringComparer.Ordinal).ToArray();
        var csv = new StringBuilder("id,sentiment,text,airline\n");
        for (var i = 0; i < n; i++)
        {
            var cls = classes[i % classes.Length];
            var words = Enumerable.Range(0, 8).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
            for (var k = 0; k < 2 + rng.Next(2); k++) words[rng.Next(words.Count)] = Words[cls][rng.Next(Words[cls].Length)];
            csv.Append(CultureInfo.InvariantCulture, $"m{i},{cls},\"{string.Join(' ', words)}, ok\",{(i % 4 == 0 ? "United" : "Delta")}\n");
        }
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    static TextTableOptions Options(int folds = 3) => new() { Text = "text", Label = "sentiment", Folds = folds };

    [Fact]
    public void Run_ThenReload_GivesIdenticalPredictionsAndKeepsTheMetadata()
    {
        var table = TableFile.Read(WriteMessages(_dir, 300, 1));
        var path = Path.Combine(_dir, "model.zip");
        var result = TrainTextFromTable.Run(table, Options(), path);
        Assert.Equal(300, result.Rows);
        Assert.Equal(["negative", "neutral", "positive"], result.Model.Classes);
        Assert.Equal(TextAnalyzer.WordsAndCharacters, result.Model.Analyzer);
        Assert.True(result.CrossValidation.Mean["accuracy"] >= 0.9, $"accuracy {result.CrossValidation.Mean["accuracy"]}");
        Assert.Equal(3, result.CrossValidation.Pooled.Confusion.Count);

        var loaded = TextModel.Load(path);
        Assert.Equal("text", loaded.Metadata.Kind);
        Assert.Equal(result.Version, loaded.Metadata.Version);
        Assert.Equal(result.CrossValidation.Mean["accuracy"], loaded.Metadata.Metrics["cv_accuracy"]);
        Assert.Equal(result.Model.Temperature, loaded.Metadata.Metrics["temperature"]);
        Assert.Equal(result.CrossValidation.Calibration.Temperature, loaded.Classifier.Calibration.Temperature);
        Assert.Contains(loaded.Metadata.Features, f => f is { Name: "text", Role: "text" });
        Assert.Contains(loaded.Extra.TopTerms.Single(c => c.Class == "negative").Terms, t => Words["negative"].Contains(t.Term));

        // Fit → save → reload: the same probabilities and terms, to the last bit, for texts neither model has seen.
        var fresh = TableFile.Read(WriteMessages(_dir, 60, 2, "new.csv"));
        var retrained = TextClassifier.Train(
            [.. table.Rows.Select(r => r[2])], [.. table.Rows.Select(r => r[1])], new TextTrainingOptions()).WithCalibration(loaded.Classifier.Calibration);
        var texts = fresh.Rows.Select(r => r[2]).ToArray();
        var before = retrained.Predict(texts, 3);
        var after = loaded.Classifier.Predict(texts, 3);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(before[i].Label, after[i].Label);
            Assert.Equal(before[i].Probabilities, after[i].Probabilities);
            Assert.Equal(before[i].TopTerms, after[i].TopTerms);
        }
        var scores = ScoreTextFromTable.Run(loaded, fresh, idColumn: "id");
        Assert.Equal(60, scores.Rows.Count);
        Assert.Equal("m0", scores.Rows[0].Id);
        var accuracy = scores.Rows.Zip(fresh.Rows).Count(p => p.First.Prediction.Label == p.Second[1]) / 60.0;
        Assert.True(accuracy >= 0.9, $"accuracy on new messages {accuracy}");
        var csv = Path.Combine(_dir, "scored.csv");
        ScoreTextFromTable.WriteCsv(scores, csv);
        var written = TableFile.Read(csv);
        Assert.Equal(["id", "label", "probability", "top_terms", "p_negative", "p_neutral", "p_positive"], written.Columns);
        Assert.Equal(60, written.Rows.Count);
        Assert.Equal(after[0].Probability, double.Parse(written.Rows[0][2], CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void Run_WithAFilter_TrainsOnTheMatchingRowsOnly()
    {
        var table = TableFile.Read(WriteMessages(_dir, 300, 3));
        var result = TrainTextFromTable.Run(table, Options() with { Where = ("airline", "Delta") }, null);
        Assert.Equal(225, result.Rows);
        Assert.Equal(75, result.FilteredOut);
        Assert.Equal("airline = Delta", result.Filter);
    }

    [Fact]
    public void Run_BadInput_NamesTheOptionColumnAndRule()
    {
        var table = TableFile.Read(WriteMessages(_dir, 60, 4));
        Assert.Contains("--text: ", Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(table, Options() with { Text = "body" }, null)).Message, StringComparison.Ordinal);
        Assert.Contains("no column 'body'", Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(table, Options() with { Text = "body" }, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("--label: ", Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(table, Options() with { Label = "mood" }, null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("--folds: ", Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(table, Options(folds: 1), null)).Message, StringComparison.Ordinal);
        var where = Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(table, Options() with { Where = ("airline", "KLM") }, null));
        Assert.Contains("airline = 'KLM'", where.Message, StringComparison.Ordinal);
        Assert.Contains("Delta", where.Message, StringComparison.Ordinal);

        var oneClass = Path.Combine(_dir, "one.csv");
        File.WriteAllText(oneClass, "text,sentiment\nlate again,negative\nlost bag,negative\nrude crew,negative\n");
        var e = Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(TableFile.Read(oneClass), Options(2), null));
        Assert.Contains("--label: column 'sentiment' holds one class only ('negative')", e.Message, StringComparison.Ordinal);

        var blank = Path.Combine(_dir, "blank.csv");
        File.WriteAllText(blank, "text,sentiment\n,negative\n  ,positive\n");
        e = Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(TableFile.Read(blank), Options(2), null));
        Assert.Contains("--text: column 'text'", e.Message, StringComparison.Ordinal);
        Assert.Contains("blank in every row", e.Message, StringComparison.Ordinal);

        var rare = Path.Combine(_dir, "rare.csv");
        File.WriteAllText(rare, "text,sentiment\na,x\nb,x\nc,x\nd,y\n");
        e = Assert.Throws<InvalidDataException>(() => TrainTextFromTable.Run(TableFile.Read(rare), Options(3), null));
        Assert.Contains("--folds: 3 stratified folds need at least 3 rows of each class", e.Message, StringComparison.Ordinal);
        Assert.Contains("'y' (1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnotherKindOfModel_IsRefused()
    {
        var table = TableFile.Read(WriteMessages(_dir, 60, 5));
        var path = Path.Combine(_dir, "m.zip");
        TrainTextFromTable.Run(table, Options(2), path);
        Assert.Equal("text", ModelFile.ReadMetadata(path).Kind);
        Assert.Throws<InvalidDataException>(() => Valora.Data.Churn.ChurnModel.Load(path));
    }
}
