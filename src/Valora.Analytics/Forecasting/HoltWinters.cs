using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Valora.Analytics.Forecasting;

/// <summary>How the seasonal component of a Holt-Winters model combines with level and trend.</summary>
public enum Seasonality
{
    /// <summary>ŷ = ℓ + h·b + s: the seasonal swing is a constant amount.</summary>
    Additive,

    /// <summary>ŷ = (ℓ + h·b)·s: the seasonal swing is a constant proportion (needs a positive series).</summary>
    Multiplicative,
}

/// <summary>
/// Smoothing parameters of the component form of Holt-Winters (Hyndman &amp; Athanasopoulos, "Forecasting: principles and
/// practice", 3rd ed., §8.3), each in [0, 1]: α for the level, β (β* in the book) for the trend, γ for the season.
/// </summary>
/// <param name="Alpha">Level smoothing α.</param>
/// <param name="Beta">Trend smoothing β* (the innovations form's β is α·β*).</param>
/// <param name="Gamma">Seasonal smoothing γ.</param>
public sealed record HoltWintersParameters(double Alpha, double Beta, double Gamma)
{
    /// <summary>The first parameter outside [0, 1] as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        foreach (var (name, v) in new[] { ("alpha", Alpha), ("beta", Beta), ("gamma", Gamma) })
        {
            if (!(v >= 0 && v <= 1))
            {
                return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [0, 1] but was {v}."));
            }
        }
        return null;
    }
}

/// <summary>
/// The state after an observation: level ℓ_t, trend b_t and the next m seasonal terms, <c>Season[j]</c> being the one
/// used for the observation j + 1 steps ahead (so <c>Season[0]</c> is s_{t+1−m}).
/// </summary>
/// <param name="Level">Level ℓ_t.</param>
/// <param name="Trend">Trend (slope per period) b_t.</param>
/// <param name="Season">The next m seasonal terms, the next step's first.</param>
public sealed record HoltWintersState(double Level, double Trend, IReadOnlyList<double> Season)
{
    /// <summary>The season length m.</summary>
    public int Period => Season.Count;

    /// <summary>The point forecast h ≥ 1 steps ahead: ℓ + h·b + s (additive) or (ℓ + h·b)·s (multiplicative).</summary>
    public double Forecast(int h, Seasonality seasonality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1);
        var s = Season[(h - 1) % Period];
        var trend = Level + h * Trend;
        return seasonality == Seasonality.Additive ? trend + s : trend * s;
    }
}

/// <summary>A Holt-Winters model fitted to a series: its parameters, the final state and the one-step in-sample errors.</summary>
/// <param name="Seasonality">Additive or multiplicative.</param>
/// <param name="Parameters">The fitted α, β, γ.</param>
/// <param name="Initial">The heuristic state before the first observation (see <see cref="HoltWinters.InitialState"/>).</param>
/// <param name="Final">The state after the last observation, from which forecasts start.</param>
/// <param name="Fitted">One-step-ahead in-sample forecasts ŷ_{t|t−1}, one per observation.</param>
/// <param name="Residuals">One-step errors e_t = y_t − ŷ_{t|t−1}, one per observation.</param>
/// <param name="Sse">Σ e_t², the quantity minimised.</param>
public sealed record HoltWintersFit(
    Seasonality Seasonality,
    HoltWintersParameters Parameters,
    HoltWintersState Initial,
    HoltWintersState Final,
    IReadOnlyList<double> Fitted,
    IReadOnlyList<double> Residuals,
    double Sse)
{
    /// <summary>The one-step error variance σ̂² = SSE / n (the maximum-likelihood estimate).</summary>
    public double Sigma2 => Sse / Residuals.Count;
}

