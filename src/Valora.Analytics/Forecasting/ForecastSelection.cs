using System.Globalization;

namespace Valora.Analytics.Forecasting;

/// <summary>The forecasting methods compared on the holdout.</summary>
public enum ForecastMethod
{
    /// <summary>The seasonal-naive baseline.</summary>
    SeasonalNaive,

    /// <summary>Holt-Winters with additive season.</summary>
    HoltWintersAdditive,

    /// <summary>Holt-Winters with multiplicative season.</summary>
    HoltWintersMultiplicative,
}

/// <summary>What to forecast and how to judge it.</summary>
public sealed record ForecastOptions
{
    /// <summary>Season length m in periods (7 for days, 52 for weeks, 12 for months).</summary>
    public int Period { get; init; } = 12;

    /// <summary>Periods to forecast past the last observation (default 12).</summary>
    public int Horizon { get; init; } = 12;

    /// <summary>Periods held out at the end to choose the model; null = the horizon, shortened so that two seasons remain to fit on.</summary>
    public int? Holdout { get; init; }

    /// <summary>Probability of the prediction interval (default 0.95).</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>The first option out of range as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        if (Period is < 2 or > 366)
        {
            return ("period", string.Create(CultureInfo.InvariantCulture, $"period must be between 2 and 366 but was {Period}."));
        }
        if (Horizon is < 1 or > ForecastPoint.MaxHorizon)
        {
            return ("horizon", string.Create(CultureInfo.InvariantCulture, $"horizon must be between 1 and {ForecastPoint.MaxHorizon} but was {Horizon}."));
        }
        if (Holdout is { } h && h is < 1 or > ForecastPoint.MaxHorizon)
        {
            return ("holdout", string.Create(CultureInfo.InvariantCulture, $"holdout must be between 1 and {ForecastPoint.MaxHorizon} but was {h}."));
        }
        return Level is > 0 and < 1 ? null
            : ("level", string.Create(CultureInfo.InvariantCulture, $"level must be in (0, 1) but was {Level}."));
    }

    /// <summary>The holdout length used for a series of <paramref name="length"/> points (see <see cref="Holdout"/>).</summary>
    public int HoldoutFor(int length) => Holdout ?? Math.Max(1, Math.Min(Horizon, length - 2 * Period));

    /// <summary>The fewest points the series needs: two seasons to fit on plus the holdout.</summary>
    public int MinimumLength => 2 * Period + (Holdout ?? 1);
}

/// <summary>One method's forecast of the holdout.</summary>
/// <param name="Method">The method.</param>
/// <param name="Parameters">α, β, γ fitted on the training part (null for seasonal naive).</param>
/// <param name="Errors">MAPE, sMAPE, MASE and MAE on the holdout.</param>
/// <param name="Forecast">The method's forecast of the holdout periods.</param>
public sealed record HoldoutCandidate(ForecastMethod Method, HoltWintersParameters? Parameters, ForecastErrors Errors, IReadOnlyList<double> Forecast);

/// <summary>A method left out of the comparison and why (e.g. multiplicative on a series with a zero).</summary>
/// <param name="Method">The method.</param>
/// <param name="Reason">Why it could not be fitted.</param>
public sealed record SkippedMethod(ForecastMethod Method, string Reason);

/// <summary>The outcome of <see cref="ForecastSelection.Run"/>.</summary>
/// <param name="Chosen">The Holt-Winters variant with the lowest holdout MASE.</param>
/// <param name="Fit">The chosen variant refitted on the whole series.</param>
/// <param name="Forecast">Its forecast past the end of the series with prediction intervals.</param>
/// <param name="Baseline">The seasonal-naive forecast over the same horizon.</param>
/// <param name="Holdout">Every method's holdout forecast and errors, the baseline first.</param>
/// <param name="Skipped">Methods that could not be fitted.</param>
/// <param name="HoldoutLength">Periods held out.</param>
/// <param name="Period">Season length m.</param>
/// <param name="Level">Interval probability.</param>
public sealed record ForecastResult(
    ForecastMethod Chosen,
    HoltWintersFit Fit,
    IReadOnlyList<ForecastPoint> Forecast,
    IReadOnlyList<ForecastPoint> Baseline,
    IReadOnlyList<HoldoutCandidate> Holdout,
    IReadOnlyList<SkippedMethod> Skipped,
    int HoldoutLength,
    int Period,
    double Level)
{
    /// <summary>The chosen method's holdout errors.</summary>
    public ForecastErrors ChosenErrors => Holdout.First(c => c.Method == Chosen).Errors;

    /// <summary>The seasonal-naive baseline's holdout errors.</summary>
    public ForecastErrors BaselineErrors => Holdout.First(c => c.Method == ForecastMethod.SeasonalNaive).Errors;

    /// <summary>Whether the chosen model's holdout MAE (hence MASE: same scale) is below the baseline's.</summary>
    public bool BeatsBaseline => ChosenErrors.Mae < BaselineErrors.Mae;
}

