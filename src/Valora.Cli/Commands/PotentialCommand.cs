using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Potential;
using Valora.Data;
using Valora.Data.Potential;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora potential score|show</c>: potential value V = α·B + β·R + γ·M of every customer from the stored CLV,
/// churn, referral, ticket and interaction data, and PV = Σ V per RFM segment, cluster or churn tier.
/// </summary>
public static class PotentialCommand
{
    public static Command Create() => new("potential", "Potential value V = α·B + β·R + γ·M per customer, and PV per segment")
    {
        Score(), Show(),
    };

    static Command Score()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Use data on or before this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var alpha = new Option<double>("--alpha") { Description = "α, weight of the purchase potential B", DefaultValueFactory = _ => PotentialWeights.DefaultAlpha };
        var beta = new Option<double>("--beta") { Description = "β, weight of the referral potential R", DefaultValueFactory = _ => PotentialWeights.DefaultBeta };
        var gamma = new Option<double>("--gamma") { Description = "γ, weight of the maintenance potential M", DefaultValueFactory = _ => PotentialWeights.DefaultGamma };
        var defaults = new PotentialOptions();
        var horizon = new Option<int>("--horizon-years") { Description = "Years ahead R and M look (1–30)", DefaultValueFactory = _ => defaults.HorizonYears };
        var rate = new Option<double>("--discount-rate") { Description = "Annual discount rate as a fraction (0.10 = 10 %)", DefaultValueFactory = _ => defaults.AnnualDiscountRate };
        var ticketCost = new Option<double>("--ticket-cost") { Description = "Cost to serve one ticket", DefaultValueFactory = _ => defaults.TicketCost };
        var contactCost = new Option<double>("--contact-cost") { Description = "Cost of one interaction", DefaultValueFactory = _ => defaults.ContactCost };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the scores" };
        var by = GroupingOption();
        var command = new Command("score", "Score every customer who bought and store potential_* scores (B from the latest CLV run, retention from the latest churn run)")
        {
            asOf, alpha, beta, gamma, horizon, rate, ticketCost, contactCost, noSave, by,
        };
        command.SetAction(async (result, ct) =>
        {
            var options = new PotentialOptions
            {
                Weights = new PotentialWeights(result.GetValue(alpha), result.GetValue(beta), result.GetValue(gamma)),
                HorizonYears = result.GetValue(horizon),
                AnnualDiscountRate = result.GetValue(rate),
                TicketCost = result.GetValue(ticketCost),
                ContactCost = result.GetValue(contactCost),
            };
            if (options.Check() is { } bad)
            {
                throw new ArgumentException($"--{Flag(bad.Field)}: {bad.Rule}");
            }
            var database = CliOptions.ExistingDatabaseFrom(result);
            PotentialRun run = null!;
            await CliRunner.Messages.Status().StartAsync("Potential value", async context =>
                run = await new ScorePotential(database).ExecuteAsync(result.GetValue(asOf), options, !result.GetValue(noSave),
                    new SynchronousProgress<string>(stage => context.Status($"Potential value: {stage}")), ct));
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Result.Customers.Count} customers as of {run.AsOf:yyyy-MM-dd}; B from {run.ClvRun ?? "last year's profit (no CLV run)"}; retention from {run.RetentionSource}"));
            if (result.GetValue(noSave))
            {
                ResultWriter.WriteObject(new { run.Version, run.AsOf, Customers = run.Result.Customers.Count, PotentialValue = Math.Round(run.Result.Total, 2) },
                    result.GetValue(CliOptions.Format), "Potential value (not stored)");
                return 0;
            }
            CliRunner.Messages.WriteLine($"stored as {run.Version}");
            await PrintAsync(database, result.GetValue(by) ?? "rfm", result.GetValue(CliOptions.Format), ct);
            return 0;
        });
        return command;
    }

    static Command Show()
    {
        var by = GroupingOption();
        var command = new Command("show", "The latest potential-value run: PV = Σ V and its components per group, and the top customers") { by };
        command.SetAction(async (result, ct) =>
        {
            await PrintAsync(CliOptions.ExistingDatabaseFrom(result), result.GetValue(by) ?? "rfm", result.GetValue(CliOptions.Format), ct);
            return 0;
        });
        return command;
    }

    static Option<string> GroupingOption()
    {
        var by = new Option<string>("--by") { Description = "Group PV by rfm (segment), cluster or churn-tier", DefaultValueFactory = _ => "rfm" };
        by.AcceptOnlyFromAmong([.. PotentialView.Groupings.Keys]);
        return by;
    }

    /// <summary>PV per group as the Potential page shows it.</summary>
    public static async Task PrintAsync(ValoraDatabase database, string by, OutputFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var view = await PotentialView.LoadAsync(db, PotentialView.Groupings[by], 10, ct)
            ?? throw new InvalidOperationException("No potential value has been scored yet: run valora potential score.");
        var s = view.Settings;
        ResultWriter.WriteRows(view.Groups.Select(g => new
            {
                g.Group,
                g.Customers,
                PV = Math.Round(g.PotentialValue, 2),
                Share = Math.Round(g.Share, 4),
                MeanV = Math.Round(g.Mean, 2),
                B = Math.Round(g.Purchase, 2),
                R = Math.Round(g.Referral, 2),
                M = Math.Round(g.Maintenance, 2),
            }),
            format, string.Create(CultureInfo.InvariantCulture,
                $"Potential value as of {view.AsOf:yyyy-MM-dd} by {by}: PV {view.PotentialValue:N2} = {s.Alpha}·B + {s.Beta}·R + {s.Gamma}·M ({s.HorizonYears}-year horizon at {s.AnnualDiscountRate:P0})"));
    }

    static string Flag(string field) => field switch
    {
        "horizonYears" => "horizon-years",
        "discountRate" => "discount-rate",
        "ticketCost" => "ticket-cost",
        "contactCost" => "contact-cost",
        _ => field,
    };
}
