using System.Globalization;

namespace Valora.Data.Analysis;

/// <summary>
/// The dates of a model that learns from what customers did in the window after a cutoff (churn, propensity): the
/// as-of date (default: the day after the latest order) and the cutoff one window before it, which must leave some
/// history before it.
/// </summary>
internal static class LearningWindow
{
    /// <summary>The as-of date, the cutoff and the first order's day.</summary>
    /// <param name="first">The earliest order.</param>
    /// <param name="last">The latest order.</param>
    /// <param name="windowName">How the message names the window, e.g. "churn window".</param>
    /// <exception cref="NotAnalysableException">The cutoff falls on or before the first order's day.</exception>
    public static (DateOnly AsOf, DateOnly Cutoff, DateOnly FirstDay) Resolve(DateTime first, DateTime last, DateOnly? asOf, int windowDays, string model, string windowName)
    {
        var firstDay = DateOnly.FromDateTime(first);
        var day = asOf ?? DateOnly.FromDateTime(last).AddDays(1);
        var cutoff = day.AddDays(-windowDays);
        if (cutoff <= firstDay)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"The orders start on {firstDay:yyyy-MM-dd}: a {windowDays}-day {windowName} before {day:yyyy-MM-dd} leaves no history to learn from (use a shorter window or a later date)."))
            { Model = model };
        }
        return (day, cutoff, firstDay);
    }
}