/// <summary>
/// Model choice on a holdout: the last H periods are held out, seasonal naive and both Holt-Winters variants are fitted
/// on the rest and forecast the holdout; the Holt-Winters variant with the lowest holdout MASE is chosen (MASE divides
/// every method's MAE by the same training scale, so this is the lowest MAE), refitted on the whole series and forecast
/// past its end. The baseline is reported beside it, not chosen: the issue asks Holt-Winters to beat it.
/// </summary>
public static class ForecastSelection
{
    /// <summary>Runs the comparison on <paramref name="y"/>; throws <see cref="ArgumentException"/> when the series is too short.</summary>
    public static ForecastResult Run(IReadOnlyList<double> y, ForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Check() is { } bad)
        {
            throw new ArgumentOutOfRangeException(bad.Field, bad.Rule);
        }
        var m = options.Period;
        var holdout = options.HoldoutFor(y.Count);
        if (y.Count - holdout < 2 * m)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The series has {y.Count} periods; fitting on two seasons (2 × {m}) and holding out {holdout} needs at least {2 * m + holdout}."), nameof(y));
        }
        var train = y.Take(y.Count - holdout).ToArray();
        var actual = y.Skip(y.Count - holdout).ToArray();

        var candidates = new List<HoldoutCandidate>();
        var skipped = new List<SkippedMethod>();
        var naive = SeasonalNaive.Forecast(train, m, holdout, options.Level).Select(p => p.Mean).ToArray();
        candidates.Add(new HoldoutCandidate(ForecastMethod.SeasonalNaive, null, ForecastAccuracy.Measure(actual, naive, train, m), naive));
        foreach (var (method, seasonality) in new[] { (ForecastMethod.HoltWintersAdditive, Seasonality.Additive), (ForecastMethod.HoltWintersMultiplicative, Seasonality.Multiplicative) })
        {
            try
            {
                // The whole series must suit the variant, since the chosen one is refitted on all of it.
                HoltWinters.CheckSeries(y, m, seasonality);
                var fit = HoltWinters.Fit(train, m, seasonality);
                var forecast = Enumerable.Range(1, holdout).Select(h => fit.Final.Forecast(h, seasonality)).ToArray();
                if (forecast.Any(f => !double.IsFinite(f)))
                {
                    skipped.Add(new SkippedMethod(method, "The fitted model's holdout forecast is not finite."));
                    continue;
                }
                candidates.Add(new HoldoutCandidate(method, fit.Parameters, ForecastAccuracy.Measure(actual, forecast, train, m), forecast));
            }
            catch (ArgumentException e)
            {
                skipped.Add(new SkippedMethod(method, e.Message.Split(" (Parameter", 2)[0]));
            }
        }
        var best = candidates.Where(c => c.Method != ForecastMethod.SeasonalNaive).MinBy(c => c.Errors.Mae)
            ?? throw new ArgumentException("No Holt-Winters variant could be fitted: " + string.Join(" ", skipped.Select(s => s.Reason)), nameof(y));
        var chosenSeasonality = best.Method == ForecastMethod.HoltWintersAdditive ? Seasonality.Additive : Seasonality.Multiplicative;
        var full = HoltWinters.Fit(y, m, chosenSeasonality);
        return new ForecastResult(
            best.Method,
            full,
            HoltWinters.Forecast(full, options.Horizon, options.Level),
            SeasonalNaive.Forecast(y, m, options.Horizon, options.Level),
            candidates,
            skipped,
            holdout,
            m,
            options.Level);
    }
}
