using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Cycles;
using Valora.Data;
using Valora.Data.Cycles;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora cycle [--as-of D] [--k 1] [--window-days 30] [--top 20] [--no-save]</c>: every customer's purchase rhythm
/// against their own intervals, stored as cycle_* scores; prints the customers per status, the most overdue customers
/// with P(alive) and the probability of a purchase in the window, and each category's repurchase cycle.
/// </summary>
public static class CycleCommand
{
    /// <summary>Overdue customers listed by default.</summary>
    public const int DefaultTop = 20;

    public static Command Create()
    {
        var defaults = new CycleOptions();
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Cycles as of this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var k = new Option<double>("--k") { Description = "Overdue when silent for more than mean + k × sd of the customer's own intervals (0–10)", DefaultValueFactory = _ => defaults.K };
        var window = new Option<int>("--window-days") { Description = "Days after the as-of date of the BG/NBD probability of at least one purchase", DefaultValueFactory = _ => defaults.WindowDays };
        var top = new Option<int>("--top") { Description = $"Overdue customers to list, most days overdue first (1–{CycleView.MaxTop})", DefaultValueFactory = _ => DefaultTop };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the cycles" };
        var command = new Command("cycle", "Each customer's purchase rhythm (mean and sd of the days between purchases), who is overdue, and each category's repurchase cycle")
        {
            asOf, k, window, top, noSave,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new CycleOptions { K = result.GetValue(k), WindowDays = result.GetValue(window) };
            if (options.Check() is { } bad)
            {
                throw new ArgumentException($"--{Flag(bad.Field)}: {bad.Rule}");
            }
            var listed = result.GetValue(top);
            if (listed is < 1 or > CycleView.MaxTop)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top: must be between 1 and {CycleView.MaxTop} but was {listed}."));
            }
            var database = CliOptions.ExistingDatabaseFrom(result);
            var save = !result.GetValue(noSave);
            PurchaseCycleRun run = null!;
            await CliRunner.Messages.Status().StartAsync("Purchase cycles", async context =>
                run = await new RunPurchaseCycle(database).ExecuteAsync(result.GetValue(asOf), options, save,
                    new SynchronousProgress<string>(stage => context.Status($"Purchase cycles: {stage}")), ct));
            if (save)
            {
                CliRunner.Messages.WriteLine($"stored {run.Customers.Count} customers' cycles as {run.Version}");
            }
            await using var db = database.CreateContext();
            // Stored: read back as the API and the page do; not stored: the same view of the run in memory.
            var view = save
                ? await CycleView.LoadAsync(db, overdueOnly: true, listed, ct: ct) ?? throw new InvalidOperationException("The cycle run was not stored.")
                : await CycleView.OfRunAsync(db, run, overdueOnly: true, listed, ct: ct);
            Print(view, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    /// <summary>The counts, the most overdue customers and the category cycles (JSON: one document of all three).</summary>
    public static void Print(CycleRunView view, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(view);
        int Count(CycleStatus status) => view.Statuses.FirstOrDefault(s => s.Status == PurchaseCycles.Name(status))?.Customers ?? 0;
        var summary = new
        {
            view.Version,
            view.AsOf,
            Customers = view.Scored,
            WithRhythm = Count(CycleStatus.Overdue) + Count(CycleStatus.OnTrack),
            Overdue = Count(CycleStatus.Overdue),
            OnTrack = Count(CycleStatus.OnTrack),
            NoRhythm = Count(CycleStatus.NoRhythm),
            view.MedianMeanInterval,
            view.K,
            view.WindowDays,
            view.BtydModel,
        };
        var overdue = view.Customers.Select(c => new
        {
            c.CustomerId,
            c.ExternalId,
            c.PurchaseDays,
            MeanInterval = c.MeanIntervalDays,
            Sd = c.SdIntervalDays,
            LastPurchase = view.AsOf.AddDays(-c.DaysSinceLast),
            c.NextExpected,
            c.DaysOverdue,
            PAlive = c.ProbabilityAlive,
            PPurchaseInWindow = c.ProbabilityInWindow,
        }).ToList();
        var categories = view.Categories.Select(c => new
        {
            c.Group,
            c.Buyers,
            c.Repeaters,
            c.Intervals,
            c.MedianDays,
            c.LowerQuartileDays,
            c.UpperQuartileDays,
        }).ToList();
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new { Summary = summary, view.GroupedBy, OverdueCustomers = overdue, Categories = categories }, format);
            return;
        }
        ResultWriter.WriteObject(summary, format, string.Create(CultureInfo.InvariantCulture,
            $"Purchase cycles as of {view.AsOf:yyyy-MM-dd}: overdue past mean + {view.K:0.###}·sd; P(alive) {(view.BtydModel is null ? "not used: no BG/NBD fit on data up to the date" : "from " + view.BtydModel)}"));
        ResultWriter.WriteRows(overdue, format, string.Create(CultureInfo.InvariantCulture,
            $"Most overdue customers ({overdue.Count} of {view.Listed}; P(purchase) within {view.WindowDays} days)"));
        ResultWriter.WriteRows(categories, format, string.Create(CultureInfo.InvariantCulture,
            $"Repurchase cycle per {view.GroupedBy} (days between a customer's purchases of it)"));
    }

    static string Flag(string field) => field switch
    {
        "windowDays" => "window-days",
        _ => field,
    };
}
