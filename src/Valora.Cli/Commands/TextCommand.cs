using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Valora.Analytics.Text;
using Valora.Data.Tables;
using Valora.Data.Text;

namespace Valora.Cli.Commands;

/// <summary><c>valora text train|score|score-interactions</c>: text classification on a user's own table (<c>--data</c>) or on Valora's own records.</summary>
public static class TextCommand
{
    public static Command Create() => new("text", "Text classification: sentiment, topic or complaint reason of messages (Chinese and English)")
    {
        Train(), Score(), ScoreInteractions(),
    };

    static Command Train()
    {
        var data = new Option<string?>("--data") { Description = "CSV with one message per row (or --records)" };
        var records = new Option<string?>("--records") { Description = "Learn from the database's own records instead: tickets (label kind), interactions (label outcome) or surveys (label nps_group)" };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "--records: only records before this day" };
        var text = new Option<string?>("--text") { Description = "The text column (required with --data; 'text' with --records)" };
        var label = new Option<string?>("--label") { Description = "The label column, two or more classes (required with --data; with --records default kind, outcome or nps_group)" };
        var folds = new Option<int>("--folds") { Description = "Stratified cross-validation folds (2-20)", DefaultValueFactory = _ => 5 };
        var where = new Option<string?>("--where") { Description = "Train only on rows where <column>=<value> (e.g. airline_sentiment=negative)" };
        var analyzer = new Option<string>("--analyzer") { Description = "auto, chars (character n-grams: Chinese, Japanese) or words (words + characters)", DefaultValueFactory = _ => "auto" };
        var charNgrams = new Option<int?>("--char-ngrams") { Description = "Longest character n-gram, 1-6 (default 3 for chars, 5 for words)" };
        var wordNgrams = new Option<int>("--word-ngrams") { Description = "Longest word n-gram, 1-3", DefaultValueFactory = _ => TextTrainingOptions.DefaultWordNgrams };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty of the learner", DefaultValueFactory = _ => new TextTrainingOptions().L2Regularization };
        var iterations = new Option<int>("--iterations") { Description = "Most passes of the learner over the data", DefaultValueFactory = _ => new TextTrainingOptions().MaximumIterations };
        var seed = new Option<int>("--seed") { Description = "Seed of the folds and the learner", DefaultValueFactory = _ => 1 };
        var terms = new Option<int>("--terms") { Description = "Top terms shown and kept per class (0-100)", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Where to save the model (a .zip); omit to only evaluate" };
        var command = new Command("train", "Cross-validate a text classifier on a table (accuracy, macro-F1, per class, confusion matrix) and save it")
        {
            data, records, asOf, text, label, folds, where, analyzer, charNgrams, wordNgrams, l2, iterations, seed, terms, output,
        };
        command.SetAction(async (result, ct) =>
        {
            var source = result.GetValue(records) is { } r ? TextRecords.Parse(r) : (TextRecordSource?)null;
            var file = result.GetValue(data);
            if ((file is null) == (source is null))
            {
                throw new ArgumentException("give either --data <file.csv> or --records tickets|interactions|surveys (one of the two).");
            }
            if (source is null && result.GetValue(asOf) is not null)
            {
                throw new ArgumentException("--as-of applies to --records only (filter a file with --where).");
            }
            var options = new TextTableOptions
            {
                Text = result.GetValue(text) ?? (source is null ? throw new ArgumentException("--text is required with --data.") : TextRecords.TextColumn),
                Label = result.GetValue(label) ?? (source is { } s ? TextRecords.DefaultLabel(s) : throw new ArgumentException("--label is required with --data.")),
                Folds = InRange(result.GetValue(folds), 2, 20, "--folds"),
                Where = result.GetValue(where) is { } w ? ParseWhere(w) : null,
                Seed = result.GetValue(seed),
                TopTerms = InRange(result.GetValue(terms), 0, 100, "--terms"),
                Training = new TextTrainingOptions
                {
                    Analyzer = ParseAnalyzer(result.GetRequiredValue(analyzer)),
                    CharacterNgrams = result.GetValue(charNgrams) is { } c ? InRange(c, 1, 6, "--char-ngrams") : null,
                    WordNgrams = InRange(result.GetValue(wordNgrams), 1, 3, "--word-ngrams"),
                    L2Regularization = result.GetValue(l2) is var penalty && penalty > 0 && double.IsFinite(penalty)
                        ? penalty
                        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--l2 must be a positive number (got {penalty}).")),
                    MaximumIterations = InRange(result.GetValue(iterations), 1, 1000, "--iterations"),
                },
            };
            var table = source is { } from
                ? await TextRecords.LoadAsync(CliOptions.ExistingDatabaseFrom(result), from, result.GetValue(asOf), ct)
                : ReadTable(file!);
            var trained = TrainTextFromTable.Run(table, options, result.GetValue(output), m => CliRunner.Messages.WriteLine(m));
            WriteTraining(trained, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Score()
    {
        var data = new Option<string>("--data") { Description = "CSV with a text column", Required = true };
        var model = new Option<string>("--model") { Description = "A text model file from 'valora text train --out'", Required = true };
        var text = new Option<string?>("--text") { Description = "The text column (default: the one the model was trained on)" };
        var id = new Option<string?>("--id") { Description = "An id column written beside each prediction (default: the line number)" };
        var terms = new Option<int>("--terms") { Description = "Top terms per message (0-20)", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "Write id, label, probability, top terms and each class's probability to this CSV (default: stdout)" };
        var command = new Command("score", "Classify each row's text with a saved text model: label, calibrated probability and top terms")
        {
            data, model, text, id, terms, output,
        };
        command.SetAction((result, ct) =>
        {
            var top = InRange(result.GetValue(terms), 0, 20, "--terms");
            var loaded = TextModel.Load(result.GetRequiredValue(model));
            var table = ReadTable(result.GetRequiredValue(data));
            var scores = ScoreTextFromTable.Run(loaded, table, result.GetValue(text), result.GetValue(id), top);
            var counts = scores.ClassCounts();
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scores.Rows.Count} rows classified with {scores.ModelVersion}: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}"));
            if (result.GetValue(output) is { } path)
            {
                ScoreTextFromTable.WriteCsv(scores, path);
                CliRunner.Messages.WriteLine($"predictions written to {path}");
                return Task.FromResult(0);
            }
            var rows = scores.Rows.Select(s => new ScoreLine(s.Id, s.Prediction.Label, s.Prediction.Probability, string.Join("; ", s.Prediction.TopTerms.Select(t => t.Term))));
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format));
            return Task.FromResult(0);
        });
        return command;
    }

