using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora campaign plan</c>, <c>attribute</c> and <c>results</c> on a generated demo, and a bad share.</summary>
public sealed class CampaignPlanCommandTests : IDisposable
{
    readonly string _db = Path.Combine(Path.GetTempPath(), $"valora-cli-plan-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public async Task Plan_OnTheDemo_HoldsOutTheShareAndIsMeasuredAfterAttribution()
    {
        var load = await ValoraProcess.RunAsync("--db", _db, "demo", "generate", "--customers", "300", "--seed", "7");
        Assert.True(load.Code == 0, load.Err);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", _db, "campaign", "plan", "--name", "Win-back", "--channel", "email",
            "--rule", "orders >= 1", "--starts", "2026-05-01", "--control-share", "0.2", "--seed", "3", "--id", "winback", "--budget", "250", "--format", "json");

        Assert.True(code == 0, stderr);
        using var planned = JsonDocument.Parse(stdout);
        var p = planned.RootElement;
        int Get(string name) => p.GetProperty(name).GetInt32();
        var reachable = Get("targeted") - Get("withoutConsent");
        Assert.True(reachable > 20, stdout);
        Assert.Equal((int)Math.Round(0.2 * reachable, MidpointRounding.AwayFromZero), Get("control"));
        Assert.Equal(reachable, Get("contacted") + Get("control"));

        var attributed = await ValoraProcess.RunAsync("--db", _db, "campaign", "attribute", "winback", "--window-days", "60", "--format", "json");
        Assert.True(attributed.Code == 0, attributed.Err);
        using var a = JsonDocument.Parse(attributed.Out);
        Assert.Equal((Get("contacted"), Get("control")), (a.RootElement.GetProperty("contacted").GetInt32(), a.RootElement.GetProperty("control").GetInt32()));

        var results = await ValoraProcess.RunAsync("--db", _db, "campaign", "results", "--campaign", "winback", "--format", "json");
        Assert.True(results.Code == 0, results.Err);
        using var r = JsonDocument.Parse(results.Out);
        Assert.Equal(a.RootElement.GetProperty("contactedConverted").GetInt32(), r.RootElement.GetProperty("treatment").GetProperty("conversions").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("controlConverted").GetInt32(), r.RootElement.GetProperty("control").GetProperty("conversions").GetInt32());
        Assert.Equal(250.0, r.RootElement.GetProperty("cost").GetDouble());

        var bad = await ValoraProcess.RunAsync("--db", _db, "campaign", "plan", "--name", "X", "--channel", "email", "--rule", "orders >= 1",
            "--starts", "2026-05-01", "--control-share", "1.5");
        Assert.Equal(1, bad.Code);
        Assert.Contains("controlShare: must be between 0 and 1", bad.Err, StringComparison.Ordinal);
    }
}
