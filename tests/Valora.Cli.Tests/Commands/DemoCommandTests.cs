using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Valora.Cli.Tests.Commands;

/// <summary>The analyst's tour end to end on a real SQLite file: demo → rfm → kpi → clv.</summary>
public sealed class DemoCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public async Task Demo_ThenRfmKpiAndClv_AllWorkOnTheLoadedDatabase()
    {
        var demo = await ValoraProcess.RunAsync("--db", _db, "demo", "--customers", "400", "--seed", "7", "--format", "json");
        Assert.True(demo.Code == 0, demo.Err);
        using (var report = JsonDocument.Parse(demo.Out))
        {
            var root = report.RootElement;
            Assert.InRange(root.GetProperty("customers").GetInt32(), 300, 400);
            Assert.InRange(root.GetProperty("gini").GetDouble(), 0, 1);
            Assert.True(root.GetProperty("totalClv").GetDouble() > 0);
            Assert.Equal(4, root.GetProperty("purchaseModel").GetProperty("estimates").GetArrayLength());
        }

        // Running the demo again changes nothing: every record is unchanged.
        var again = await ValoraProcess.RunAsync("--db", _db, "demo", "generate", "--customers", "400", "--seed", "7", "--format", "csv");
        Assert.True(again.Code == 0, again.Err);
        var loaded = again.Out.Trim().Split('\n').Skip(1).Select(l => l.Trim().Split(',')).ToList();
        Assert.NotEmpty(loaded);
        Assert.All(loaded, row => Assert.Equal(("0", "0"), (row[2], row[3])));

        var nps = await ValoraProcess.RunAsync("--db", _db, "nps", "--format", "json");
        Assert.True(nps.Code == 0, nps.Err);
        using (var json = JsonDocument.Parse(nps.Out))
        {
            var overall = json.RootElement.GetProperty("overall");
            var answers = overall.GetProperty("answers").GetInt32();
            Assert.True(answers > 0, "the demo has NPS answers");
            Assert.Equal(answers, overall.GetProperty("promoters").GetInt32() + overall.GetProperty("passives").GetInt32() + overall.GetProperty("detractors").GetInt32());
            Assert.Equal(100.0 * (overall.GetProperty("promoters").GetInt32() - overall.GetProperty("detractors").GetInt32()) / answers,
                overall.GetProperty("score").GetDouble(), 9);
        }
        var campaigns = await ValoraProcess.RunAsync("--db", _db, "campaign", "list", "--format", "json");
        Assert.True(campaigns.Code == 0, campaigns.Err);
        using (var json = JsonDocument.Parse(campaigns.Out))
        {
            Assert.Contains(json.RootElement.EnumerateArray(), c => c.GetProperty("contacted").GetInt32() > 0 && c.GetProperty("control").GetInt32() > 0);
        }

        var rfm = await ValoraProcess.RunAsync("--db", _db, "rfm", "--format", "json");
        Assert.True(rfm.Code == 0, rfm.Err);
        using (var segments = JsonDocument.Parse(rfm.Out))
        {
            var total = segments.RootElement.EnumerateArray().Sum(s => s.GetProperty("customers").GetInt32());
            Assert.InRange(total, 300, 400);
        }

        var kpi = await ValoraProcess.RunAsync("--db", _db, "kpi", "--from", "2026-01-01", "--to", "2026-07-01", "--format", "json");
        Assert.True(kpi.Code == 0, kpi.Err);
        using (var k = JsonDocument.Parse(kpi.Out))
        {
            Assert.InRange(k.RootElement.GetProperty("retention").GetProperty("retentionRate").GetDouble(), 0, 1);
        }

        var score = await ValoraProcess.RunAsync("--db", _db, "clv", "score", "--horizon", "26", "--top", "3", "--format", "json", "--no-intervals");
        Assert.True(score.Code == 0, score.Err);
        using (var top = JsonDocument.Parse(score.Out))
        {
            var clvs = top.RootElement.EnumerateArray().Select(e => e.GetProperty("clv").GetDouble()).ToList();
            Assert.Equal(3, clvs.Count);
            Assert.Equal(clvs.OrderDescending(), clvs);
        }
    }

    [Fact]
    public async Task Demo_AsATable_EndsWithTheNpsAndTheCampaignsAgainstTheirControlGroups()
    {
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "demo", "--customers", "200", "--seed", "3");

        Assert.True(code == 0, stderr);
        Assert.Contains("Net Promoter Score", stdout, StringComparison.Ordinal);
        Assert.Contains("Campaigns against their control groups", stdout, StringComparison.Ordinal);
        Assert.Contains("Churn tiers as of 2026-0", stdout, StringComparison.Ordinal);
        Assert.Contains("CV ROC AUC 0.", stdout, StringComparison.Ordinal);
        Assert.Contains("Clusters as of 2026-0", stdout, StringComparison.Ordinal);
        Assert.Matches(@"k = [2-8] by silhouette, silhouette 0\.\d", stdout);
        Assert.Contains("Potential value as of 2026-0", stdout, StringComparison.Ordinal);
        Assert.Contains("= 0.5·B + 0.3·R + 0.2·M", stdout, StringComparison.Ordinal);
        // The components learned by the linear fit on 90-day windows, judged beside the naive predictions.
        Assert.Matches(@"Holdout: fitted on \d+ customers", stdout);
        Assert.Contains("Highest learned potential", stdout, StringComparison.Ordinal);   // the title wraps at the console width
        Assert.Contains("Lifecycle stages as of 2026-0", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Moves from 2026-0\d-\d\d \(rows\) to 2026-0", stdout);
        // Purchase cycles as valora cycle prints them: P(alive) from the BG/NBD fit above, the statuses adding up, and
        // the overdue list the first 20 of the overdue customers.
        Assert.Matches(@"Purchase cycles as of 2026-\d\d-\d\d: overdue past mean \+ 1·sd", stdout);
        var cycle = stdout[stdout.IndexOf("Purchase cycles as of", StringComparison.Ordinal)..];
        Assert.Matches(@"│ BtydModel\s+│ bgnbd-\d{8}T", cycle);
        int Printed(string field) => int.Parse(Regex.Match(cycle, $@"│ {field}\s+│ (\d+)\s").Groups[1].Value, CultureInfo.InvariantCulture);
        var overdue = Printed("Overdue");
        Assert.True(overdue > 0, "the demo has overdue customers");
        Assert.Equal(Printed("WithRhythm"), overdue + Printed("OnTrack"));
        Assert.Equal(Printed("Customers"), Printed("WithRhythm") + Printed("NoRhythm"));
        var listed = Regex.Match(cycle, @"Most overdue customers \((\d+) of (\d+);");
        Assert.True(listed.Success, "no overdue list printed");
        Assert.Equal((Math.Min(20, overdue), overdue), (int.Parse(listed.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(listed.Groups[2].Value, CultureInfo.InvariantCulture)));
        Assert.Contains("Repurchase cycle per category", cycle, StringComparison.Ordinal);
        Assert.Matches(@"Holdout: last \d+ weeks of \d+, season (52|13|4); hw-(additive|multiplicative) chosen", stdout);
        Assert.Contains("Forecast of revenue (", stdout, StringComparison.Ordinal);
        Assert.Contains("Weighted forecast by expected close", stdout, StringComparison.Ordinal);
        Assert.Contains("Item-based recommendations", stdout, StringComparison.Ordinal);
        // Planted duplicates: customers 100 and 200 repeat 99 and 199 (one in every hundred), all found.
        var duplicates = Regex.Match(stdout, @"(\d+) of (\d+) pairs scoring 0\.75 or more among 200 customers");
        Assert.True(duplicates.Success, "no duplicates printed");
        Assert.True(int.Parse(duplicates.Groups[2].Value, CultureInfo.InvariantCulture) >= 2, duplicates.Value);
        Assert.Matches(@"The 10 best of \d+ rules by lift \(all orders\)", stdout);
        Assert.Contains("│ Loyal ", stdout, StringComparison.Ordinal);

        // The demo's segments are stored: members listed, and a bad rule names --rule and the position.
        var segments = await ValoraProcess.RunAsync("--db", _db, "segment", "list", "--format", "json");
        Assert.True(segments.Code == 0, segments.Err);
        using (var list = JsonDocument.Parse(segments.Out))
        {
            Assert.Equal(["At risk", "High spender", "Loyal"], list.RootElement.EnumerateArray().Select(r => r.GetProperty("segment").GetString()));
            var loyal = list.RootElement.EnumerateArray().Single(r => r.GetProperty("segment").GetString() == "Loyal").GetProperty("customers").GetInt32();
            var members = await ValoraProcess.RunAsync("--db", _db, "segment", "members", "Loyal", "--format", "json");
            using var memberRows = JsonDocument.Parse(members.Out);
            Assert.Equal(loyal, memberRows.RootElement.GetArrayLength());
        }
        var badRule = await ValoraProcess.RunAsync("--db", _db, "segment", "create", "--name", "x", "--rule", "orders_12m >> 3");
        Assert.Equal(1, badRule.Code);
        Assert.Equal("valora: error: --rule: At position 13: 'orders_12m' is a number: expected a number such as 500, not '>'. (in: orders_12m >> 3)", badRule.Err.Trim());

        // lifecycle --compare lists who moved; the stage counts of the JSON add up to the customers who bought.
        var lifecycle = await ValoraProcess.RunAsync("--db", _db, "lifecycle", "--no-save", "--format", "json");
        Assert.True(lifecycle.Code == 0, lifecycle.Err);
        using (var stages = JsonDocument.Parse(lifecycle.Out))
        {
            Assert.Equal(["intro", "confirmation", "growth", "retention", "leaving"],
                stages.RootElement.EnumerateArray().Select(r => r.GetProperty("stage").GetString()));
            Assert.Equal(1, stages.RootElement.EnumerateArray().Sum(r => r.GetProperty("share").GetDouble()), 3);
        }
        var badStage = await ValoraProcess.RunAsync("--db", _db, "lifecycle", "--compare", "2026-01-01", "--from-stage", "dormant", "--to-stage", "leaving");
        Assert.Equal(1, badStage.Code);
        Assert.EndsWith("valora: error: --from-stage: 'dormant' is not a stage: use new, intro, confirmation, growth, retention, leaving.", badStage.Err.Trim(), StringComparison.Ordinal);

        // The stored run regrouped by cluster: every scored customer is in one group, the shares add up to 1.
        var show = await ValoraProcess.RunAsync("--db", _db, "potential", "show", "--by", "cluster", "--format", "json");
        Assert.True(show.Code == 0, show.Err);
        using var groups = JsonDocument.Parse(show.Out);
        var rows = groups.RootElement.EnumerateArray().ToArray();
        Assert.True(rows.Length >= 2, show.Out);
        Assert.Equal(1, rows.Sum(r => r.GetProperty("share").GetDouble()), 3);
        Assert.DoesNotContain(rows, r => r.GetProperty("group").GetString() == "(none)");
    }

    [Fact]
    public async Task PotentialScore_OnAnEmptyDatabaseOrWithABadWeight_ExitsNonZeroNamingTheCause()
    {
        Assert.Equal(0, (await ValoraProcess.RunAsync("--db", _db, "db", "migrate")).Code);

        var empty = await ValoraProcess.RunAsync("--db", _db, "potential", "score");
        Assert.Equal(1, empty.Code);
        Assert.EndsWith("valora: error: There are no completed orders to value. Import orders first: valora import orders <file> (or valora demo).", empty.Err.Trim(), StringComparison.Ordinal);

        var bad = await ValoraProcess.RunAsync("--db", _db, "potential", "score", "--horizon-years", "0");
        Assert.Equal(1, bad.Code);
        Assert.Equal("valora: error: --horizon-years: horizonYears must be between 1 and 30 but was 0.", bad.Err.Trim());
    }

    [Fact]
    public async Task ClvScore_OnAnEmptyDatabase_ExitsNonZeroWithTheReason()
    {
        Assert.Equal(0, (await ValoraProcess.RunAsync("--db", _db, "db", "migrate")).Code);

        var (code, _, stderr) = await ValoraProcess.RunAsync("--db", _db, "clv", "score");

        Assert.Equal(1, code);
        Assert.StartsWith("valora: error: No purchase model has been fitted", stderr.Trim(), StringComparison.Ordinal);

        // An out-of-range horizon is refused before any work (it once ran for minutes and ignored TERM).
        var huge = await ValoraProcess.RunAsync("--db", _db, "clv", "score", "--horizon", "1e9");
        Assert.Equal(1, huge.Code);
        Assert.Equal("valora: error: --horizon: The horizon must be a number in (0, 520] model time units (weeks by default: up to ten years); it was 1000000000.",
            huge.Err.Trim());
    }
}
