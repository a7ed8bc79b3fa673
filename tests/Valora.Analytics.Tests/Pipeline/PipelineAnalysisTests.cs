using Valora.Analytics.Pipeline;

namespace Valora.Analytics.Tests.Pipeline;

/// <summary>
/// The pipeline report on nine deals worked by hand at 2024-06-15: four open (one overdue, one unscheduled, one idle
/// 45 days), three won (one before the 365-day window, one with no close date), one lost.
/// </summary>
public sealed class PipelineAnalysisTests
{
    static readonly string[] Stages = ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"];
    static readonly DateOnly AsOf = new(2024, 6, 15);

    static DateOnly D(int y, int m, int d) => new(y, m, d);

    static readonly Deal[] Deals =
    [
        new(1, "A", "proposal", DealState.Open, 1000, 0.5, D(2024, 6, 30), D(2024, 5, 1), null, D(2024, 6, 10), "ann"),
        new(2, "B", "negotiation", DealState.Open, 2000, 0.75, D(2024, 7, 20), D(2024, 4, 1), null, D(2024, 5, 1), "bob"),
        new(3, "C", "prospecting", DealState.Open, 500, 0.1, null, D(2024, 6, 1), null, D(2024, 6, 1), null),
        new(4, "D", "qualification", DealState.Open, 800, 0.25, D(2024, 6, 1), D(2024, 5, 20), null, D(2024, 6, 14), "ann"),
        new(5, "E", "won", DealState.Won, 3000, 1, null, D(2024, 1, 1), D(2024, 3, 1), D(2024, 3, 1), "ann"),
        new(6, "F", "lost", DealState.Lost, 1500, 0, null, D(2024, 2, 1), D(2024, 4, 1), D(2024, 4, 1), "bob"),
        new(7, "G", "won", DealState.Won, 1000, 1, null, D(2023, 1, 1), D(2023, 3, 1), D(2023, 3, 1), "carl"),
        new(8, "H", "won", DealState.Won, 600, 1, null, D(2024, 1, 1), null, D(2024, 1, 1), null),
        new(9, "I", "won", DealState.Won, 400, 1, null, D(2024, 5, 1), D(2024, 6, 10), D(2024, 6, 10), "bob"),
    ];

    [Fact]
    public void OpenPipeline_IsSummedAndWeightedPerStage()
    {
        var r = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages));
        // Open: 1000 + 2000 + 500 + 800; weighted 500 + 1500 + 50 + 200.
        Assert.Equal((4, 4300.0, 2250.0), (r.OpenDeals, r.OpenAmount, r.Weighted));
        Assert.Equal(
            [("prospecting", 1, 500.0, 50.0), ("qualification", 1, 800, 200), ("proposal", 1, 1000, 500), ("negotiation", 1, 2000, 1500), ("won", 0, 0, 0), ("lost", 0, 0, 0)],
            r.Stages.Select(s => (s.Stage, s.Deals, s.Amount, s.Weighted)));
    }

    [Fact]
    public void Forecast_BucketsByExpectedCloseWithOverdueFirstAndUnscheduledLast()
    {
        var monthly = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages));
        Assert.Equal(
            [("overdue", 1, 800.0, 200.0), ("2024-06", 1, 1000, 500), ("2024-07", 1, 2000, 1500), ("unscheduled", 1, 500, 50)],
            monthly.Forecast.Select(b => (b.Period, b.Deals, b.Amount, b.Weighted)));
        var quarterly = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages, ForecastPeriod.Quarter));
        Assert.Equal(["overdue", "2024-Q2", "2024-Q3", "unscheduled"], quarterly.Forecast.Select(b => b.Period));
        Assert.Equal([null, D(2024, 4, 1), D(2024, 7, 1), null], quarterly.Forecast.Select(b => b.Start));
        Assert.Equal(monthly.Weighted, monthly.Forecast.Sum(b => b.Weighted));
    }

    [Fact]
    public void WinRateAndCycle_CountDealsClosedInTheWindow()
    {
        var r = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages));
        // Won 5 (3000) and 9 (400), lost 6 (1500); 7 closed before 2023-06-16, 8 has no close date.
        Assert.Equal((2, 1, 3400.0, 1500.0), (r.WinRate.Won, r.WinRate.Lost, r.WinRate.WonAmount, r.WinRate.LostAmount));
        Assert.Equal(2.0 / 3, r.WinRate.ByCount!.Value, 12);
        Assert.Equal(3400.0 / 4900, r.WinRate.ByAmount!.Value, 12);
        // 2024-01-01 → 2024-03-01 is 31 + 29 = 60 days (leap year); 2024-05-01 → 2024-06-10 is 40.
        Assert.Equal((50.0, 50.0), (r.MeanCycleDays, r.MedianCycleDays));
        Assert.Equal(1, r.ClosedUndated);
        // A 1000-day window takes deal 7 (59 days: 2023-01-01 → 03-01) in: cycles 40, 59, 60.
        var wide = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages, WindowDays: 1000));
        Assert.Equal((3, 159.0 / 3, 59.0), (wide.WinRate.Won, wide.MeanCycleDays!.Value, wide.MedianCycleDays!.Value));
    }

    [Fact]
    public void OwnersAndStaleDeals()
    {
        var r = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages));
        Assert.Equal(
            [("(none)", 1, 500.0, 50.0, 0, 0, (double?)null), ("ann", 2, 1800, 700, 1, 0, 1.0), ("bob", 1, 2000, 1500, 1, 1, 0.5)],
            r.Owners.Select(o => (o.Owner, o.OpenDeals, o.OpenAmount, o.Weighted, o.Won, o.Lost, o.WinRateByCount)));
        Assert.Equal([(2L, 45)], r.Stale.Select(s => (s.Id, s.IdleDays)));
        var strict = PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages, StaleDays: 4));
        Assert.Equal([(2L, 45), (3L, 14), (1L, 5)], strict.Stale.Select(s => (s.Id, s.IdleDays)));
    }

    [Fact]
    public void NoDeals_GiveZerosAndNullRates()
    {
        var r = PipelineAnalysis.Analyse([], new PipelineOptions(AsOf, Stages));
        Assert.Equal((0, 0.0, 0.0, null, null, null), (r.OpenDeals, r.OpenAmount, r.Weighted, r.WinRate.ByCount, r.WinRate.ByAmount, r.MeanCycleDays));
        Assert.Empty(r.Forecast);
        Assert.Equal(6, r.Stages.Count);
    }

    [Theory]
    [InlineData("unknown", 100, 0.5, "stage 'unknown'")]
    [InlineData("proposal", -1, 0.5, "amount")]
    [InlineData("proposal", 100, 1.5, "probability")]
    [InlineData("proposal", double.NaN, 0.5, "amount")]
    public void BadDeals_AreRefusedNamingTheDealAndRule(string stage, double amount, double probability, string expected)
    {
        var deal = new Deal(42, "X", stage, DealState.Open, amount, probability, null, AsOf, null, AsOf, null);
        var ex = Assert.Throws<ArgumentException>(() => PipelineAnalysis.Analyse([deal], new PipelineOptions(AsOf, Stages)));
        Assert.Contains("deal 42", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptions_AreRefused() =>
        Assert.Throws<ArgumentException>(() => PipelineAnalysis.Analyse(Deals, new PipelineOptions(AsOf, Stages, StaleDays: 0)));
}
