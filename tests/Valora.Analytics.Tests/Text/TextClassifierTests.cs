using Valora.Analytics.Text;

namespace Valora.Analytics.Tests.Text;

public class TextClassifierTests
{
    static readonly string[] Filler = ["the", "flight", "was", "today", "and", "my", "bag", "seat", "crew", "again"];
    static readonly string[] Good = ["great", "thanks", "love", "awesome", "perfect"];
    static readonly string[] Bad = ["delayed", "rude", "lost", "cancelled", "worst"];

    /// <summary>Messages of eight words: two or three class words among filler, seeded.</summary>
    internal static (string[] Texts, string[] Labels) English(int n, int seed)
    {
        var rng = new Random(seed);
        var texts = new string[n];
        var labels = new string[n];
        for (var i = 0; i < n; i++)
        {
            var positive = i % 2 == 0;
            var vocabulary = positive ? Good : Bad;
            var words = Enumerable.Range(0, 8).Select(_ => Filler[rng.Next(Filler.Length)]).ToList();
            for (var k = 0; k < 2 + rng.Next(2); k++) words[rng.Next(words.Count)] = vocabulary[rng.Next(vocabulary.Length)];
            texts[i] = string.Join(' ', words);
            labels[i] = positive ? "positive" : "negative";
        }
        return (texts, labels);
    }

    static (string[] Texts, string[] Labels) Chinese(int n, int seed)
    {
        string[] filler = ["这个", "东西", "收到", "了", "快递", "今天", "包装"];
        string[] good = ["很好", "满意", "喜欢", "不错"];
        string[] bad = ["太差", "失望", "退货", "破损"];
        var rng = new Random(seed);
        var texts = new string[n];
        var labels = new string[n];
        for (var i = 0; i < n; i++)
        {
            var positive = i % 2 == 0;
            var vocabulary = positive ? good : bad;
            var parts = Enumerable.Range(0, 6).Select(_ => filler[rng.Next(filler.Length)]).ToList();
            parts[rng.Next(parts.Count)] = vocabulary[rng.Next(vocabulary.Length)];
            texts[i] = string.Concat(parts);
            labels[i] = positive ? "1" : "0";
        }
        return (texts, labels);
    }

    [Fact]
    public void Train_EnglishMessages_LearnsTheClassWordsAndPredictsNewMessages()
    {
        var (texts, labels) = English(400, seed: 1);
        var model = TextClassifier.Train(texts, labels, new TextTrainingOptions());
        Assert.Equal(TextAnalyzer.WordsAndCharacters, model.Analyzer);
        Assert.Equal(["negative", "positive"], model.Classes);
        var (newTexts, newLabels) = English(200, seed: 2);
        var predictions = model.Predict(newTexts);
        var accuracy = predictions.Zip(newLabels).Count(p => p.First.Label == p.Second) / 200.0;
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
        foreach (var p in predictions)
        {
            Assert.Equal(1, p.Probabilities.Sum(), 9);
            Assert.Equal(p.Probabilities.Max(), p.Probability);
            Assert.InRange(p.TopTerms.Count, 1, 3);
        }
        var top = model.TopTerms(5).Single(c => c.Class == "positive").Terms.Select(t => t.Term).ToArray();
        Assert.Contains(top, t => Good.Any(g => t.Contains(g, StringComparison.Ordinal)));
        Assert.DoesNotContain(top, t => Bad.Any(b => t.Contains(b, StringComparison.Ordinal)));
        var rude = model.Predict(["the crew was rude and my bag lost"], topTerms: 3).Single();
        Assert.Equal("negative", rude.Label);
        Assert.Contains(rude.TopTerms, t => t.Term.Contains("rude", StringComparison.Ordinal) || t.Term.Contains("lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_ChineseReviews_UsesCharacterNgramsWithoutASegmenter()
    {
        var (texts, labels) = Chinese(400, seed: 1);
        var model = TextClassifier.Train(texts, labels, new TextTrainingOptions());
        Assert.Equal(TextAnalyzer.Characters, model.Analyzer);
        var (newTexts, newLabels) = Chinese(200, seed: 2);
        var accuracy = model.Predict(newTexts, 0).Zip(newLabels).Count(p => p.First.Label == p.Second) / 200.0;
        Assert.True(accuracy >= 0.95, $"accuracy {accuracy}");
        var good = model.TopTerms(8).Single(c => c.Class == "1").Terms.Select(t => t.Term).ToArray();
        Assert.Contains(good, t => t is "很好" or "满意" or "喜欢" or "不错" or "满" or "喜" or "错" or "好");
        var p = model.Predict(["收到了，包装破损，太差，失望"], 2).Single();
        Assert.Equal("0", p.Label);
    }

    [Fact]
    public void Train_IsDeterministicForASeed_AndTemperatureOnlyChangesConfidence()
    {
        var (texts, labels) = English(200, seed: 5);
        var a = TextClassifier.Train(texts, labels, new TextTrainingOptions { Seed = 3 });
        var b = TextClassifier.Train(texts, labels, new TextTrainingOptions { Seed = 3 });
        var (probe, _) = English(50, seed: 6);
        Assert.Equal(a.Probabilities(probe), b.Probabilities(probe));
        var warm = a.WithCalibration(new TemperatureScaling(3));
        var hot = a.Predict(probe, 0);
        var soft = warm.Predict(probe, 0);
        for (var i = 0; i < probe.Length; i++)
        {
            Assert.Equal(hot[i].Label, soft[i].Label);
            Assert.True(soft[i].Probability <= hot[i].Probability + 1e-12);
        }
    }

    [Fact]
    public void Train_OneClassOnly_IsRefusedNamingTheClass()
    {
        var e = Assert.Throws<ArgumentException>(() => TextClassifier.Train(["a b", "c d"], ["x", "x"], new TextTrainingOptions()));
        Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextClassifier.Train(["a", "b"], ["x", "y"], new TextTrainingOptions { CharacterNgrams = 9 }));
    }

    [Fact]
    public void CrossValidation_ThreeFolds_ReportsMetricsAndAPooledConfusionMatrix()
    {
        var (texts, labels) = English(300, seed: 9);
        var folds = TextFolds.Assign(labels, 3, 1);
        var report = TextCrossValidation.Run(texts, labels, folds, new TextTrainingOptions());
        Assert.Equal(3, report.PerFold.Count);
        Assert.True(report.Mean["accuracy"] >= 0.9, $"accuracy {report.Mean["accuracy"]}");
        Assert.InRange(report.Mean["macro_f1"], 0.85, 1);
        Assert.Equal(300, report.Pooled.Total);
        // The temperature cannot change which class wins, so the pooled accuracy is the same before and after it.
        Assert.Equal(report.Uncalibrated.Accuracy, report.Pooled.Accuracy);
        Assert.True(report.Pooled.LogLoss <= report.Uncalibrated.LogLoss + 1e-12);
    }
}
