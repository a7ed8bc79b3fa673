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
        Score(), Show(), Learn(),
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

    static Command Learn()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Learn and score with data on or before this date (yyyy-MM-dd); default: the day of the latest purchase" };
        var window = new Option<int>("--window-days") { Description = "Days of each window: targets are what a customer brought in the window after a cutoff (30–730)", DefaultValueFactory = _ => LearnPotentialRequest.DefaultWindowDays };
        var learners = new Option<string>("--learners") { Description = "Learners to compare, comma-separated: linear, fasttree, lightgbm", DefaultValueFactory = _ => "linear,fasttree,lightgbm" };
        var alpha = new Option<double>("--alpha") { Description = "α, weight of the learned B in V", DefaultValueFactory = _ => PotentialWeights.DefaultAlpha };
        var beta = new Option<double>("--beta") { Description = "β, weight of the learned R in V", DefaultValueFactory = _ => PotentialWeights.DefaultBeta };
        var gamma = new Option<double>("--gamma") { Description = "γ, weight of the learned M in V", DefaultValueFactory = _ => PotentialWeights.DefaultGamma };
        var defaults = new LearnPotentialRequest();
        var ticketCost = new Option<double>("--ticket-cost") { Description = "Cost to serve one ticket (taken off M)", DefaultValueFactory = _ => defaults.TicketCost };
        var contactCost = new Option<double>("--contact-cost") { Description = "Cost of one interaction (taken off M)", DefaultValueFactory = _ => defaults.ContactCost };
        var seed = new Option<int>("--seed") { Description = "Seed of the tree learners", DefaultValueFactory = _ => defaults.Seed };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the scores" };
        var command = new Command("learn",
            "Learn B, R and M by regression on a time holdout (features before a cutoff, what the customer brought after it), compare linear, FastTree and LightGBM with the naive predictions, and store each customer's learned components")
        {
            asOf, window, learners, alpha, beta, gamma, ticketCost, contactCost, seed, noSave,
        };
        command.SetAction(async (result, ct) =>
        {
            var request = new LearnPotentialRequest
            {
                AsOf = result.GetValue(asOf),
                WindowDays = result.GetValue(window),
                Regressors = [.. (result.GetValue(learners) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(name => Learner(name))],
                Weights = new PotentialWeights(result.GetValue(alpha), result.GetValue(beta), result.GetValue(gamma)),
                TicketCost = result.GetValue(ticketCost),
                ContactCost = result.GetValue(contactCost),
                Seed = result.GetValue(seed),
            };
            if (request.Check() is { } bad)
            {
                throw new ArgumentException($"--{Flag(bad.Field)}: {bad.Rule}");
            }
            var database = CliOptions.ExistingDatabaseFrom(result);
            var run = await new LearnPotential(database).ExecuteAsync(request, !result.GetValue(noSave), new SynchronousMessages(), ct);
            var format = result.GetValue(CliOptions.Format);
            PrintLearned(run, format);
            if (format != OutputFormat.Table)
            {
                return 0;
            }
            var scoring = LearnPotential.Targets.Select((t, k) => $"{t} by {LearnPotential.Name(run.Scoring[k])}").ToArray();
            CliRunner.Messages.WriteLine($"scored {run.Customers.Count} customers as of {run.AsOf:yyyy-MM-dd} with {string.Join(", ", scoring)}"
                + (result.GetValue(noSave) ? " (not stored)" : $"; stored as {run.Version}"));
            return 0;
        });
        return command;
    }

    /// <summary>A learning run as <c>valora potential learn</c> prints it: the holdout table, the linear coefficients (not when brief), the top customers and a note per component no learner beat.</summary>
    public static void PrintLearned(LearnedPotentialRun run, OutputFormat format, bool brief = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        var e = run.Evaluation;
        var rows = e.Regressors.SelectMany(r => r.Targets.Select(t => new
        {
            Learner = LearnPotential.Name(r.Regressor),
            Component = t.Target,
            Mae = Math.Round(t.Model.MeanAbsoluteError, 4),
            Rmse = Math.Round(t.Model.RootMeanSquaredError, 4),
            R2 = t.Model.RSquared is { } r2 ? Math.Round(r2, 4) : (double?)null,
            Baseline = t.BaselineName,
            BaselineRmse = Math.Round(t.Baseline.RootMeanSquaredError, 4),
            Beats = t.BeatsBaseline,
        })).ToArray();
        if (format != OutputFormat.Table)
        {
            ResultWriter.WriteObject(new
            {
                run.Version, run.AsOf, run.WindowDays, run.HoldoutCutoff, run.TrainingCutoff, e.TrainingRows, e.HoldoutRows,
                Holdout = rows, Scoring = run.Scoring.Select(LearnPotential.Name), Customers = run.Customers.Count,
                PotentialValue = Math.Round(run.Customers.Sum(c => c.Value), 2),
                Linear = run.Linear is { } l ? run.Features.Select((f, j) => new { Feature = f, Purchase = l.Coefficients[0][j], Referral = l.Coefficients[1][j], Maintenance = l.Coefficients[2][j] }) : null,
            }, format);
            return;
        }
        ResultWriter.WriteRows(rows, format, string.Create(CultureInfo.InvariantCulture,
            $"Holdout: fitted on {e.TrainingRows} customers (window after {run.TrainingCutoff:yyyy-MM-dd}), judged on {e.HoldoutRows} (window of {run.WindowDays} days after {run.HoldoutCutoff:yyyy-MM-dd})"));
        if (!brief && run.Linear is { } linear)
        {
            ResultWriter.WriteRows(run.Features.Select((f, j) => new
            {
                Feature = f,
                B = Math.Round(linear.Coefficients[0][j], 4),
                R = Math.Round(linear.Coefficients[1][j], 4),
                M = Math.Round(linear.Coefficients[2][j], 4),
            }).Prepend(new { Feature = "(intercept)", B = Math.Round(linear.Intercepts[0], 4), R = Math.Round(linear.Intercepts[1], 4), M = Math.Round(linear.Intercepts[2], 4) }),
                format, "Linear fit on the latest window (one multi-output least-squares fit)");
        }
        ResultWriter.WriteRows(run.Customers.OrderByDescending(c => c.Value).Take(10).Select(c => new
        {
            Customer = c.CustomerId,
            V = Math.Round(c.Value, 2),
            B = Math.Round(c.Purchase, 2),
            R = Math.Round(c.Referral, 2),
            M = Math.Round(c.Maintenance, 2),
        }), format, string.Create(CultureInfo.InvariantCulture,
            $"Highest learned potential over the next {run.WindowDays} days (V = {run.Weights.Alpha}·B + {run.Weights.Beta}·R + {run.Weights.Gamma}·M)"));
        for (var k = 0; k < LearnPotential.Targets.Count; k++)
        {
            var best = e.Regressors.Single(r => r.Regressor == run.Scoring[k]).Targets[k];
            if (!best.BeatsBaseline)
            {
                CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"note: no learner beat the {best.BaselineName} on {best.Target} (RMSE {best.Model.RootMeanSquaredError:0.####} vs {best.Baseline.RootMeanSquaredError:0.####}); treat the learned {best.Target} with care"));
            }
        }
    }

    static ComponentRegressor Learner(string name)
    {
        try
        {
            return LearnPotential.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--learners: {e.Message}");
        }
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
        "windowDays" => "window-days",
        "regressors" => "learners",
        _ => field,
    };
}
