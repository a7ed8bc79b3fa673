using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Clv;
using Valora.Data.Clv;

namespace Valora.Cli.Commands;

/// <summary><c>valora clv fit|score|validate</c>: probabilistic lifetime value.</summary>
public static class ClvCommand
{
    public static Command Create() => new("clv", "Probabilistic lifetime value: BG/NBD, Pareto/NBD, Gamma-Gamma")
    {
        Fit(), Score(), Validate(),
    };

    static readonly Option<string> Model = new("--model")
    {
        Description = "bgnbd, paretonbd or gammagamma",
        DefaultValueFactory = _ => "bgnbd",
    };

    static readonly Option<DateOnly> CalibrationEnd = new("--calibration-end")
    {
        Description = "Last day of the calibration period (yyyy-MM-dd)",
        Required = true,
    };

    static readonly Option<DateOnly?> HoldoutEnd = new("--holdout-end")
    {
        Description = "Last day of the holdout period used to validate (yyyy-MM-dd)",
    };

    static readonly Option<string> TimeUnit = new("--time-unit")
    {
        Description = "Model time unit as days:N (days:7 = weeks)",
        DefaultValueFactory = _ => "days:7",
    };

    static readonly Option<double> Penalizer = new("--penalizer")
    {
        Description = "L2 penalty on the log-parameters (0 = plain maximum likelihood; try 0.001 when a fit does not converge)",
        DefaultValueFactory = _ => 0,
    };

