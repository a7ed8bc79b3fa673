namespace Valora.Analytics.Clv;

/// <summary>Predicted vs actual repeat purchases in a holdout period (see <see cref="HoldoutValidation"/>).</summary>
public sealed class HoldoutReport
{
    /// <summary>Holdout length t* in model time units.</summary>
    public required double HoldoutSpan { get; init; }

    /// <summary>E[Y(t*) | x, tₓ, T] per customer (aligned with the histories).</summary>
    public required double[] Predicted { get; init; }

    /// <summary>Actual repeat purchase occasions per customer in the holdout.</summary>
    public required int[] Actual { get; init; }

    /// <summary>Σ predicted over all customers.</summary>
    public required double TotalPredicted { get; init; }

    /// <summary>Σ actual over all customers.</summary>
    public required long TotalActual { get; init; }

    /// <summary>Mean |predicted − actual| per customer.</summary>
    public required double MeanAbsoluteError { get; init; }

    /// <summary>√(mean (predicted − actual)²) per customer.</summary>
    public required double RootMeanSquaredError { get; init; }

    /// <summary>Conditional expectations by calibration frequency: x = 0, 1, …, 6 and 7+ (FHL 2005, Figure 4).</summary>
    public required IReadOnlyList<FrequencyBucket> Buckets { get; init; }
}

/// <summary>Mean predicted and actual holdout purchases of the customers with a given calibration frequency.</summary>
/// <param name="Label">"0" … "6" or "7+".</param>
/// <param name="MinRepeatPurchases">Smallest x in the bucket.</param>
/// <param name="MaxRepeatPurchases">Largest x in the bucket, or null for the open last bucket.</param>
/// <param name="Customers">Customers in the bucket (0 leaves the means NaN).</param>
/// <param name="MeanPredicted">Mean E[Y(t*)] in the bucket.</param>
/// <param name="MeanActual">Mean actual holdout repeat purchases in the bucket.</param>
public sealed record FrequencyBucket(
    string Label, int MinRepeatPurchases, int? MaxRepeatPurchases, int Customers, double MeanPredicted, double MeanActual);

/// <summary>Cumulative repeat purchases of the cohort at the end of tracking period <paramref name="Period"/>.</summary>
/// <param name="Period">1-based period number (period 1 ends <c>TrackingPeriodDays</c> days after the tracking start).</param>
/// <param name="ExpectedCumulative">Σ over customers of E[X(age at the period end)] (0 before a customer's first purchase).</param>
/// <param name="ActualCumulative">Actual repeat occasions up to the period end.</param>
public readonly record struct TrackingPoint(int Period, double ExpectedCumulative, long ActualCumulative);
