using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora text train|score</c> on a small seeded table of messages whose class words carry the signal.</summary>
public sealed class TextCommandTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "valora-text-cli-" + Guid.NewGuid().ToString("N"));

    public TextCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly string[] Filler = ["the", "flight", "was", "today", "and", "my", "bag", "seat", "crew", "again"];
    static readonly Dictionary<string, string[]> Words = new(StringComparer.Ordinal)
    {
        ["positive"] = ["great", "thanks", "love", "awesome"],
        ["negative"] = ["delayed", "rude", "lost", "worst"],
        ["neutral"] = ["when", "which", "question", "how"],
    };

    string Messages(int n, int seed, string name)
    {
        var rng = new Random(seed);
        var classes = Words.Keys.Order(StringComparer.Ordinal).ToArray();
        var csv = new StringBuilder("id,sentiment,message,airline\n");
        for (var i = 0; i < n; i++)
        {
            var cls = classes[i % classes.Length];
            var words = Enumerable.Range(0, 8).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
            for (var k = 0; k < 2 + rng.Next(2); k++) words[rng.Next(words.Count)] = Words[cls][rng.Next(Words[cls].Length)];
            csv.Append(CultureInfo.InvariantCulture, $"m{i},{cls},\"{string.Join(' ', words)}, \"\"ok\"\"\",{(i % 4 == 0 ? "United" : "Delta")}\n");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public async Task TrainThenScore_PrintsCvMetricsAsJsonSavesTheModelAndWritesEveryRowsPrediction()
    {
        var data = Messages(300, 1, "train.csv");
        var model = Path.Combine(_dir, "m.zip");
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("text", "train", "--data", data, "--text", "message", "--label", "sentiment",
            "--folds", "3", "--out", model, "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(300, root.GetProperty("rows").GetInt32());
        Assert.Equal(3, root.GetProperty("folds").GetInt32());
        Assert.Equal("WordsAndCharacters", root.GetProperty("analyzer").GetString());
        Assert.InRange(root.GetProperty("mean").GetProperty("accuracy").GetDouble(), 0.9, 1);
        Assert.InRange(root.GetProperty("mean").GetProperty("macro_f1").GetDouble(), 0.9, 1);
        var matrix = root.GetProperty("confusion").GetProperty("matrix");
        Assert.Equal(3, matrix.GetArrayLength());
        Assert.Equal(300, matrix.EnumerateArray().Sum(r => r.EnumerateArray().Sum(v => v.GetInt64())));
        Assert.Equal(["negative", "neutral", "positive"], root.GetProperty("confusion").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, root.GetProperty("perClass").GetArrayLength());
        var negative = root.GetProperty("topTerms").EnumerateArray().Single(c => c.GetProperty("class").GetString() == "negative");
        Assert.Contains(negative.GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("term").GetString()), t => Words["negative"].Contains(t));
        Assert.True(File.Exists(model));

        var fresh = Messages(30, 2, "new.csv");
        var scored = Path.Combine(_dir, "scored.csv");
        (code, _, stderr) = await ValoraProcess.RunAsync("text", "score", "--model", model, "--data", fresh, "--text", "message", "--id", "id", "--out", scored);
        Assert.True(code == 0, stderr);
        Assert.Contains("30 rows classified", stderr, StringComparison.Ordinal);
        var lines = File.ReadAllLines(scored);
        Assert.Equal("id,label,probability,top_terms,p_negative,p_neutral,p_positive", lines[0]);
        Assert.Equal(31, lines.Length);
        var truth = File.ReadAllLines(fresh).Skip(1).Select(l => l.Split(',')[1]).ToArray();
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.True(rows.Zip(truth).Count(p => p.First[1] == p.Second) >= 27, "at least 27 of 30 new messages classified right");
        // Top terms may hold a comma (a quoted field), so the probabilities are read from the end of the line.
        foreach (var r in rows)
        {
            var p = r[^3..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1, p.Sum(), 4);
            Assert.Equal(p.Max(), double.Parse(r[2], CultureInfo.InvariantCulture), 6);
        }
    }

    [Fact]
    public async Task Score_WithoutText_UsesTheTrainedColumnAndPrintsRows()
    {
        var data = Messages(90, 3, "train.csv");
        var model = Path.Combine(_dir, "m.zip");
        var (code, _, stderr) = await ValoraProcess.RunAsync("text", "train", "--data", data, "--text", "message", "--label", "sentiment", "--folds", "2",
            "--where", "airline=Delta", "--out", model);
        Assert.True(code == 0, stderr);
        Assert.Contains("where airline = Delta", stderr, StringComparison.Ordinal);
        (code, var stdout, stderr) = await ValoraProcess.RunAsync("--format", "csv", "text", "score", "--model", model, "--data", data);
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(91, lines.Length);
        Assert.StartsWith("2,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--text body", "--text: '", "no column 'body'")]
    [InlineData("--label mood", "--label: '", "no column 'mood'")]
    [InlineData("--folds 1", "--folds must be between 2 and 20 (got 1).", "")]
    [InlineData("--where airline", "--where must be <column>=<value> (got 'airline').", "")]
    [InlineData("--where airline=KLM", "--where: no row of '", "airline = 'KLM'")]
    [InlineData("--analyzer bpe", "--analyzer must be auto, chars or words (got 'bpe').", "")]
    public async Task Train_BadInput_FailsNamingTheOptionAndRule(string change, string expected, string alsoExpected)
    {
        var data = Messages(30, 4, "train.csv");
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { ["--text"] = "message", ["--label"] = "sentiment", ["--folds"] = "2" };
        var parts = change.Split(' ');
        args[parts[0]] = parts[1];
        var (code, stdout, stderr) = await ValoraProcess.RunAsync(["text", "train", "--data", data, .. args.SelectMany(a => new[] { a.Key, a.Value })]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("valora: error: " + expected, stderr, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_OneClassOnly_FailsNamingTheLabelColumn()
    {
        var data = Path.Combine(_dir, "one.csv");
        File.WriteAllLines(data, ["message,sentiment", "late again,negative", "lost my bag,negative", "rude crew,negative"]);
        var (code, _, stderr) = await ValoraProcess.RunAsync("text", "train", "--data", data, "--text", "message", "--label", "sentiment", "--folds", "2");
        Assert.Equal(1, code);
        Assert.Contains("--label: column 'sentiment' holds one class only ('negative') in the 3 rows kept; a classifier needs at least two classes.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainOnTicketRecords_ThenScoreInteractions_StoresPerCustomerClasses()
    {
        var db = Path.Combine(_dir, "demo.db");
        var load = await ValoraProcess.RunAsync("--db", db, "demo", "generate", "--customers", "300", "--seed", "7");
        Assert.True(load.Code == 0, load.Err);
        var model = Path.Combine(_dir, "tickets.zip");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", db, "text", "train", "--records", "tickets", "--folds", "3", "--out", model, "--format", "json");

        Assert.True(code == 0, stderr);
        using var trained = JsonDocument.Parse(stdout);
        var root = trained.RootElement;
        // The demo's ticket texts are drawn from one phrase list per kind, so the kind is learnable from the text alone.
        Assert.Equal(["Complaint", "Feedback", "Inquiry"], root.GetProperty("confusion").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.InRange(root.GetProperty("mean").GetProperty("accuracy").GetDouble(), 0.95, 1);
        var rows = root.GetProperty("rows").GetInt32();
        Assert.True(rows > 30, stdout);

        // Before a day early in the history, fewer tickets are read.
        var early = await ValoraProcess.RunAsync("--db", db, "text", "train", "--records", "tickets", "--as-of", "2025-01-01", "--folds", "2", "--format", "json");
        if (early.Code == 0)
        {
            using var e = JsonDocument.Parse(early.Out);
            Assert.InRange(e.RootElement.GetProperty("rows").GetInt32(), 1, rows - 1);
        }
        else
        {
            Assert.Contains("valora: error: ", early.Err, StringComparison.Ordinal);
        }

        var scored = await ValoraProcess.RunAsync("--db", db, "text", "score-interactions", "--model", model, "--inbound-only", "--top", "5", "--format", "json");
        Assert.True(scored.Code == 0, scored.Err);
        using var run = JsonDocument.Parse(scored.Out);
        var r = run.RootElement;
        Assert.True(r.GetProperty("stored").GetBoolean());
        Assert.True(r.GetProperty("inboundOnly").GetBoolean());
        var messages = r.GetProperty("messages").GetInt32();
        Assert.True(messages > 0, scored.Out);
        Assert.Equal(messages, r.GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("messages").GetInt32()));
        Assert.Equal(1, r.GetProperty("classes").EnumerateArray().Sum(c => c.GetProperty("share").GetDouble()), 9);
        Assert.InRange(r.GetProperty("top").GetArrayLength(), 1, 5);

        var wrong = await ValoraProcess.RunAsync("--db", db, "text", "score-interactions", "--model", model, "--negative", "angry");
        Assert.Equal(1, wrong.Code);
        Assert.Contains("valora: error: --negative: the model has no class 'angry' (its classes: Complaint, Feedback, Inquiry).", wrong.Err, StringComparison.Ordinal);
        var both = await ValoraProcess.RunAsync("--db", db, "text", "train", "--records", "tickets", "--data", model);
        Assert.Equal(1, both.Code);
        Assert.Contains("valora: error: give either --data <file.csv> or --records tickets|interactions|surveys (one of the two).", both.Err, StringComparison.Ordinal);
        var source = await ValoraProcess.RunAsync("--db", db, "text", "train", "--records", "emails");
        Assert.Contains("valora: error: --records must be tickets, interactions or surveys (got 'emails').", source.Err, StringComparison.Ordinal);
    }
}
