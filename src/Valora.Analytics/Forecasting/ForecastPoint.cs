using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Valora.Analytics.Forecasting;

/// <summary>One forecast step: the point forecast and its prediction interval.</summary>
/// <param name="Step">Steps ahead of the last observation (1 = the next period).</param>
/// <param name="Mean">The point forecast.</param>
/// <param name="Lower">The interval's lower bound.</param>
/// <param name="Upper">The interval's upper bound.</param>
public sealed record ForecastPoint(int Step, double Mean, double Lower, double Upper)
{
    /// <summary>The largest horizon accepted.</summary>
    public const int MaxHorizon = 1000;

    /// <summary>The two-sided standard normal quantile for a central interval of probability <paramref name="level"/>.</summary>
    public static double NormalQuantile(double level) => Normal.InvCDF(0, 1, (1 + level) / 2);

    /// <summary>The <paramref name="p"/>-quantile of a sorted sample, linear between order statistics (type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", nameof(sorted));
        }
        var position = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    internal static void CheckHorizonAndLevel(int horizon, double level)
    {
        if (horizon is < 1 or > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), string.Create(CultureInfo.InvariantCulture, $"horizon must be between 1 and {MaxHorizon} but was {horizon}."));
        }
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), string.Create(CultureInfo.InvariantCulture, $"level must be in (0, 1) but was {level}."));
        }
    }
}
