using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Data.Churn;
using Valora.Data.Propensity;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora propensity train [--as-of D] [--window-days 90] [--folds 5] [--trainer auto|lightgbm|maxent] [--buy-trainer auto|lr|…] [--seed 1] [--no-save]</c>:
/// the probability of a purchase in the next window and the most likely category of each customer's next order,
/// cross-validated (the category beside the naive baseline: the customer's most frequent past category, else the most
/// popular), stored as propensity_* scores.
/// </summary>
public static class PropensityCommand
{
    public static Command Create() => new("propensity", "Purchase needs: the most likely category of each customer's next order")
    {
        Train(),
    };

    static Command Train()
    {
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score as of this day (yyyy-MM-dd; default: the day after the latest purchase)" };
        var window = new Option<int>("--window-days") { Description = "Days after the training date in which the next order is looked for (1-730)", DefaultValueFactory = _ => 90 };
        var folds = new Option<int>("--folds") { Description = "Stratified cross-validation folds (2-20)", DefaultValueFactory = _ => 5 };
        var trainer = new Option<string>("--trainer") { Description = PropensityTrainerNames.Choices, DefaultValueFactory = _ => "auto" };
        var buyTrainer = new Option<string>("--buy-trainer") { Description = "Learner of the purchase probability: auto, lr, fasttree, fastforest or lightgbm", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds and the learners", DefaultValueFactory = _ => 1 };
        var noSave = new Option<bool>("--no-save") { Description = "Do not store the scores" };
        var command = new Command("train", "Cross-validate next-category learners beside the baseline, train the best on all customers and score them")
        {
            asOf, window, folds, trainer, buyTrainer, seed, noSave,
        };
        command.SetAction(async (result, ct) =>
        {
            var request = new PropensityRunRequest
            {
                AsOf = result.GetValue(asOf),
                WindowDays = InRange(result.GetValue(window), 1, 730, "--window-days"),
                Folds = InRange(result.GetValue(folds), 2, 20, "--folds"),
                Trainer = PropensityTrainerNames.Parse(result.GetRequiredValue(trainer)),
                BuyTrainer = BuyTrainer(result.GetRequiredValue(buyTrainer)),
                Seed = result.GetValue(seed),
                Save = !result.GetValue(noSave),
            };
            var run = await new RunPropensity(CliOptions.ExistingDatabaseFrom(result), TimeProvider.System)
                .ExecuteAsync(request, new SynchronousMessages(), ct);
            Write(run, request.Save, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static void Write(PropensityRun run, bool saved, OutputFormat format)
    {
        var lines = run.CrossValidation.SelectMany(r => new[]
        {
            new MetricsLine(PropensityTrainerNames.Of(r.Trainer), r.Folds, r.Model["macro_f1"], r.Model["log_loss"], r.Model["top3_accuracy"], r.Model["accuracy"]),
            new MetricsLine("baseline", r.Folds, r.Baseline["macro_f1"], r.Baseline["log_loss"], r.Baseline["top3_accuracy"], r.Baseline["accuracy"]),
        }).DistinctBy(l => (l.Model, l.MacroF1, l.LogLoss)).ToList();
        var buy = run.Buy.CrossValidation.Select(r => new BuyLine(ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean["roc_auc"], r.Mean["pr_auc"],
            r.Mean["log_loss"], r.Mean["brier"])).ToList();
        var share = run.Customers.GroupBy(c => c.NextCategory, StringComparer.Ordinal)
            .Select(g => new CategoryLine(g.Key, g.Count(), g.Average(c => c.Probability)))
            .OrderByDescending(c => c.Customers).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new
            {
                run.Version, run.Trainer, run.ChosenByAuto, run.AsOf, run.TrainedAsOf, run.WindowDays, run.CustomersBeforeTraining, run.TrainingCustomers,
                run.Classes, run.DroppedClasses, CrossValidation = lines, CustomersScored = run.Customers.Count, NextCategories = share,
                Buy = new
                {
                    run.Buy.Trainer, run.Buy.ChosenByAuto, run.Buy.TrainingCustomers, run.Buy.Buyers, CrossValidation = buy,
                    CustomersScored = run.Buy.Customers.Count, ExpectedBuyers = run.Buy.Customers.Sum(c => c.Probability),
                },
                Stored = saved,
            }, format);
        }
        else
        {
            var left = run.DroppedClasses.Count == 0
                ? ""
                : "; left out (fewer buyers than folds): " + string.Join(", ", run.DroppedClasses.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Category} ({d.Customers})")));
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained as of {run.TrainedAsOf:yyyy-MM-dd}: of {run.CustomersBeforeTraining} customers, {run.TrainingCustomers} bought in the next {run.WindowDays} days in one of {run.Classes.Count} categories{left}"));
            ResultWriter.WriteRows(lines, format, "Cross-validated next category (mean over folds), each learner beside the baseline");
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"purchase probability: of {run.Buy.TrainingCustomers} customers, {run.Buy.Buyers} bought in the {run.WindowDays} days after {run.TrainedAsOf:yyyy-MM-dd}; {(run.Buy.ChosenByAuto ? "auto picked" : "trainer")} {run.Buy.Trainer}"));
            ResultWriter.WriteRows(buy, format, "Cross-validated purchase in the window (mean over folds; positive class: bought)");
            ResultWriter.WriteObject(new { Customers = run.Buy.Customers.Count, ExpectedBuyers = run.Buy.Customers.Sum(c => c.Probability) }, format,
                string.Create(CultureInfo.InvariantCulture, $"Purchase in the {run.WindowDays} days from {run.AsOf:yyyy-MM-dd}"));
            ResultWriter.WriteRows(share, format, string.Create(CultureInfo.InvariantCulture,
                $"Most likely next category as of {run.AsOf:yyyy-MM-dd} ({run.Customers.Count} customers)"));
        }
        CliRunner.Messages.WriteLine($"{(run.ChosenByAuto ? "auto picked" : "trainer")} {run.Trainer}; {(saved ? $"scores stored as {run.Version}" : "not stored")}");
    }

    static Analytics.Churn.ChurnTrainer? BuyTrainer(string name)
    {
        try
        {
            return ChurnTrainerNames.Parse(name);
        }
        catch (InvalidDataException)
        {
            throw new ArgumentException($"--buy-trainer: '{name}' is not a trainer; use lr, fasttree, fastforest, lightgbm or auto.");
        }
    }

    static int InRange(int value, int min, int max, string name) => value >= min && value <= max
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (got {value})."));

    sealed record MetricsLine(string Model, int Folds, double MacroF1, double LogLoss, double Top3Accuracy, double Accuracy);

    sealed record BuyLine(string Trainer, int Folds, double RocAuc, double PrAuc, double LogLoss, double Brier);

    sealed record CategoryLine(string Category, int Customers, double MeanProbability);
}
