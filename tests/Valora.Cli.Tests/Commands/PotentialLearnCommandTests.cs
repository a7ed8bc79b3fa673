using System.Globalization;
using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

public sealed class PotentialLearnCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-plearn-").FullName;

    string Db => Path.Combine(_dir, "valora.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Learn_OnTheDemo_ComparesTheLearnersOnTheHoldout_AndStoresEachCustomersComponents()
    {
        Assert.Equal(0, (await ValoraProcess.RunAsync("--db", Db, "demo", "generate", "--customers", "300", "--seed", "7")).Code);

        var learn = await ValoraProcess.RunAsync("--db", Db, "potential", "learn", "--format", "json");

        Assert.True(learn.Code == 0, learn.Err);
        using var json = JsonDocument.Parse(learn.Out);
        var root = json.RootElement;
        var asOf = DateOnly.Parse(root.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(90, root.GetProperty("windowDays").GetInt32());
        Assert.Equal(asOf.AddDays(-90), DateOnly.Parse(root.GetProperty("holdoutCutoff").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(asOf.AddDays(-180), DateOnly.Parse(root.GetProperty("trainingCutoff").GetString()!, CultureInfo.InvariantCulture));
        var (training, holdout, customers) = (root.GetProperty("trainingRows").GetInt32(), root.GetProperty("holdoutRows").GetInt32(), root.GetProperty("customers").GetInt32());
        Assert.True(training > 13 && training <= holdout && holdout <= customers && customers <= 300, learn.Out);

        // Three learners × three components; on this seeded demo the linear fit of B beats "the next window like the last".
        var rows = root.GetProperty("holdout").EnumerateArray().ToArray();
        Assert.Equal(9, rows.Length);
        Assert.All(rows, r => Assert.InRange(r.GetProperty("rmse").GetDouble(), r.GetProperty("mae").GetDouble(), double.MaxValue));
        var linearB = rows.Single(r => r.GetProperty("learner").GetString() == "linear" && r.GetProperty("component").GetString() == "purchase");
        Assert.True(linearB.GetProperty("beats").GetBoolean(), linearB.ToString());
        Assert.InRange(linearB.GetProperty("r2").GetDouble(), 0.2, 1);
        Assert.Equal(12, root.GetProperty("linear").GetArrayLength());
        Assert.Equal(3, root.GetProperty("scoring").GetArrayLength());

        // The table form says what it fitted and where the scores went; a re-run replaces them.
        var table = await ValoraProcess.RunAsync("--db", Db, "potential", "learn", "--learners", "linear");
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("Linear fit on the latest window", table.Out, StringComparison.Ordinal);
        var messages = table.Err.ReplaceLineEndings(" ");   // the message console wraps long lines
        Assert.Contains($"scored {customers} customers as of {asOf:yyyy-MM-dd} with purchase by linear,", messages, StringComparison.Ordinal);
        Assert.Contains("potential_learned-w90-lin.lin.lin-", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learn_WithABadLearnerWindowOrEmptyDatabase_ExitsNonZeroNamingTheOption()
    {
        Assert.Equal(0, (await ValoraProcess.RunAsync("--db", Db, "db", "migrate")).Code);

        var empty = await ValoraProcess.RunAsync("--db", Db, "potential", "learn");
        Assert.Equal(1, empty.Code);
        Assert.Contains("valora: error: There are no completed orders to learn from.", empty.Err, StringComparison.Ordinal);

        var learner = await ValoraProcess.RunAsync("--db", Db, "potential", "learn", "--learners", "linear,svm");
        Assert.Equal(1, learner.Code);
        Assert.Equal("valora: error: --learners: 'svm' is not a learner: use linear, fasttree or lightgbm.", learner.Err.Trim());

        var window = await ValoraProcess.RunAsync("--db", Db, "potential", "learn", "--window-days", "7");
        Assert.Equal(1, window.Code);
        Assert.Equal("valora: error: --window-days: windowDays must be between 30 and 730 but was 7.", window.Err.Trim());
    }
}