/// <summary>
/// Holt-Winters exponential smoothing with additive trend and additive or multiplicative season, in the component form
/// of "Forecasting: principles and practice" §8.3:
/// <code>
/// additive:       ℓ_t = α(y_t − s_{t−m}) + (1−α)(ℓ_{t−1} + b_{t−1})
///                 b_t = β(ℓ_t − ℓ_{t−1}) + (1−β)b_{t−1}
///                 s_t = γ(y_t − ℓ_{t−1} − b_{t−1}) + (1−γ)s_{t−m}
/// multiplicative: ℓ_t = α(y_t / s_{t−m}) + (1−α)(ℓ_{t−1} + b_{t−1})
///                 b_t = β(ℓ_t − ℓ_{t−1}) + (1−β)b_{t−1}
///                 s_t = γ(y_t / (ℓ_{t−1} + b_{t−1})) + (1−γ)s_{t−m}
/// </code>
/// α, β, γ are fitted by minimising the in-sample sum of squared one-step errors: a coarse grid, then Nelder-Mead
/// (MathNet.Numerics) on the logits of the parameters from the best grid point.
/// </summary>
public static class HoltWinters
{
    static readonly double[] AlphaGrid = [0.05, 0.2, 0.4, 0.6, 0.8, 0.95];
    static readonly double[] BetaGrid = [0.001, 0.01, 0.05, 0.15, 0.3];
    static readonly double[] GammaGrid = [0.001, 0.05, 0.15, 0.3, 0.5, 0.8];

    /// <summary>
    /// One update of the state by observation <paramref name="y"/>; returns the new state and the one-step forecast
    /// ŷ_{t|t−1} that was made before seeing y.
    /// </summary>
    public static (HoltWintersState State, double Forecast) Update(HoltWintersState state, double y, HoltWintersParameters parameters, Seasonality seasonality)
    {
        var m = state.Period;
        var season = new double[m];
        for (var j = 1; j < m; j++)
        {
            season[j - 1] = state.Season[j];
        }
        var (level, trend, s) = UpdateCore(state.Level, state.Trend, state.Season[0], y, parameters.Alpha, parameters.Beta, parameters.Gamma, seasonality, out var forecast);
        season[m - 1] = s;
        return (new HoltWintersState(level, trend, season), forecast);
    }

    static (double Level, double Trend, double Season) UpdateCore(double level, double trend, double sOld, double y, double alpha, double beta, double gamma, Seasonality seasonality, out double forecast)
    {
        var baseline = level + trend;
        double newLevel, newSeason;
        if (seasonality == Seasonality.Additive)
        {
            forecast = baseline + sOld;
            newLevel = alpha * (y - sOld) + (1 - alpha) * baseline;
            newSeason = gamma * (y - baseline) + (1 - gamma) * sOld;
        }
        else
        {
            forecast = baseline * sOld;
            newLevel = alpha * (y / sOld) + (1 - alpha) * baseline;
            newSeason = gamma * (y / baseline) + (1 - gamma) * sOld;
        }
        var newTrend = beta * (newLevel - level) + (1 - beta) * trend;
        return (newLevel, newTrend, newSeason);
    }

    /// <summary>
    /// The heuristic state before the first observation, from the first two seasons (needs n ≥ 2m): with season means
    /// ȳ₁ and ȳ₂, b₀ = (ȳ₂ − ȳ₁)/m and ℓ₀ = ȳ₁ − b₀(m + 1)/2 (ȳ₁ is the line's value at the first season's centre);
    /// the season term of position i (1..m) is the mean over both seasons of y − (ℓ₀ + t·b₀) (additive, which sums to 0
    /// by construction) or y / (ℓ₀ + t·b₀) (multiplicative, then divided by its mean so that the terms average 1).
    /// </summary>
    public static HoltWintersState InitialState(IReadOnlyList<double> y, int period, Seasonality seasonality)
    {
        CheckSeries(y, period, seasonality);
        var m = period;
        double mean1 = 0, mean2 = 0;
        for (var i = 0; i < m; i++)
        {
            mean1 += y[i];
            mean2 += y[m + i];
        }
        mean1 /= m;
        mean2 /= m;
        var trend = (mean2 - mean1) / m;
        var level = mean1 - trend * (m + 1) / 2.0;
        var season = new double[m];
        for (var i = 0; i < m; i++)
        {
            var line1 = level + (i + 1) * trend;
            var line2 = level + (i + 1 + m) * trend;
            if (seasonality == Seasonality.Additive)
            {
                season[i] = ((y[i] - line1) + (y[m + i] - line2)) / 2;
            }
            else
            {
                if (!(line1 > 0 && line2 > 0))
                {
                    throw new ArgumentException("The multiplicative model needs a positive initial trend line; the series falls too steeply over its first two seasons.", nameof(y));
                }
                season[i] = (y[i] / line1 + y[m + i] / line2) / 2;
            }
        }
        if (seasonality == Seasonality.Multiplicative)
        {
            var mean = season.Average();
            for (var i = 0; i < m; i++)
            {
                season[i] /= mean;
            }
        }
        return new HoltWintersState(level, trend, season);
    }

