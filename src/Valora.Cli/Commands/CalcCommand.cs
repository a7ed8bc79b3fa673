using System.CommandLine;
using System.Globalization;
using Valora.Analytics.Potential;
using Valora.Analytics.Satisfaction;
using Valora.Analytics.Value;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora calc …</c>: the value formulas for quick what-ifs, no database needed.
/// Rates and margins are fractions (0.10 = 10 %).
/// </summary>
public static class CalcCommand
{
    public static Command Create() => new("calc", "Value formulas for quick what-ifs (no database)")
    {
        Clv(), Event(), Growth(), Simple(), Satisfaction(), Potential(),
    };

    static Command Satisfaction()
    {
        var scores = new Option<string>("--scores")
        {
            Description = "Scores, comma-separated (4,5,5,4,4), or a distribution score:share (5:80,4:15,3:5)",
            Required = true,
        };
        var weights = new Option<string?>("--weights") { Description = "One weight per score (weighted mean Σw·s / Σw)" };
        var command = new Command("satisfaction", "Mean satisfaction of scores, of a score:share distribution, or weighted by --weights") { scores, weights };
        command.SetAction(result =>
        {
            var text = result.GetRequiredValue(scores);
            double mean;
            string method;
            if (text.Contains(':', StringComparison.Ordinal))
            {
                if (result.GetValue(weights) is not null)
                {
                    throw new ArgumentException("--weights: a score:share distribution already carries its weights; give plain scores with --weights.");
                }
                var pairs = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select((p, i) =>
                {
                    var parts = p.Split(':');
                    return parts.Length == 2
                        && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var sc)
                        && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var sh)
                        ? (sc, sh)
                        : throw new ArgumentException($"--scores: item {i + 1} '{p}' is not score:share (e.g. 5:80).");
                }).ToList();
                mean = SatisfactionScores.MeanOfDistribution(pairs);
                method = "Σ score·share / Σ share";
            }
            else if (result.GetValue(weights) is { } w)
            {
                mean = SatisfactionScores.WeightedMean(ParseList(text, "--scores"), ParseList(w, "--weights"));
                method = "Σ w·score / Σ w";
            }
            else
            {
                mean = SatisfactionScores.Mean(ParseList(text, "--scores"));
                method = "mean";
            }
            ResultWriter.WriteObject(new { Satisfaction = mean, Method = method }, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Potential()
    {
        var purchase = new Option<double>("--purchase") { Required = true, Description = "B, purchase potential" };
        var referral = new Option<double>("--referral") { Required = true, Description = "R, referral potential" };
        var maintenance = new Option<double>("--maintenance") { Required = true, Description = "M, maintenance potential" };
        var alpha = new Option<double>("--alpha") { Description = "α, weight of B", DefaultValueFactory = _ => PotentialWeights.DefaultAlpha };
        var beta = new Option<double>("--beta") { Description = "β, weight of R", DefaultValueFactory = _ => PotentialWeights.DefaultBeta };
        var gamma = new Option<double>("--gamma") { Description = "γ, weight of M", DefaultValueFactory = _ => PotentialWeights.DefaultGamma };
        var command = new Command("potential", "Potential value V = α·B + β·R + γ·M (default α, β, γ = 0.5, 0.3, 0.2)")
        {
            purchase, referral, maintenance, alpha, beta, gamma,
        };
        command.SetAction(result =>
        {
            var weights = new PotentialWeights(result.GetValue(alpha), result.GetValue(beta), result.GetValue(gamma));
            if (weights.Check() is { } bad)
            {
                throw new ArgumentException($"--{bad.Field}: {bad.Rule}");
            }
            var (b, r, m) = (result.GetValue(purchase), result.GetValue(referral), result.GetValue(maintenance));
            foreach (var (name, v) in new[] { ("--purchase", b), ("--referral", r), ("--maintenance", m) })
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"{name} must be a finite number.");
                }
            }
            var value = weights.Combine(b, r, m);
            ResultWriter.WriteObject(new { PotentialValue = Math.Round(value, 10), weights.Alpha, weights.Beta, weights.Gamma, Purchase = b, Referral = r, Maintenance = m },
                result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Clv()
    {
        var profits = new Option<string>("--profits") { Description = "Profit per period, comma-separated (period 1 first), e.g. 900,720,1080", Required = true };
        var rate = new Option<double>("--rate") { Description = "Discount rate per period as a fraction (0.10 = 10 %)", Required = true };
        var annual = new Option<ValuePeriod?>("--annual-rate-per") { Description = "Treat --rate as annual and convert it to this period: Year, Quarter or Month" };
        var command = new Command("clv", "Discounted lifetime value Σ profitₜ·(1+r)^−t, t = 1..n") { profits, rate, annual };
        command.SetAction(result =>
        {
            var values = ParseList(result.GetRequiredValue(profits), "--profits");
            var r = result.GetValue(rate);
            var perPeriod = result.GetValue(annual) is { } period ? ValueFormulas.PerPeriodRate(r, period) : r;
            var clv = ValueFormulas.DiscountedValue(values, perPeriod);
            ResultWriter.WriteObject(new ClvResult(values.Length, perPeriod, values.Sum(), Math.Round(clv, 2), clv), result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Event()
    {
        var revenue = new Option<decimal>("--revenue") { Required = true, Description = "Revenue of the event" };
        var cost = new Option<decimal>("--cost") { Required = true, Description = "Cost of the event" };
        var command = new Command("event", "Single-event value: revenue − cost") { revenue, cost };
        command.SetAction(result =>
        {
            var value = ValueFormulas.EventValue(result.GetValue(revenue), result.GetValue(cost));
            ResultWriter.WriteObject(new { Value = value }, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Growth()
    {
        var value = new Option<double>("--value") { Required = true, Description = "Value today (V)" };
        var growth = new Option<double>("--growth") { Required = true, Description = "Growth per period as a fraction (g)" };
        var periods = new Option<int>("--periods") { Required = true, Description = "Number of periods (n)" };
        var rate = new Option<double?>("--rate") { Description = "Also discount the growing stream V, V(1+g), … over n periods at this rate per period" };
        var command = new Command("growth", "Projection with growth V·(1+g)^n (and the discounted growing stream)") { value, growth, periods, rate };
        command.SetAction(result =>
        {
            var v = result.GetValue(value);
            var g = result.GetValue(growth);
            var n = result.GetValue(periods);
            var projected = ValueFormulas.ProjectWithGrowth(v, g, n);
            double? stream = result.GetValue(rate) is { } r ? ValueFormulas.DiscountedGrowingStream(v, g, r, n) : null;
            ResultWriter.WriteObject(new { Projected = projected, DiscountedStream = stream }, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Simple()
    {
        var aov = new Option<decimal>("--aov") { Required = true, Description = "Average order value" };
        var orders = new Option<decimal>("--orders-per-period") { Required = true, Description = "Orders per period" };
        var lifespan = new Option<decimal>("--lifespan") { Required = true, Description = "Expected lifespan in periods" };
        var margin = new Option<decimal>("--margin") { Required = true, Description = "Margin as a fraction (0.3 = 30 %)" };
        var acquisition = new Option<decimal>("--acquisition-cost") { Description = "Cost to acquire the customer" };
        var retention = new Option<decimal>("--retention-cost") { Description = "Retention cost per period" };
        var command = new Command("simple", "AOV × orders/period × lifespan × margin − acquisition − retention × lifespan")
        {
            aov, orders, lifespan, margin, acquisition, retention,
        };
        command.SetAction(result =>
        {
            var value = ValueFormulas.SimpleLifetimeValue(new SimpleLifetimeValueInputs(
                result.GetValue(aov), result.GetValue(orders), result.GetValue(lifespan), result.GetValue(margin),
                result.GetValue(acquisition), result.GetValue(retention)));
            ResultWriter.WriteObject(new { LifetimeValue = value }, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static double[] ParseList(string text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{option}: give at least one value.");
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                throw new ArgumentException($"{option}: item {i + 1} is empty (a period or score left out would shift every later one).");
            }
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ArgumentException($"{option}: item {i + 1} '{parts[i]}' is not a number (use '.' for decimals, ',' between items).");
            }
        }
        return values.Length > 0 ? values : throw new ArgumentException($"{option}: give at least one value.");
    }

    sealed record ClvResult(int Periods, double RatePerPeriod, double UndiscountedProfit, double Clv, double ClvExact);
}
