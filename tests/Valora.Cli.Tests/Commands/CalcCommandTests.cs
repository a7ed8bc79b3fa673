using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

public sealed class CalcCommandTests
{
    [Fact]
    public async Task CalcClv_WorkedExample_PrintsTheCorrectDiscountedValueAsJson()
    {
        // 900/1.1 + 720/1.1² + 1080/1.1³ = 818.1818… + 595.0413… + 811.4200… = 2224.6431… (not the article's 2221.27).
        var (code, stdout, _) = await ValoraProcess.RunAsync("calc", "clv", "--profits", "900,720,1080", "--rate", "0.10", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(2224.64, json.RootElement.GetProperty("clv").GetDouble());
        Assert.Equal(2224.6431, json.RootElement.GetProperty("clvExact").GetDouble(), 4);
    }

    [Fact]
    public async Task CalcClv_AnnualRateConvertedToQuarters_DiscountsEachQuarter()
    {
        // 10 % a year is (1.1)^(1/4) − 1 a quarter; four quarters of 100 then sum to 100 · Σ 1.1^(−k/4), k = 1..4.
        var expected = Enumerable.Range(1, 4).Sum(k => 100 * Math.Pow(1.1, -k / 4.0));
        var (code, stdout, _) = await ValoraProcess.RunAsync(
            "calc", "clv", "--profits", "100,100,100,100", "--rate", "0.10", "--annual-rate-per", "Quarter", "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(expected, json.RootElement.GetProperty("clvExact").GetDouble(), 9);
    }

    [Fact]
    public async Task CalcPotential_TheIssueExample_Is53Point2AndBadWeightsNameTheOption()
    {
        // 0.5·100 + 0.3·10 + 0.2·1 = 50 + 3 + 0.2.
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("calc", "potential", "--purchase", "100", "--referral", "10", "--maintenance", "1", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(53.2, json.RootElement.GetProperty("potentialValue").GetDouble(), 9);

        var bad = await ValoraProcess.RunAsync("calc", "potential", "--purchase", "100", "--referral", "10", "--maintenance", "1", "--gamma", "-1");
        Assert.Equal(1, bad.Code);
        Assert.Equal("valora: error: --gamma: gamma must be a finite number ≥ 0 but was -1.", bad.Err.Trim());
    }

    [Fact]
    public async Task CalcSimple_BusinessFormula_AsCsv()
    {
        // 50 × 4 × 3 × 0.3 − 20 − 5 × 3 = 180 − 20 − 15 = 145.
        var (code, stdout, _) = await ValoraProcess.RunAsync(
            "calc", "simple", "--aov", "50", "--orders-per-period", "4", "--lifespan", "3", "--margin", "0.3",
            "--acquisition-cost", "20", "--retention-cost", "5", "--format", "csv");

        Assert.Equal(0, code);
        Assert.Equal(["Name,Value", "LifetimeValue,145"], stdout.Trim().Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public async Task CalcClv_AnEmptyItem_IsAnErrorNotADroppedPeriod()
    {
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("calc", "clv", "--profits", "1,,2", "--rate", "0.1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("valora: error: --profits: item 2 is empty (a period or score left out would shift every later one).", stderr.Trim());
    }

    [Fact]
    public async Task CalcClv_BadNumber_FailsWithAOneLineReasonOnStderr()
    {
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("calc", "clv", "--profits", "900,x", "--rate", "0.1");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("valora: error: --profits: item 2 'x' is not a number (use '.' for decimals, ',' between items).", stderr.Trim());
    }
}
