namespace Valora.Analytics.Clv;

/// <summary>
/// The output of <see cref="HistoryBuilder"/>: one <see cref="CustomerHistory"/> per customer whose first purchase falls
/// on or before the calibration end, ordered by customer id, with aligned per-customer extras for holdout validation.
/// </summary>
public sealed class PurchaseHistories
{
    /// <summary>Calibration-period summaries (x, tₓ, T, z̄) in model time units, ordered by customer id.</summary>
    public required CustomerHistory[] Histories { get; init; }

    /// <summary>First purchase day of each customer (aligned with <see cref="Histories"/>).</summary>
    public required DateOnly[] FirstPurchaseDates { get; init; }

    /// <summary>Last day of the calibration period (purchases on this day are in calibration).</summary>
    public required DateOnly CalibrationEnd { get; init; }

    /// <summary>Last day of the holdout period, or null when none was asked for.</summary>
    public DateOnly? HoldoutEnd { get; init; }

    /// <summary>Days per model time unit the histories were built with.</summary>
    public required double DaysPerUnit { get; init; }

    /// <summary>Holdout length t* = (holdout end − calibration end) in days / <see cref="DaysPerUnit"/>; 0 without holdout.</summary>
    public double HoldoutSpan { get; init; }

    /// <summary>Repeat purchase occasions (distinct days) of each customer after the calibration end up to and including
    /// the holdout end (aligned with <see cref="Histories"/>); null without holdout.</summary>
    public int[]? HoldoutRepeatPurchases { get; init; }

    /// <summary>First day of tracking period 0: the earliest first purchase of the included customers.</summary>
    public required DateOnly TrackingStart { get; init; }

    /// <summary>Length of one tracking period in days.</summary>
    public required int TrackingPeriodDays { get; init; }

    /// <summary>Repeat purchase occasions of the included customers per tracking period k, covering days
    /// [start + k·P, start + (k+1)·P), up to the holdout end (or the calibration end without holdout). The last period
    /// is partial when the span is not a whole number of periods.</summary>
    public required int[] RepeatPurchasesPerPeriod { get; init; }
}
