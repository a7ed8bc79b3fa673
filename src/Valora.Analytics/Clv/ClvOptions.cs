namespace Valora.Analytics.Clv;

/// <summary>Settings of <see cref="ClvCalculator"/>: horizon, margin, discounting and the uncertainty draws.</summary>
public sealed class ClvOptions
{
    /// <summary>Default <see cref="Periods"/>: 12.</summary>
    public const int DefaultPeriods = 12;

    /// <summary>Default <see cref="PeriodLength"/>: 30 days in weeks (lifetimes' month of 30 days).</summary>
    public const double DefaultPeriodLength = 30.0 / 7.0;

    /// <summary>Default <see cref="Draws"/>.</summary>
    public const int DefaultDraws = 200;

    /// <summary>H: number of discounting periods in the horizon, ≥ 1.</summary>
    public int Periods { get; init; } = DefaultPeriods;

    /// <summary>Length of one period in model time units (&gt; 0). Default 30/7: a 30-day month when the unit is weeks.</summary>
    public double PeriodLength { get; init; } = DefaultPeriodLength;

    /// <summary>m: profit margin applied to spend, in [0, 1]; 1 when spend already is profit. Default 1.</summary>
    public double Margin { get; init; } = 1;

    /// <summary>d: discount rate per period, ≥ 0 (e.g. 0.01 = 1 % per month). Default 0.01.</summary>
    public double DiscountRate { get; init; } = 0.01;

    /// <summary>N: parameter draws for the intervals, ≥ 20. Default 200.</summary>
    public int Draws { get; init; } = DefaultDraws;

    /// <summary>Seed of the parameter draws (results are reproducible for a seed). Default 20050101.</summary>
    public int Seed { get; init; } = 20050101;

    internal void Validate()
    {
        if (Periods < 1)
        {
            throw new ArgumentException("Periods must be ≥ 1.", nameof(Periods));
        }
        if (!(PeriodLength > 0) || double.IsInfinity(PeriodLength))
        {
            throw new ArgumentException("PeriodLength must be finite and > 0 (model time units).", nameof(PeriodLength));
        }
        if (!(Margin >= 0 && Margin <= 1))
        {
            throw new ArgumentException("Margin must be in [0, 1].", nameof(Margin));
        }
        if (!(DiscountRate >= 0) || double.IsInfinity(DiscountRate))
        {
            throw new ArgumentException("DiscountRate must be finite and ≥ 0.", nameof(DiscountRate));
        }
        if (Draws < 20)
        {
            throw new ArgumentException("Draws must be ≥ 20 for 2.5 %/97.5 % quantiles to mean anything.", nameof(Draws));
        }
    }
}