    static Command Fit()
    {
        var command = new Command("fit", "Fit a model on the calibration period, validate on the holdout, save it")
        {
            Model, CalibrationEnd, HoldoutEnd, TimeUnit, Penalizer,
        };
        command.SetAction(async (result, ct) =>
        {
            var fit = await RunFitAsync(result, save: true, ct);
            var format = result.GetValue(CliOptions.Format);
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(fit with { Run = null, Holdout = fit.Holdout is null ? null : fit.Holdout with { Tracking = [] } }, format);
                return 0;
            }
            ResultWriter.WriteRows(fit.Estimates, format,
                string.Create(CultureInfo.InvariantCulture, $"{fit.Kind} on {fit.Customers} customers to {fit.CalibrationEnd:yyyy-MM-dd}{(fit.LeftOut > 0 ? $" ({fit.LeftOut} with zero mean spend left out)" : "")}: LL {fit.LogLikelihood:F2} — saved as {fit.Run?.Version}"));
            if (fit.Holdout is { } h)
            {
                WriteHoldout(h, format);
            }
            return 0;
        });
        return command;
    }

    static Command Validate()
    {
        var holdoutEnd = new Option<DateOnly>("--holdout-end") { Description = "Last day of the holdout period (yyyy-MM-dd)", Required = true };
        var tracking = new Option<bool>("--tracking") { Description = "Print the cumulative weekly tracking (model vs actual)" };
        var command = new Command("validate", "Fit on the calibration period and compare predictions with the holdout (not saved)")
        {
            Model, CalibrationEnd, holdoutEnd, TimeUnit, tracking,
        };
        command.SetAction(async (result, ct) =>
        {
            var kind = ClvModelKinds.Parse(result.GetRequiredValue(Model));
            if (kind == ClvModelKind.GammaGamma)
            {
                throw new ArgumentException("Validation compares purchase counts: use --model bgnbd or paretonbd.");
            }
            var fit = await new FitClv(CliOptions.ExistingDatabaseFrom(result), TimeProvider.System).ExecuteAsync(
                kind, result.GetValue(CalibrationEnd), result.GetValue(holdoutEnd), ParseTimeUnit(result.GetRequiredValue(TimeUnit)), save: false, ct);
            var format = result.GetValue(CliOptions.Format);
            var h = fit.Holdout!;
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(h, format);
                return 0;
            }
            WriteHoldout(h, format);
            if (result.GetValue(tracking))
            {
                ResultWriter.WriteRows(h.Tracking, format, "Cumulative repeat purchases: model vs actual");
            }
            return 0;
        });
        return command;
    }

    static Command Score()
    {
        var horizon = new Option<double>("--horizon") { Description = "Horizon in model time units (weeks by default)", DefaultValueFactory = _ => 52 };
        var rate = new Option<double>("--discount-rate") { Description = "Annual discount rate (0.10 = 10 %)", DefaultValueFactory = _ => 0.10 };
        var margin = new Option<double?>("--margin") { Description = "Share of revenue that is profit (default: observed from costs)" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score as of this date (default: the latest purchase)" };
        var purchaseModel = new Option<string?>("--model") { Description = "bgnbd or paretonbd (default: the latest fitted)" };
        var noIntervals = new Option<bool>("--no-intervals") { Description = "Skip the 95 % intervals (faster)" };
        var top = new Option<int>("--top") { Description = "How many of the most valuable customers to print", DefaultValueFactory = _ => 10 };
        var command = new Command("score", "Score every customer: P(alive), expected purchases, spend, CLV with intervals")
        {
            horizon, rate, margin, asOf, purchaseModel, noIntervals, top,
        };
        command.SetAction(async (result, ct) =>
        {
            var request = new ClvScoreRequest(
                result.GetValue(horizon), result.GetValue(rate), result.GetValue(margin), result.GetValue(asOf),
                result.GetValue(purchaseModel) is { } m ? ClvModelKinds.Parse(m) : null,
                Intervals: !result.GetValue(noIntervals));
            if (request.Problem() is { } problem)
            {
                var option = problem.Field switch { "discountRate" => "--discount-rate", var f => "--" + f };
                throw new ArgumentException($"{option}: {problem.Message}");
            }
            var scoring = await new ScoreClv(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(request, ct);
            var rows = Enumerable.Range(0, scoring.Values.Count)
                .Select(i => new ScoredCustomer(
                    scoring.Values[i].CustomerId,
                    scoring.Values[i].ProbabilityAlive,
                    scoring.Values[i].ExpectedPurchases,
                    scoring.Values[i].SpendPerPurchase,
                    scoring.Values[i].Clv,
                    scoring.Intervals?[i].ClvLower,
                    scoring.Intervals?[i].ClvUpper))
                .OrderByDescending(r => r.Clv)
                .Take(result.GetValue(top));
            var total = scoring.Values.Sum(v => v.Clv);
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scoring.Values.Count} customers scored as of {scoring.AsOf:yyyy-MM-dd} with {scoring.ModelVersion}: total CLV {total:N0} over {scoring.Horizon} units, margin {scoring.Margin:P0}"));
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format), "Most valuable customers");
            return 0;
        });
        return command;
    }

    static Task<ClvFit> RunFitAsync(ParseResult result, bool save, CancellationToken ct) =>
        new FitClv(CliOptions.ExistingDatabaseFrom(result), TimeProvider.System).ExecuteAsync(
            ClvModelKinds.Parse(result.GetRequiredValue(Model)), result.GetValue(CalibrationEnd), result.GetValue(HoldoutEnd),
            ParseTimeUnit(result.GetRequiredValue(TimeUnit)), save, ct, result.GetValue(Penalizer));

    static void WriteHoldout(ClvHoldout h, OutputFormat format)
    {
        CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Holdout ({h.HoldoutSpan:F1} units): predicted {h.TotalPredicted:F1} vs actual {h.TotalActual} repeat purchases ({(h.TotalPredicted - h.TotalActual) / Math.Max(1, h.TotalActual):P1}); MAE {h.MeanAbsoluteError:F3}, RMSE {h.RootMeanSquaredError:F3}"));
        ResultWriter.WriteRows(h.Buckets, format, "Holdout: mean predicted vs actual by calibration frequency");
    }

    /// <summary>"days:7" → 7.</summary>
    public static double ParseTimeUnit(string text)
    {
        var parts = text.Split(':', 2);
        if (parts.Length == 2 && parts[0].Equals("days", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return days;
        }
        throw new ArgumentException($"--time-unit '{text}' is not of the form days:N with N > 0 (days:7 = weeks).");
    }

    sealed record ScoredCustomer(long CustomerId, double PAlive, double ExpectedPurchases, double ExpectedSpend, double Clv, double? ClvLow, double? ClvHigh);
}
