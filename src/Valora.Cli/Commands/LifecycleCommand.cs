using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Lifecycle;
using Valora.Data;
using Valora.Data.Lifecycle;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora lifecycle [--as-of D] [--compare D [--from-stage S --to-stage S]]</c>: every customer's relationship
/// stage, stored, with what each stage calls for; and the moves between two dates.
/// </summary>
public static class LifecycleCommand
{
    public static Command Create()
    {
        var defaults = new LifecycleOptions();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Stages as of this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var compare = new Option<DateOnly?>("--compare") { Description = "Also compare with the stages as of this earlier date: the stage-to-stage matrix" };
        var fromStage = new Option<string?>("--from-stage") { Description = "With --compare: list the customers who were in this stage (or 'new': not yet a customer) …" };
        var toStage = new Option<string?>("--to-stage") { Description = "… and are now in this one" };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the stages" };
        var intro = new Option<int>("--intro-days") { Description = "Intro: first purchase within this many days", DefaultValueFactory = _ => defaults.IntroDays };
        var confirmationOrders = new Option<int>("--confirmation-orders") { Description = "Confirmation: at most this many orders …", DefaultValueFactory = _ => defaults.ConfirmationOrders };
        var confirmationDays = new Option<int>("--confirmation-days") { Description = "… or first purchase within this many days", DefaultValueFactory = _ => defaults.ConfirmationDays };
        var growth = new Option<double>("--growth-ratio") { Description = "Growth: last year's revenue ≥ this × the year before's", DefaultValueFactory = _ => defaults.GrowthRatio };
        var gap = new Option<double>("--leaving-gap-multiple") { Description = "Leaving: silent for more than this × their own mean gap …", DefaultValueFactory = _ => defaults.LeavingGapMultiple };
        var minDays = new Option<int>("--leaving-min-days") { Description = "… and more than this many days", DefaultValueFactory = _ => defaults.LeavingMinDays };
        var single = new Option<int>("--single-order-leaving-days") { Description = "Leaving: one order, more than this many days ago", DefaultValueFactory = _ => defaults.SingleOrderLeavingDays };
        var alive = new Option<double>("--leaving-p-alive") { Description = "Leaving: P(alive) below this (from a CLV run of the last 31 days)", DefaultValueFactory = _ => defaults.LeavingProbabilityAlive };
        var command = new Command("lifecycle", "Each customer's relationship stage (intro, confirmation, growth, retention, leaving), stored, and the moves between two dates")
        {
            asOf, compare, fromStage, toStage, noSave, intro, confirmationOrders, confirmationDays, growth, gap, minDays, single, alive,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new LifecycleOptions
            {
                IntroDays = result.GetValue(intro),
                ConfirmationOrders = result.GetValue(confirmationOrders),
                ConfirmationDays = result.GetValue(confirmationDays),
                GrowthRatio = result.GetValue(growth),
                LeavingGapMultiple = result.GetValue(gap),
                LeavingMinDays = result.GetValue(minDays),
                SingleOrderLeavingDays = result.GetValue(single),
                LeavingProbabilityAlive = result.GetValue(alive),
            };
            if (options.Check() is { } bad)
            {
                throw new ArgumentException($"--{Flag(bad.Field)}: {bad.Rule}");
            }
            var (from, to, fromNew) = ParseFlow(result.GetValue(fromStage), result.GetValue(toStage));
            if ((from is not null || fromNew || to is not null) && result.GetValue(compare) is null)
            {
                throw new ArgumentException("--from-stage/--to-stage: give --compare <earlier date> too.");
            }
            var format = result.GetValue(CliOptions.Format);
            var lifecycle = new RunLifecycle(CliOptions.ExistingDatabaseFrom(result));
            var run = await lifecycle.ExecuteAsync(result.GetValue(asOf), options, !result.GetValue(noSave), ct);
            if (!result.GetValue(noSave))
            {
                CliRunner.Messages.WriteLine($"stored {run.Customers.Count} customers' stages as {run.Version}");
            }
            Print(run, format);
            if (result.GetValue(compare) is { } earlier)
            {
                if (earlier >= run.AsOf)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"--compare: {earlier:yyyy-MM-dd} must be before the as-of date {run.AsOf:yyyy-MM-dd}."));
                }
                var comparison = await lifecycle.CompareAsync(earlier, run.AsOf, options, from, to, fromNew, ct);
                PrintMatrix(comparison, format);
                if (to is not null)
                {
                    ResultWriter.WriteRows(comparison.Members.Select(id => new { CustomerId = id }), format,
                        $"Customers from {(fromNew ? "new" : LifecycleStages.Name(from!.Value))} to {LifecycleStages.Name(to.Value)}");
                }
            }
            return 0;
        });
        return command;
    }

    /// <summary>Customers per stage in lifecycle order with what each calls for.</summary>
    public static void Print(LifecycleRun run, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(run);
        var total = Math.Max(1, run.Customers.Count);
        ResultWriter.WriteRows(run.Counts.Select(c => new
            {
                Stage = LifecycleStages.Name(c.Stage),
                c.Customers,
                Share = Math.Round((double)c.Customers / total, 4),
                Recommended = LifecycleStages.Recommendation(c.Stage),
            }),
            format, string.Create(CultureInfo.InvariantCulture,
                $"Lifecycle stages as of {run.AsOf:yyyy-MM-dd} ({run.Customers.Count} customers; P(alive) {(run.AliveFrom is null ? "not used: no recent CLV run" : "from " + run.AliveFrom)})"));
    }

    /// <summary>The stage-to-stage matrix, one row per earlier stage (and "new").</summary>
    public static void PrintMatrix(LifecycleComparison comparison, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var stages = Enum.GetValues<LifecycleStage>();
        ResultWriter.WriteRows(comparison.Matrix.Select((row, i) => new
            {
                From = i < stages.Length ? LifecycleStages.Name(stages[i]) : "new",
                Intro = row[0],
                Confirmation = row[1],
                Growth = row[2],
                Retention = row[3],
                Leaving = row[4],
            }),
            format, string.Create(CultureInfo.InvariantCulture, $"Moves from {comparison.From:yyyy-MM-dd} (rows) to {comparison.To:yyyy-MM-dd} (columns)"));
    }

    static (LifecycleStage? From, LifecycleStage? To, bool FromNew) ParseFlow(string? from, string? to)
    {
        var names = string.Join(", ", Enum.GetValues<LifecycleStage>().Select(LifecycleStages.Name));
        LifecycleStage? f = null, t = null;
        var fromNew = string.Equals(from, "new", StringComparison.OrdinalIgnoreCase);
        if (from is not null && !fromNew)
        {
            f = LifecycleStages.TryParse(from, out var s) ? s : throw new ArgumentException($"--from-stage: '{from}' is not a stage: use new, {names}.");
        }
        if (to is not null)
        {
            t = LifecycleStages.TryParse(to, out var s) ? s : throw new ArgumentException($"--to-stage: '{to}' is not a stage: use {names}.");
        }
        if ((f is not null || fromNew) != (t is not null))
        {
            throw new ArgumentException("--from-stage and --to-stage go together: give both.");
        }
        return (f, t, fromNew);
    }

    static string Flag(string field) => string.Concat(field.Select(ch => char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : ch.ToString())) switch
    {
        "leaving-probability-alive" => "leaving-p-alive",
        var flag => flag,
    };
}
