using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Churn;
using Valora.Data.Churn;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary><c>valora churn train|score</c>: churn models on a user's own table (<c>--data</c>).</summary>
public static class ChurnCommand
{
    public static Command Create() => new("churn", "Churn prediction: cross-validated learners, probabilities, risk tiers and reasons")
    {
        Train(), Score(),
    };

    static Command Train()
    {
        var data = new Option<string?>("--data") { Description = "CSV with one row per customer and a label column (omit: learn from the database's orders)" };
        var label = new Option<string?>("--label") { Description = "With --data: the label column (two values, e.g. Churn = Yes/No)" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Database: score as of this day (default: the day after the latest purchase)" };
        var window = new Option<int>("--window") { Description = "Database: days without a purchase that count as churn", DefaultValueFactory = _ => 90 };
        var positive = new Option<string?>("--positive") { Description = "The label value meaning churned (default: yes/true/1)" };
        var id = new Option<string?>("--id") { Description = "The customer id column (not a feature; written beside each score)" };
        var ignore = new Option<string[]>("--ignore") { Description = "Columns not to use (repeat, or comma-separated)", AllowMultipleArgumentsPerToken = true };
        var folds = new Option<int>("--folds") { Description = "Stratified cross-validation folds (2-20)", DefaultValueFactory = _ => 5 };
        var foldsFile = new Option<string?>("--folds-file") { Description = "CSV giving each id its fold (needs --id)" };
        var foldColumn = new Option<string>("--fold-column") { Description = "The fold column of --folds-file", DefaultValueFactory = _ => "fold" };
        var trainer = new Option<string>("--trainer") { Description = "auto, lr, fasttree, fastforest or lightgbm", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds and the learners", DefaultValueFactory = _ => 1 };
        var noBalance = new Option<bool>("--no-balance") { Description = "Do not weigh the classes equally in the fit" };
        var threshold = new Option<double>("--threshold") { Description = "Threshold of the reported confusion matrix", DefaultValueFactory = _ => 0.5 };
        var high = new Option<double>("--high-risk") { Description = "Probability from which a customer is high risk", DefaultValueFactory = _ => 0.6 };
        var medium = new Option<double>("--medium-risk") { Description = "Probability from which a customer is medium risk", DefaultValueFactory = _ => 0.3 };
        var output = new Option<string?>("--out") { Description = "Where to save the best model (a .zip); omit to only evaluate" };
        var command = new Command("train", "Cross-validate learners on a table, pick the best by mean ROC AUC, save it")
        {
            data, label, positive, id, ignore, folds, foldsFile, foldColumn, trainer, seed, noBalance, threshold, high, medium, output, asOf, window,
        };
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(data) is null)
            {
                var request = new ChurnRunRequest
                {
                    AsOf = result.GetValue(asOf),
                    WindowDays = InRange(result.GetValue(window), 1, 730, "--window"),
                    Trainer = ChurnTrainerNames.Parse(result.GetRequiredValue(trainer)),
                    Folds = InRange(result.GetValue(folds), 2, 20, "--folds"),
                    Seed = result.GetValue(seed),
                    BalanceClasses = !result.GetValue(noBalance),
                    HighRisk = Probability(result.GetValue(high), "--high-risk"),
                    MediumRisk = Probability(result.GetValue(medium), "--medium-risk"),
                    ModelPath = result.GetValue(output),
                };
                if (request.MediumRisk >= request.HighRisk)
                {
                    throw new ArgumentException("--medium-risk must be below --high-risk.");
                }
                var run = await new RunChurn(CliOptions.ExistingDatabaseFrom(result), TimeProvider.System)
                    .ExecuteAsync(request, new SynchronousMessages(), ct);
                WriteDatabaseRun(run, result.GetValue(CliOptions.Format));
                return 0;
            }
            var options = new ChurnTableOptions
            {
                Label = result.GetValue(label) ?? throw new ArgumentException("--label: say which column of --data is the churn label."),
                Positive = result.GetValue(positive),
                Id = result.GetValue(id),
                Ignore = [.. (result.GetValue(ignore) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
                Folds = InRange(result.GetValue(folds), 2, 20, "--folds"),
                FoldsFile = result.GetValue(foldsFile),
                FoldColumn = result.GetRequiredValue(foldColumn),
                Trainer = ChurnTrainerNames.Parse(result.GetRequiredValue(trainer)),
                Seed = result.GetValue(seed),
                BalanceClasses = !result.GetValue(noBalance),
                Threshold = Probability(result.GetValue(threshold), "--threshold"),
                HighRisk = Probability(result.GetValue(high), "--high-risk"),
                MediumRisk = Probability(result.GetValue(medium), "--medium-risk"),
            };
            if (options.MediumRisk >= options.HighRisk)
            {
                throw new ArgumentException("--medium-risk must be below --high-risk.");
            }
            var table = ReadTable(result.GetValue(data)!);
            var trained = TrainChurnFromTable.Run(table, options, result.GetValue(output), m => CliRunner.Messages.WriteLine(m));
            WriteTraining(trained, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Score()
    {
        var data = new Option<string>("--data") { Description = "CSV with the columns the model was trained on", Required = true };
        var model = new Option<string>("--model") { Description = "A churn model file from 'valora churn train --out'", Required = true };
        var output = new Option<string?>("--out") { Description = "Write id, probability, tier and reasons to this CSV (default: stdout)" };
        var reasons = new Option<int>("--reasons") { Description = "Top reasons per customer (0-20)", DefaultValueFactory = _ => 3 };
        var command = new Command("score", "Score a table with a saved churn model: probability, risk tier and top reasons") { data, model, output, reasons };
        command.SetAction((result, ct) =>
        {
            var top = InRange(result.GetValue(reasons), 0, 20, "--reasons");
            var loaded = ChurnModel.Load(result.GetRequiredValue(model));
            var table = ReadTable(result.GetRequiredValue(data));
            var scores = ScoreChurnFromTable.Run(loaded, table, top);
            var counts = scores.TierCounts();
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scores.Rows.Count} rows scored with {scores.ModelVersion} ({ChurnTrainerNames.Of(loaded.Extra.Trainer)}): high {counts["high"]} (≥ {loaded.Extra.HighRisk:0.##}), medium {counts["medium"]} (≥ {loaded.Extra.MediumRisk:0.##}), low {counts["low"]}"));
            if (result.GetValue(output) is { } path)
            {
                ScoreChurnFromTable.WriteCsv(scores, path, top);
                CliRunner.Messages.WriteLine($"scores written to {path}");
                return Task.FromResult(0);
            }
            var rows = scores.Rows.Select(s => new ScoreLine(s.Id, s.Probability, s.Tier, string.Join("; ", s.Reasons.Select(r => r.Text))));
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format));
            return Task.FromResult(0);
        });
        return command;
    }

    static TableFile ReadTable(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--data: the file '{path}' does not exist.", path);
        }
        var table = TableFile.Read(path);
        foreach (var reject in table.Rejected.Take(5))
        {
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture, $"'{path}' line {reject.Line}: skipped — {reject.Reason}"));
        }
        return table;
    }

    static void WriteTraining(ChurnTrainingResult trained, OutputFormat format)
    {
        var lines = trained.CrossValidation.Select(r => new TrainerLine(
            ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean["roc_auc"], r.StandardDeviation["roc_auc"], r.Mean["pr_auc"], r.Mean["log_loss"],
            r.Mean["brier"], r.Mean["accuracy"], r.Mean["precision"], r.Mean["recall"], r.Mean["f1"])).ToList();
        var best = trained.CrossValidation.Single(r => r.Trainer == trained.Trainer);
        var choice = trained.ChosenByAuto
            ? $"auto picked {ChurnTrainerNames.Of(trained.Trainer)} (best mean CV ROC AUC of {trained.CrossValidation.Count})"
            : $"trainer {ChurnTrainerNames.Of(trained.Trainer)} (as asked)";
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new TrainingReport(
                trained.Version, ChurnTrainerNames.Of(trained.Trainer), trained.ChosenByAuto, trained.Rows, trained.Churned, trained.PositiveLabel,
                trained.ClassWeighting, trained.ModelPath, lines,
                trained.Columns.Select(c => new ColumnLine(c.Name, c.Kind?.ToString().ToLowerInvariant() ?? "unused", c.Note)).ToList(),
                best.Pooled.Confusion, best.Pooled.Calibration, trained.Thresholds, trained.Importance), format);
            return;
        }
        CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trained.Rows} rows, {trained.Churned} churned ('{trained.PositiveLabel}', {(double)trained.Churned / trained.Rows:P1}); class imbalance: {trained.ClassWeighting}"));
        ResultWriter.WriteRows(lines, format, "Cross-validated metrics (mean over folds)");
        if (format == OutputFormat.Table)
        {
            var t = trained.Thresholds;
            ResultWriter.WriteRows(
                new[] { ("max F1", t.MaxF1), ("recall ≥ 80 %", t.Recall80), ("precision ≥ 60 %", t.Precision60), ("high tier", t.HighTier) }
                    .Where(p => p.Item2 is not null)
                    .Select(p => new ThresholdLine(p.Item1, p.Item2!.Threshold, p.Item2.Contacts, p.Item2.Caught, p.Item2.Precision, p.Item2.Recall)),
                format, "Thresholds on the out-of-fold probabilities (contacts needed, churners caught)");
            ResultWriter.WriteRows(trained.Importance.Take(10), format, "Most important columns (ROC AUC lost when shuffled, held-out fold)");
        }
        CliRunner.Messages.WriteLine(trained.ModelPath is null
            ? $"{choice}; not saved (no --out)"
            : $"{choice}; saved {trained.Version} to {trained.ModelPath}");
    }

    static void WriteDatabaseRun(ChurnRun run, OutputFormat format)
    {
        var lines = run.CrossValidation.Select(r => new TrainerLine(
            ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean["roc_auc"], r.StandardDeviation["roc_auc"], r.Mean["pr_auc"], r.Mean["log_loss"],
            r.Mean["brier"], r.Mean["accuracy"], r.Mean["precision"], r.Mean["recall"], r.Mean["f1"])).ToList();
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new
            {
                run.Version, run.Trainer, run.ChosenByAuto, run.AsOf, run.TrainedAsOf, run.WindowDays, run.TrainingCustomers, run.TrainingChurned,
                run.ClassWeighting, CrossValidation = lines, CustomersScored = run.Customers.Count, run.Tiers, run.ModelPath, run.Importance,
            }, format);
            return;
        }
        CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained as of {run.TrainedAsOf:yyyy-MM-dd} on {run.TrainingCustomers} customers, {run.TrainingChurned} ({(double)run.TrainingChurned / run.TrainingCustomers:P1}) made no purchase in the next {run.WindowDays} days; class imbalance: {run.ClassWeighting}"));
        ResultWriter.WriteRows(lines, format, "Cross-validated metrics (mean over folds)");
        ResultWriter.WriteRows(run.Tiers, format, string.Create(CultureInfo.InvariantCulture,
            $"Churn tiers as of {run.AsOf:yyyy-MM-dd} ({run.Customers.Count} customers; {(run.ValueAtRiskKnown ? "value at risk = P × CLV" : "no CLV scores, so no value at risk")})"));
        if (format == OutputFormat.Table)
        {
            ResultWriter.WriteRows(run.Importance.Take(10), format, "Most important features (ROC AUC lost when shuffled, held-out fold)");
        }
        CliRunner.Messages.WriteLine($"{(run.ChosenByAuto ? "auto picked" : "trainer")} {run.Trainer}; scores stored as {run.Version}{(run.ModelPath is null ? "" : $", model saved to {run.ModelPath}")}");
    }

    static int InRange(int value, int min, int max, string name) => value >= min && value <= max
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (got {value})."));

    static double Probability(double value, string name) => value is > 0 and < 1
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be strictly between 0 and 1 (got {value})."));

    sealed record TrainerLine(string Trainer, int Folds, double RocAuc, double RocAucSd, double PrAuc, double LogLoss, double Brier,
        double Accuracy, double Precision, double Recall, double F1);

    sealed record ThresholdLine(string Preset, double Threshold, long Contacts, long Caught, double Precision, double Recall);

    sealed record ColumnLine(string Column, string Use, string Reason);

    sealed record ScoreLine(string Id, double Probability, string Tier, string Reasons);

    sealed record TrainingReport(string Version, string Trainer, bool ChosenByAuto, int Rows, int Churned, string PositiveLabel,
        string ClassWeighting, string? ModelPath, IReadOnlyList<TrainerLine> CrossValidation, IReadOnlyList<ColumnLine> Columns,
        ConfusionMatrix Confusion, IReadOnlyList<CalibrationBin> Calibration, ThresholdSummary Thresholds, IReadOnlyList<ColumnImportance> Importance);
}