    static Command ScoreInteractions()
    {
        var model = new Option<string>("--model") { Description = "A text model file from 'valora text train --out'", Required = true };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "Classify interactions before this day (default: the day after the latest one with a text)" };
        var negative = new Option<string?>("--negative") { Description = "The class counted as negative per customer (default: a class named 'negative', if any)" };
        var inbound = new Option<bool>("--inbound-only") { Description = "Only what customers sent, not the team's messages to them" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Classify and report without storing the scores" };
        var top = new Option<int>("--top") { Description = "Customers listed, most negative (or most messages) first (0-1000)", DefaultValueFactory = _ => 10 };
        var command = new Command("score-interactions",
            "Classify every stored interaction text with a text model and store per customer the messages, the share in each class, the top and latest class and the negative share")
        {
            model, asOf, negative, inbound, dryRun, top,
        };
        command.SetAction(async (result, ct) =>
        {
            var shown = InRange(result.GetValue(top), 0, 1000, "--top");
            var loaded = TextModel.Load(result.GetRequiredValue(model));
            var request = new InteractionTextRequest
            {
                AsOf = result.GetValue(asOf),
                NegativeClass = result.GetValue(negative),
                InboundOnly = result.GetValue(inbound),
            };
            InteractionTextRun run;
            try
            {
                run = await new ScoreInteractionText(CliOptions.ExistingDatabaseFrom(result), TimeProvider.System)
                    .ExecuteAsync(loaded, request, save: !result.GetValue(dryRun), new SynchronousMessages(), ct);
            }
            catch (ArgumentException e) when (e.ParamName == nameof(InteractionTextRequest.NegativeClass))
            {
                throw new ArgumentException("--negative: " + e.Message.Split(" (Parameter")[0], e);
            }
            var format = result.GetValue(CliOptions.Format);
            var customers = run.Customers
                .OrderByDescending(c => c.NegativeShare ?? 0).ThenByDescending(c => c.Messages).ThenBy(c => c.CustomerId)
                .Take(shown)
                .Select(c => new CustomerLine(c.CustomerId, c.Messages, c.TopClass, c.TopShare, c.NegativeShare, c.LastClass, c.LastProbability, c.LastAt))
                .ToList();
            var classes = run.Classes.Select((c, i) => new ClassCountLine(c, run.ClassCounts[i], (double)run.ClassCounts[i] / run.Messages)).ToList();
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(new InteractionsReport(run.Version, run.AsOf, run.InboundOnly, run.NegativeClass, run.Messages, run.Customers.Count,
                    classes, customers, !result.GetValue(dryRun)), format);
                return 0;
            }
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Messages} {(run.InboundOnly ? "inbound " : "")}messages of {run.Customers.Count} customers before {run.AsOf:yyyy-MM-dd} classified with {run.Version}"));
            ResultWriter.WriteRows(classes, format, "Messages per class");
            if (customers.Count > 0)
            {
                ResultWriter.WriteRows(customers, format, run.NegativeClass is null ? "Customers with the most messages" : $"Customers with the largest share of '{run.NegativeClass}'");
            }
            CliRunner.Messages.WriteLine(result.GetValue(dryRun) ? "not stored (--dry-run)" : $"scores stored as {run.Version}, as of {run.AsOf:yyyy-MM-dd}");
            return 0;
        });
        return command;
    }

    static void WriteTraining(TextTrainingResult trained, OutputFormat format)
    {
        var cv = trained.CrossValidation;
        var metrics = cv.Mean.Keys.Select(k => new MetricLine(k, cv.Mean[k], cv.StandardDeviation[k])).ToList();
        var perClass = cv.Pooled.PerClass.Select(c => new ClassLine(c.Class, c.Support, c.Precision, c.Recall, c.F1)).ToList();
        var topTerms = trained.Model.TopTerms.Select(c => new TermsLine(c.Class, string.Join(", ", c.Terms.Select(t => t.Term)))).ToList();
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(new TrainingReport(trained.Version, trained.Rows, trained.FilteredOut, trained.BlankText, trained.BlankLabel,
                trained.Filter, trained.Model.Analyzer.ToString(), trained.Model.CharacterNgrams,
                trained.Model.Analyzer == TextAnalyzer.Characters ? null : trained.Model.WordNgrams, trained.Features, cv.Folds,
                cv.Mean, cv.StandardDeviation, trained.Model.Temperature, cv.Uncalibrated.LogLoss, cv.Pooled.LogLoss,
                cv.Uncalibrated.ExpectedCalibrationError, cv.Pooled.ExpectedCalibrationError, perClass,
                new ConfusionReport(cv.Classes, cv.Pooled.Confusion), trained.Model.TopTerms, trained.CrossValidationSeconds, trained.TrainingSeconds,
                trained.ModelPath), format);
            return;
        }
        CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{trained.Rows} rows{(trained.Filter is null ? "" : $" where {trained.Filter}")} ({trained.FilteredOut} filtered out, {trained.BlankText} blank texts, {trained.BlankLabel} blank labels left out), {cv.Classes.Count} classes; {Describe(trained)}, {trained.Features} n-grams"));
        ResultWriter.WriteRows(metrics, format, string.Create(CultureInfo.InvariantCulture, $"Cross-validated metrics ({cv.Folds} stratified folds: mean ± sd)"));
        ResultWriter.WriteRows(perClass, format, "Per class (pooled out-of-fold predictions)");
        if (format == OutputFormat.Table)
        {
            var confusion = cv.Classes.Select((c, i) => new ConfusionLine(c, string.Join("  ", cv.Pooled.Confusion[i].Select(n => n.ToString(CultureInfo.InvariantCulture)))));
            ResultWriter.WriteRows(confusion, format, $"Confusion matrix (rows: true class; columns: predicted {string.Join(", ", cv.Classes)})");
            ResultWriter.WriteRows(topTerms, format, "Top terms per class");
        }
        CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calibration: temperature {trained.Model.Temperature:0.###} (out-of-fold log loss {cv.Uncalibrated.LogLoss:0.####} → {cv.Pooled.LogLoss:0.####}, calibration error {cv.Uncalibrated.ExpectedCalibrationError:0.####} → {cv.Pooled.ExpectedCalibrationError:0.####}); cross-validation {trained.CrossValidationSeconds:0.#} s, final fit {trained.TrainingSeconds:0.#} s"));
        CliRunner.Messages.WriteLine(trained.ModelPath is null ? "not saved (no --out)" : $"saved {trained.Version} to {trained.ModelPath}");
    }

    static string Describe(TextTrainingResult trained) => trained.Model.Analyzer == TextAnalyzer.Characters
        ? string.Create(CultureInfo.InvariantCulture, $"character 1–{trained.Model.CharacterNgrams}-grams")
        : string.Create(CultureInfo.InvariantCulture, $"word 1–{trained.Model.WordNgrams}-grams + character 1–{trained.Model.CharacterNgrams}-grams");

    static (string, string) ParseWhere(string value)
    {
        var at = value.IndexOf('=', StringComparison.Ordinal);
        return at > 0 && value[..at].Trim().Length > 0
            ? (value[..at].Trim(), value[(at + 1)..].Trim())
            : throw new ArgumentException($"--where must be <column>=<value> (got '{value}').");
    }

    static TextAnalyzer ParseAnalyzer(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => TextAnalyzer.Auto,
        "chars" or "characters" => TextAnalyzer.Characters,
        "words" => TextAnalyzer.WordsAndCharacters,
        _ => throw new ArgumentException($"--analyzer must be auto, chars or words (got '{value}')."),
    };

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

    static int InRange(int value, int min, int max, string name) => value >= min && value <= max
        ? value
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max} (got {value})."));

    sealed record ClassCountLine(string Class, int Messages, double Share);

    sealed record CustomerLine(long CustomerId, int Messages, string TopClass, double TopShare, double? NegativeShare, string LastClass,
        double LastProbability, DateTime LastAt);

    sealed record InteractionsReport(string Version, DateOnly AsOf, bool InboundOnly, string? NegativeClass, int Messages, int Customers,
        IReadOnlyList<ClassCountLine> Classes, IReadOnlyList<CustomerLine> Top, bool Stored);

    sealed record MetricLine(string Metric, double Mean, double Sd);

    sealed record ClassLine(string Class, long Support, double Precision, double Recall, double F1);

    sealed record ConfusionLine(string TrueClass, string Predicted);

    sealed record TermsLine(string Class, string TopTerms);

    sealed record ScoreLine(string Id, string Label, double Probability, string TopTerms);

    sealed record ConfusionReport(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<long>> Matrix);

    sealed record TrainingReport(string Version, int Rows, int FilteredOut, int BlankText, int BlankLabel, string? Filter, string Analyzer,
        int CharacterNgrams, int? WordNgrams, int Features, int Folds, IReadOnlyDictionary<string, double> Mean,
        IReadOnlyDictionary<string, double> StandardDeviation, double Temperature, double LogLossBefore, double LogLossAfter, double CalibrationErrorBefore,
        double CalibrationErrorAfter, IReadOnlyList<ClassLine> PerClass, ConfusionReport Confusion, IReadOnlyList<ClassTerms> TopTerms,
        double CrossValidationSeconds, double TrainingSeconds, string? ModelPath);
}
