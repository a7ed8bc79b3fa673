using Valora.Analytics.Forecasting;

namespace Valora.Analytics.Tests.Forecasting;

public sealed class ForecastSelectionTests
{
    [Fact]
    public void Run_TrendPlusSeason_HoltWintersBeatsSeasonalNaive()
    {
        // Seasonal naive ignores the trend of 3 a month, so on a 12-month holdout it is off by 36 every month
        // (MASE ≈ 1: the in-sample seasonal differences are also ≈ 36); Holt-Winters is off by about the noise (sd 2).
        var y = Synthetic.AdditiveMonthly(years: 6, seed: 7);

        var result = ForecastSelection.Run(y, new ForecastOptions { Period = 12, Horizon = 12, Holdout = 12 });

        Assert.Equal(12, result.HoldoutLength);
        Assert.True(result.BeatsBaseline);
        Assert.Equal(ForecastMethod.HoltWintersAdditive, result.Chosen);
        Assert.InRange(result.BaselineErrors.Mae, 30, 42);
        Assert.InRange(result.BaselineErrors.Mase!.Value, 0.85, 1.15);
        Assert.True(result.ChosenErrors.Mase < 0.25, $"MASE {result.ChosenErrors.Mase}");
        Assert.True(result.ChosenErrors.Smape < result.BaselineErrors.Smape);
        Assert.True(result.ChosenErrors.Mape < result.BaselineErrors.Mape);
        // Forecast past t = 72: the truth at t = 73 (January) is 200 + 219 − 20 = 399, at t = 84 (December) 200 + 252 − 20 = 432.
        Assert.InRange(result.Forecast[0].Mean, 393, 405);
        Assert.InRange(result.Forecast[11].Mean, 424, 440);
        Assert.True(result.Forecast[0].Lower < 399 && 399 < result.Forecast[0].Upper);
        Assert.Equal(12, result.Baseline.Count);
        Assert.Equal(3, result.Holdout.Count);
        Assert.Equal(ForecastMethod.SeasonalNaive, result.Holdout[0].Method);
    }

    [Fact]
    public void Run_MultiplicativeSeason_ChoosesMultiplicative()
    {
        // The seasonal swing grows with the level (from ±30 % of 100 to ±30 % of 244), which an additive season cannot follow.
        var y = Synthetic.MultiplicativeMonthly(years: 6, seed: 9);

        var result = ForecastSelection.Run(y, new ForecastOptions { Period = 12, Horizon = 6 });

        Assert.Equal(6, result.HoldoutLength);
        Assert.Equal(ForecastMethod.HoltWintersMultiplicative, result.Chosen);
        var additive = result.Holdout.Single(c => c.Method == ForecastMethod.HoltWintersAdditive);
        Assert.True(result.ChosenErrors.Mae < additive.Errors.Mae);
        Assert.True(result.BeatsBaseline);
    }

    [Fact]
    public void Run_SeriesWithZero_SkipsMultiplicativeAndSaysWhy()
    {
        var y = Synthetic.AdditiveMonthly(years: 4, seed: 1);
        y[5] = 0;

        var result = ForecastSelection.Run(y, new ForecastOptions { Period = 12, Horizon = 3 });

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(ForecastMethod.HoltWintersMultiplicative, skipped.Method);
        Assert.Contains("positive", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(ForecastMethod.HoltWintersAdditive, result.Chosen);
    }

    [Fact]
    public void Run_TooShort_ThrowsNamingTheNeed()
    {
        var e = Assert.Throws<ArgumentException>(() => ForecastSelection.Run(new double[30], new ForecastOptions { Period = 12, Holdout = 12 }));
        Assert.Contains("at least 36", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Check_NamesTheField()
    {
        Assert.Equal("horizon", new ForecastOptions { Horizon = 0 }.Check()?.Field);
        Assert.Equal("holdout", new ForecastOptions { Holdout = 0 }.Check()?.Field);
        Assert.Equal("level", new ForecastOptions { Level = 1 }.Check()?.Field);
        Assert.Equal("period", new ForecastOptions { Period = 1 }.Check()?.Field);
        Assert.Null(new ForecastOptions().Check());
    }
}
