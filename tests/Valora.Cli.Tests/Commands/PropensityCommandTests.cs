using System.Globalization;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Scores;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora propensity train</c> on a small demo database, and its parameter errors.</summary>
public sealed class PropensityCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-propensity-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    /// <summary>
    /// The demo's products have categories, so the run learns them: every learner is reported beside the baseline on
    /// the same folds, left-out categories have fewer buyers than folds, and the stored scores are one top category per
    /// customer, the first of its stored top three, with the counts the command printed.
    /// </summary>
    [Fact]
    public async Task Train_OnTheDemo_ReportsLearnersBesideTheBaselineAndStoresEveryCustomersNextCategory()
    {
        var demo = await ValoraProcess.RunAsync("--db", _db, "demo", "generate", "--customers", "300", "--seed", "7");
        Assert.True(demo.Code == 0, demo.Err);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "propensity", "train", "--window-days", "180", "--folds", "3", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var version = root.GetProperty("version").GetString()!;
        Assert.StartsWith("propensity-", version, StringComparison.Ordinal);
        Assert.Contains($"scores stored as {version}", stderr, StringComparison.Ordinal);
        Assert.Equal(180, root.GetProperty("windowDays").GetInt32());
        var asOf = DateOnly.Parse(root.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(asOf.AddDays(-180), DateOnly.Parse(root.GetProperty("trainedAsOf").GetString()!, CultureInfo.InvariantCulture));
        var classes = root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.InRange(classes.Length, 2, 10);
        Assert.All(root.GetProperty("droppedClasses").EnumerateArray(), d =>
        {
            Assert.DoesNotContain(d.GetProperty("category").GetString(), classes);
            Assert.InRange(d.GetProperty("customers").GetInt32(), 1, 2);
        });
        Assert.InRange(root.GetProperty("trainingCustomers").GetInt32(), 3 * classes.Length, root.GetProperty("customersBeforeTraining").GetInt32());

        var cv = root.GetProperty("crossValidation").EnumerateArray().ToArray();
        Assert.Equal(["lightgbm", "baseline", "maxent"], cv.Select(l => l.GetProperty("model").GetString()));
        Assert.All(cv, l =>
        {
            Assert.Equal(3, l.GetProperty("folds").GetInt32());
            Assert.InRange(l.GetProperty("macroF1").GetDouble(), 0, 1);
            Assert.InRange(l.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.InRange(l.GetProperty("top3Accuracy").GetDouble(), l.GetProperty("accuracy").GetDouble(), 1);
            Assert.True(l.GetProperty("logLoss").GetDouble() > 0);
        });
        Assert.Equal(root.GetProperty("trainer").GetString(),
            cv.Where(l => l.GetProperty("model").GetString() != "baseline").MaxBy(l => l.GetProperty("macroF1").GetDouble()).GetProperty("model").GetString());

        // The purchase probability, trained on its own label beside it: four churn learners cross-validated.
        var buy = root.GetProperty("buy");
        var buyCv = buy.GetProperty("crossValidation").EnumerateArray().ToArray();
        Assert.Equal(["lr", "fasttree", "fastforest", "lightgbm"], buyCv.Select(l => l.GetProperty("trainer").GetString()));
        Assert.Equal(buy.GetProperty("trainer").GetString(), buyCv.MaxBy(l => l.GetProperty("rocAuc").GetDouble()).GetProperty("trainer").GetString());
        Assert.All(buyCv, l => Assert.InRange(l.GetProperty("rocAuc").GetDouble(), 0, 1));
        Assert.InRange(buy.GetProperty("buyers").GetInt32(), 3, buy.GetProperty("trainingCustomers").GetInt32() - 3);
        var buyScored = buy.GetProperty("customersScored").GetInt32();

        var scored = root.GetProperty("customersScored").GetInt32();
        var printed = root.GetProperty("nextCategories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("category").GetString()!, c => c.GetProperty("customers").GetInt32(), StringComparer.Ordinal);
        Assert.Equal(scored, printed.Values.Sum());

        await using var db = ValoraDatabase.Parse(_db).CreateContext();
        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Propensity.Model);
        Assert.NotNull(run);
        // Every customer with a purchase has a purchase probability; those with a categorised one also a next category.
        Assert.Equal((version, asOf, buyScored), (run.Version, run.AsOf, run.Customers));
        var pBuy = await queries.NumbersAsync(run, Metrics.Propensity.BuyProbability);
        Assert.Equal(buyScored, pBuy.Count);
        Assert.Equal(buy.GetProperty("expectedBuyers").GetDouble(), pBuy.Values.Sum(), 6);
        Assert.InRange(scored, 1, buyScored);
        var top = await queries.LabelsAsync(run, Metrics.Propensity.NextCategory);
        var p = await queries.NumbersAsync(run, Metrics.Propensity.NextCategoryProbability);
        var top3 = await queries.LabelsAsync(run, Metrics.Propensity.TopCategories);
        Assert.Equal(scored, top.Count);
        Assert.All(top.Keys, id => Assert.True(pBuy.ContainsKey(id)));
        Assert.Equal(printed.OrderBy(kv => kv.Key, StringComparer.Ordinal), top.Values.CountBy(v => v).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.All(top, kv =>
        {
            var three = top3[kv.Key].Split("; ");
            Assert.Equal(3, three.Length);
            Assert.Equal(kv.Value, three[0]);
            Assert.All(three, c => Assert.Contains(c, classes));
            // The most likely of k classes has at least 1/k.
            Assert.InRange(p[kv.Key], 1.0 / classes.Length - 1e-9, 1);
        });
    }

    [Theory]
    [InlineData("--window-days", "0", "--window-days must be between 1 and 730 (got 0).")]
    [InlineData("--folds", "1", "--folds must be between 2 and 20 (got 1).")]
    [InlineData("--trainer", "svm", "--trainer: must be auto, lightgbm or maxent but was 'svm'.")]
    public async Task Train_BadParameter_NamesIt(string option, string value, string message)
    {
        // Checked before the database is opened, so none is needed.
        var (code, _, stderr) = await ValoraProcess.RunAsync("--db", _db, "propensity", "train", option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
