namespace Valora.Analytics.Value;

/// <summary>
/// Closed-form customer-value formulas. All money amounts are in one currency; rates are fractions per period
/// (0.10 = 10 %). Every formula is a plain function of its arguments.
/// </summary>
/// <remarks>
/// Discounting follows the usual net-present-value convention: a profit earned in period t (t = 1, 2, …, counted from
/// the start) is worth profit_t·(1 + r)^−t today, i.e. cash flows are treated as arriving at the END of their period
/// (the net-present-value form of customer lifetime value surveyed in Berger &amp; Nasr 1998, "Customer lifetime value:
/// marketing models and applications", J. Interactive Marketing 12(1); Gupta &amp; Lehmann 2003). The rate <c>r</c> must be the rate PER PERIOD of the profits passed in: yearly
/// profits take the annual rate, monthly profits take <see cref="PerPeriodRate(double, int)"/>(annual, 12).
/// </remarks>
public static class ValueFormulas
{
    /// <summary>Value of a single event (one order): revenue − cost. May be negative (a loss-making order).</summary>
    /// <param name="revenue">Revenue of the order, ≥ 0.</param>
    /// <param name="cost">Cost of serving the order, ≥ 0.</param>
    /// <exception cref="ArgumentException">A negative revenue or cost.</exception>
    public static decimal EventValue(decimal revenue, decimal cost)
    {
        if (revenue < 0)
        {
            throw new ArgumentException($"Revenue must be ≥ 0 but was {revenue.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(revenue));
        }
        if (cost < 0)
        {
            throw new ArgumentException($"Cost must be ≥ 0 but was {cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(cost));
        }
        return revenue - cost;
    }

    /// <summary>
    /// Converts an annual rate to the equivalent compound rate per sub-period: (1 + r)^(1/k) − 1, so that k periods at
    /// the returned rate compound to exactly one year at <paramref name="annualRate"/>. Example: 10 % a year is
    /// ≈ 0.7974 % a month (k = 12) and ≈ 2.4114 % a quarter (k = 4).
    /// </summary>
    /// <param name="annualRate">Annual rate as a fraction, &gt; −1 (0.10 = 10 %).</param>
    /// <param name="periodsPerYear">k: 1 (years), 4 (quarters), 12 (months), or any positive count.</param>
    public static double PerPeriodRate(double annualRate, int periodsPerYear)
    {
        RequireRate(annualRate, nameof(annualRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(periodsPerYear, 1);
        return Math.Pow(1.0 + annualRate, 1.0 / periodsPerYear) - 1.0;
    }

    /// <summary>The per-period rate for a <see cref="ValuePeriod"/>: <see cref="PerPeriodRate(double, int)"/>(annual, 12 / months of the period).</summary>
    public static double PerPeriodRate(double annualRate, ValuePeriod period) =>
        PerPeriodRate(annualRate, 12 / ValuePeriods.Months(period));

    /// <summary>
    /// Discounted (present) value of a profit stream: Σ_{t=1..n} profit_t·(1 + r)^−t, where
    /// <c>profitsPerPeriod[0]</c> is the profit of period 1 (end-of-period convention, see the type remarks).
    /// Worked example: profits 900, 720, 1080 at r = 0.10 give 900/1.1 + 720/1.21 + 1080/1.331 ≈ 2224.64.
    /// </summary>
    /// <param name="profitsPerPeriod">Profit of each period, in order; may be negative; empty gives 0.</param>
    /// <param name="ratePerPeriod">Discount rate per period of the profits (not annual unless the periods are years), &gt; −1.</param>
    public static double DiscountedValue(IReadOnlyList<double> profitsPerPeriod, double ratePerPeriod)
    {
        ArgumentNullException.ThrowIfNull(profitsPerPeriod);
        RequireRate(ratePerPeriod, nameof(ratePerPeriod));
        var factor = 1.0 / (1.0 + ratePerPeriod);
        var discount = 1.0;
        var sum = 0.0;
        for (var t = 0; t < profitsPerPeriod.Count; t++)
        {
            var p = profitsPerPeriod[t];
            if (!double.IsFinite(p))
            {
                throw new ArgumentException($"Profit of period {t + 1} is not a finite number ({p.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", nameof(profitsPerPeriod));
            }
            discount *= factor;
            sum += p * discount;
        }
        return sum;
    }

    /// <summary>Projects a value forward with constant growth: V·(1 + g)^n.</summary>
    /// <param name="value">V: the value now (any sign).</param>
    /// <param name="growthRate">g per period as a fraction, &gt; −1 (negative = decline).</param>
    /// <param name="periods">n ≥ 0 periods ahead (fractional allowed).</param>
    public static double ProjectWithGrowth(double value, double growthRate, double periods)
    {
        RequireRate(growthRate, nameof(growthRate));
        RequireFinite(value, nameof(value));
        if (!double.IsFinite(periods) || periods < 0)
        {
            throw new ArgumentException($"Periods must be a finite number ≥ 0 but was {periods.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(periods));
        }
        return value * Math.Pow(1.0 + growthRate, periods);
    }

    /// <summary>
    /// Present value of a growing profit stream: profit m in period 1 growing by g each period, discounted at r, for n
    /// periods: Σ_{t=1..n} m·(1 + g)^(t−1)·(1 + r)^−t (the growing-annuity present value; margins growing at a constant
    /// rate as in Gupta &amp; Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1)). Closed form m·(1 − q^n)/(r − g) with q = (1 + g)/(1 + r),
    /// and n·m/(1 + r) when g = r.
    /// </summary>
    /// <param name="firstPeriodProfit">m: profit in period 1 (any sign).</param>
    /// <param name="growthRate">g per period, &gt; −1.</param>
    /// <param name="ratePerPeriod">r per period, &gt; −1.</param>
    /// <param name="periods">n ≥ 0 whole periods.</param>
    public static double DiscountedGrowingStream(double firstPeriodProfit, double growthRate, double ratePerPeriod, int periods)
    {
        RequireFinite(firstPeriodProfit, nameof(firstPeriodProfit));
        RequireRate(growthRate, nameof(growthRate));
        RequireRate(ratePerPeriod, nameof(ratePerPeriod));
        ArgumentOutOfRangeException.ThrowIfNegative(periods);
        if (Math.Abs(growthRate - ratePerPeriod) < 1e-12)
        {
            return periods * firstPeriodProfit / (1.0 + ratePerPeriod);
        }
        var q = (1.0 + growthRate) / (1.0 + ratePerPeriod);
        return firstPeriodProfit * (1.0 - Math.Pow(q, periods)) / (ratePerPeriod - growthRate);
    }

    /// <summary>
    /// The simple business formula for customer lifetime value (undiscounted):
    /// CLV = AOV × F × L × margin − CAC − retention cost × L, where AOV is the average order value (revenue per order),
    /// F the orders per period, L the expected lifespan in periods, margin the profit margin as a fraction of revenue,
    /// CAC the one-off acquisition cost and retention cost the cost of keeping the customer for one period.
    /// Example: AOV 50, F 4 a year, L 3 years, margin 0.30, CAC 40, retention 10 a year → 50·4·3·0.3 − 40 − 30 = 110.
    /// </summary>
    /// <param name="inputs">The inputs; all in one currency and one period unit.</param>
    public static decimal SimpleLifetimeValue(SimpleLifetimeValueInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        RequireNonNegative(inputs.AverageOrderValue, nameof(inputs.AverageOrderValue));
        RequireNonNegative(inputs.OrdersPerPeriod, nameof(inputs.OrdersPerPeriod));
        RequireNonNegative(inputs.LifespanPeriods, nameof(inputs.LifespanPeriods));
        RequireNonNegative(inputs.AcquisitionCost, nameof(inputs.AcquisitionCost));
        RequireNonNegative(inputs.RetentionCostPerPeriod, nameof(inputs.RetentionCostPerPeriod));
        if (inputs.Margin is < 0 or > 1)
        {
            throw new ArgumentException($"Margin must be a fraction in [0, 1] but was {inputs.Margin.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(inputs));
        }
        return inputs.AverageOrderValue * inputs.OrdersPerPeriod * inputs.LifespanPeriods * inputs.Margin
            - inputs.AcquisitionCost
            - inputs.RetentionCostPerPeriod * inputs.LifespanPeriods;
    }

    static void RequireRate(double rate, string name)
    {
        if (!double.IsFinite(rate) || rate <= -1.0)
        {
            throw new ArgumentException($"{name} must be a finite fraction > −1 (0.10 = 10 %) but was {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", name);
        }
    }

    static void RequireFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be a finite number but was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", name);
        }
    }

    static void RequireNonNegative(decimal value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentException($"{name} must be ≥ 0 but was {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", name);
        }
    }
}