    /// <summary>Runs the model over the whole series from <paramref name="initial"/> with fixed parameters.</summary>
    public static HoltWintersFit Filter(IReadOnlyList<double> y, HoltWintersState initial, HoltWintersParameters parameters, Seasonality seasonality)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (parameters.Check() is { } bad)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), bad.Rule);
        }
        var state = initial;
        var fitted = new double[y.Count];
        var residuals = new double[y.Count];
        var sse = 0.0;
        for (var t = 0; t < y.Count; t++)
        {
            (state, fitted[t]) = Update(state, y[t], parameters, seasonality);
            residuals[t] = y[t] - fitted[t];
            sse += residuals[t] * residuals[t];
        }
        return new HoltWintersFit(seasonality, parameters, initial, state, fitted, residuals, sse);
    }

    /// <summary>Fits α, β, γ by minimising the in-sample SSE from the heuristic initial state (needs n ≥ 2m).</summary>
    public static HoltWintersFit Fit(IReadOnlyList<double> y, int period, Seasonality seasonality)
    {
        var initial = InitialState(y, period, seasonality);
        var values = y as double[] ?? [.. y];
        var season0 = initial.Season.ToArray();
        var ring = new double[period];

        double Sse(double alpha, double beta, double gamma)
        {
            Array.Copy(season0, ring, period);
            double level = initial.Level, trend = initial.Trend, sse = 0;
            for (var t = 0; t < values.Length; t++)
            {
                var k = t % period;
                (level, trend, var s) = UpdateCore(level, trend, ring[k], values[t], alpha, beta, gamma, seasonality, out var forecast);
                ring[k] = s;
                var e = values[t] - forecast;
                sse += e * e;
                if (!double.IsFinite(sse))
                {
                    return double.MaxValue;
                }
            }
            return sse;
        }

        var best = (A: 0.5, B: 0.1, G: 0.1, V: double.MaxValue);
        foreach (var a in AlphaGrid)
        {
            foreach (var b in BetaGrid)
            {
                foreach (var g in GammaGrid)
                {
                    var v = Sse(a, b, g);
                    if (v < best.V)
                    {
                        best = (a, b, g, v);
                    }
                }
            }
        }

        // Refine on logits (unconstrained), clamped a hair inside [0, 1] so that the logits stay finite.
        static double Logit(double p) => Math.Log(p / (1 - p));
        static double Expit(double x) => Math.Clamp(1 / (1 + Math.Exp(-x)), 1e-6, 1 - 1e-6);
        try
        {
            var objective = ObjectiveFunction.Value(v => Sse(Expit(v[0]), Expit(v[1]), Expit(v[2])));
            var start = Vector<double>.Build.Dense([Logit(best.A), Logit(best.B), Logit(best.G)]);
            var result = new NelderMeadSimplex(1e-10, 2000).FindMinimum(objective, start, Vector<double>.Build.Dense(3, 0.5));
            var p = result.MinimizingPoint;
            var value = result.FunctionInfoAtMinimum.Value;
            if (value < best.V)
            {
                best = (Expit(p[0]), Expit(p[1]), Expit(p[2]), value);
            }
        }
        catch (MaximumIterationsException)
        {
            // Keep the grid's best point: the simplex did not settle, but the grid point is a valid fit.
        }
        return Filter(y, initial, new HoltWintersParameters(best.A, best.B, best.G), seasonality);
    }

    /// <summary>
    /// Point forecasts 1..<paramref name="horizon"/> steps past the fit with prediction intervals at <paramref name="level"/>
    /// (e.g. 0.95). Additive: the analytic variance of ETS(A,A,A) (FPP §8.7, Table 8.8),
    /// σ_h² = σ̂²[1 + Σ_{j=1}^{h−1} c_j²] with c_j = α + jαβ + γ·[j mod m = 0], and ŷ ± z·σ_h. Multiplicative: a residual
    /// bootstrap — <paramref name="paths"/> future paths simulated through the model's own update equations with errors
    /// drawn from the in-sample one-step residuals (seeded, so the same fit gives the same band), and the band is the
    /// paths' quantiles.
    /// </summary>
    public static IReadOnlyList<ForecastPoint> Forecast(HoltWintersFit fit, int horizon, double level = 0.95, int paths = 2000, int seed = 20261204)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ForecastPoint.CheckHorizonAndLevel(horizon, level);
        return fit.Seasonality == Seasonality.Additive
            ? AnalyticForecast(fit, horizon, level)
            : BootstrapForecast(fit, horizon, level, paths, seed);
    }

    /// <summary>The additive model's h-step forecast variance σ_h² = σ̂²[1 + Σ_{j=1}^{h−1}(α + jαβ + γ·[j mod m = 0])²].</summary>
    public static double AdditiveVariance(HoltWintersParameters parameters, int period, double sigma2, int h)
    {
        var betaInnovation = parameters.Alpha * parameters.Beta;
        var sum = 1.0;
        for (var j = 1; j < h; j++)
        {
            var c = parameters.Alpha + j * betaInnovation + (j % period == 0 ? parameters.Gamma : 0);
            sum += c * c;
        }
        return sigma2 * sum;
    }

    static ForecastPoint[] AnalyticForecast(HoltWintersFit fit, int horizon, double level)
    {
        var z = ForecastPoint.NormalQuantile(level);
        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var mean = fit.Final.Forecast(h, Seasonality.Additive);
            var sd = Math.Sqrt(AdditiveVariance(fit.Parameters, fit.Final.Period, fit.Sigma2, h));
            points[h - 1] = new ForecastPoint(h, mean, mean - z * sd, mean + z * sd);
        }
        return points;
    }

    static ForecastPoint[] BootstrapForecast(HoltWintersFit fit, int horizon, double level, int paths, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 100);
        var random = new Random(seed);
        var residuals = fit.Residuals;
        var m = fit.Final.Period;
        var p = fit.Parameters;
        var simulated = new double[horizon][];
        for (var h = 0; h < horizon; h++)
        {
            simulated[h] = new double[paths];
        }
        var ring = new double[m];
        for (var path = 0; path < paths; path++)
        {
            for (var j = 0; j < m; j++)
            {
                ring[j] = fit.Final.Season[j];
            }
            double l = fit.Final.Level, b = fit.Final.Trend;
            for (var h = 0; h < horizon; h++)
            {
                var k = h % m;
                var forecast = (l + b) * ring[k];
                var y = forecast + residuals[random.Next(residuals.Count)];
                simulated[h][path] = y;
                (l, b, ring[k]) = UpdateCore(l, b, ring[k], y, p.Alpha, p.Beta, p.Gamma, Seasonality.Multiplicative, out _);
            }
        }
        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var sorted = simulated[h - 1];
            Array.Sort(sorted);
            points[h - 1] = new ForecastPoint(h, fit.Final.Forecast(h, Seasonality.Multiplicative),
                ForecastPoint.Quantile(sorted, (1 - level) / 2), ForecastPoint.Quantile(sorted, (1 + level) / 2));
        }
        return points;
    }

    internal static void CheckSeries(IReadOnlyList<double> y, int period, Seasonality seasonality)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        if (y.Count < 2 * period)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Holt-Winters needs at least two full seasons (2 × {period} = {2 * period} points) but the series has {y.Count}."), nameof(y));
        }
        for (var t = 0; t < y.Count; t++)
        {
            if (!double.IsFinite(y[t]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The series has a non-finite value at position {t}."), nameof(y));
            }
            if (seasonality == Seasonality.Multiplicative && y[t] <= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The multiplicative model needs a positive series; position {t} is {y[t]}."), nameof(y));
            }
        }
    }
}
