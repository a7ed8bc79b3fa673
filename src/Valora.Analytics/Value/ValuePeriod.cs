namespace Valora.Analytics.Value;

/// <summary>The length of the periods profits are bucketed into (calendar months, see <see cref="ValuePeriods"/>).</summary>
public enum ValuePeriod
{
    /// <summary>12 calendar months.</summary>
    Year,

    /// <summary>3 calendar months.</summary>
    Quarter,

    /// <summary>1 calendar month.</summary>
    Month,
}

/// <summary>Calendar arithmetic for <see cref="ValuePeriod"/>.</summary>
public static class ValuePeriods
{
    /// <summary>Calendar months in one period: 12, 3 or 1.</summary>
    public static int Months(ValuePeriod period) => period switch
    {
        ValuePeriod.Year => 12,
        ValuePeriod.Quarter => 3,
        ValuePeriod.Month => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown period."),
    };

    /// <summary>
    /// The 1-based period a moment falls in, counting from <paramref name="start"/>: period t covers
    /// [start + (t−1)·L, start + t·L) with L calendar months added by <see cref="DateTime.AddMonths"/> (so a start on
    /// 31 January has its next monthly boundary on the last day of February). Returns 0 for moments before the start.
    /// </summary>
    public static int PeriodIndex(DateTime start, DateTime moment, ValuePeriod period)
    {
        if (moment < start)
        {
            return 0;
        }
        var months = (moment.Year - start.Year) * 12 + moment.Month - start.Month;
        if (start.AddMonths(months) > moment)
        {
            months--;
        }
        return months / Months(period) + 1;
    }
}
