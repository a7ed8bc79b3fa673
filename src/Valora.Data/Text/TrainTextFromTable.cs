using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Valora.Analytics.Text;
using Valora.Data.ModelStore;
using Valora.Data.Tables;

namespace Valora.Data.Text;

/// <summary>
/// Bring-your-own-table text classification (<c>valora text train --data t.csv --text review --label label</c>):
/// keeps the rows that pass the filter and have both a text and a label, cross-validates the classifier on seeded
/// stratified folds (one after another), fits the calibration temperature on the out-of-fold probabilities, trains on
/// all kept rows and saves the model with its metadata and each class's top terms.
/// </summary>
public static class TrainTextFromTable
{
    /// <summary>Trains and, when <paramref name="outPath"/> is given, saves the model.</summary>
    /// <exception cref="InvalidDataException">The table, a column, the filter or the folds break a rule (the message names the option and the rule).</exception>
    public static TextTrainingResult Run(TableFile table, TextTableOptions options, string? outPath, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Folds < 2)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"--folds: cross-validation needs at least 2 folds (got {options.Folds})."));
        }
        if (table.Rows.Count == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no data rows.");
        }
        var textIndex = table.Require(options.Text, "--text");
        var labelIndex = table.Require(options.Label, "--label");
        if (textIndex == labelIndex)
        {
            throw new InvalidDataException($"--text and --label name the same column '{table.Columns[textIndex]}'.");
        }
        var training = options.Training with { Seed = options.Seed };
        try
        {
            training.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidDataException($"--{Option(ex.ParamName)}: {ex.Message.Split(" (Parameter")[0]}", ex);
        }

        var rows = Enumerable.Range(0, table.Rows.Count);
        string? filter = null;
        if (options.Where is { } where)
        {
            var whereIndex = table.Require(where.Column, "--where");
            filter = $"{table.Columns[whereIndex]} = {where.Value}";
            rows = rows.Where(r => string.Equals(table.Rows[r][whereIndex].Trim(), where.Value, StringComparison.Ordinal));
            if (!rows.Any())
            {
                var values = table.Column(whereIndex).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(10);
                throw new InvalidDataException(
                    $"--where: no row of '{table.Path}' has {table.Columns[whereIndex]} = '{where.Value}' (its values include: {string.Join(", ", values)}).");
            }
        }
        var selected = rows.ToArray();
        var kept = selected.Where(r => !string.IsNullOrWhiteSpace(table.Rows[r][textIndex]) && !string.IsNullOrWhiteSpace(table.Rows[r][labelIndex])).ToArray();
        var blankText = selected.Count(r => string.IsNullOrWhiteSpace(table.Rows[r][textIndex]));
        var blankLabel = selected.Count(r => !string.IsNullOrWhiteSpace(table.Rows[r][textIndex]) && string.IsNullOrWhiteSpace(table.Rows[r][labelIndex]));
        if (blankText == selected.Length)
        {
            throw new InvalidDataException(
                $"--text: column '{table.Columns[textIndex]}' of '{table.Path}' is blank in every row{(filter is null ? "" : $" where {filter}")}: there is no text to learn from.");
        }
        if (kept.Length == 0)
        {
            throw new InvalidDataException(
                $"--label: column '{table.Columns[labelIndex]}' of '{table.Path}' is blank in every row that has a text: there is nothing to learn.");
        }
        var texts = kept.Select(r => table.Rows[r][textIndex]).ToArray();
        var labels = kept.Select(r => table.Rows[r][labelIndex].Trim()).ToArray();
        var classes = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"--label: column '{table.Columns[labelIndex]}' holds one class only ('{classes[0]}') in the {kept.Length} rows kept; a classifier needs at least two classes."));
        }
        int[] folds;
        try
        {
            folds = TextFolds.Assign(labels, options.Folds, options.Seed);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("--folds: " + ex.Message.Split(" (Parameter")[0] + " Use fewer folds, or merge or leave out the rare classes.", ex);
        }

        var clock = Stopwatch.StartNew();
        var report = TextCrossValidation.Run(texts, labels, folds, training, (f, k) => progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"cross-validating: fold {f} of {k} …")));
        var cvSeconds = clock.Elapsed.TotalSeconds;
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"training on all {texts.Length} rows …"));
        clock.Restart();
        var model = TextClassifier.Train(texts, labels, training).WithCalibration(report.Calibration);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        var topTerms = model.TopTerms(Math.Clamp(options.TopTerms, 0, 100));

        var trainedAt = DateTime.UtcNow;
        var version = "text-" + trainedAt.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        var extra = new TextModelExtra(model.Classes, report.Calibration.Temperature, model.Analyzer, training.CharacterNgramsFor(model.Analyzer),
            training.WordNgrams, training.L2Regularization, training.MaximumIterations, table.Columns[textIndex], table.Columns[labelIndex], filter, topTerms);
        var metrics = report.Mean.ToDictionary(kv => "cv_" + kv.Key, kv => kv.Value, StringComparer.Ordinal);
        metrics["cv_pooled_log_loss_calibrated"] = report.Pooled.LogLoss;
        metrics["cv_pooled_ece_calibrated"] = report.Pooled.ExpectedCalibrationError;
        metrics["temperature"] = report.Calibration.Temperature;
        metrics["features"] = model.FeatureCount;
        ModelFeature[] roles = [new(table.Columns[textIndex], "text"), new(table.Columns[labelIndex], "label")];
        var isFile = File.Exists(table.Path);
        var metadata = new ModelMetadata(TextModel.Kind, version, trainedAt, TextModel.Trainer, isFile ? Path.GetFullPath(table.Path) : table.Path,
            isFile ? Sha256(table.Path) : null, null, null, roles, metrics, extra.ToJson());
        if (outPath is not null)
        {
            ModelFile.Save(outPath, model.Ml, model.Model, model.InputSchema, metadata);
        }
        return new TextTrainingResult(version, texts.Length, table.Rows.Count - selected.Length, blankText, blankLabel, filter, extra, report,
            model.FeatureCount, cvSeconds, fitSeconds, outPath, new TextModel(model, extra, metadata));
    }

    static string Option(string? parameter) => parameter switch
    {
        nameof(TextTrainingOptions.CharacterNgrams) => "char-ngrams",
        nameof(TextTrainingOptions.WordNgrams) => "word-ngrams",
        nameof(TextTrainingOptions.L2Regularization) => "l2",
        nameof(TextTrainingOptions.MaximumIterations) => "iterations",
        _ => parameter ?? "option",
    };

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>What <see cref="TrainTextFromTable.Run"/> did.</summary>
/// <param name="Version">Model version.</param>
/// <param name="Rows">Rows trained on (filter passed, text and label present).</param>
/// <param name="FilteredOut">Rows left out by the filter.</param>
/// <param name="BlankText">Rows left out for a blank text.</param>
/// <param name="BlankLabel">Rows left out for a blank label.</param>
/// <param name="Filter">The filter, in words, if any.</param>
/// <param name="Model">Classes, temperature, featurisation and top terms of the saved model.</param>
/// <param name="CrossValidation">The cross-validation report.</param>
/// <param name="Features">N-grams the final model knows.</param>
/// <param name="CrossValidationSeconds">Wall time of the cross-validation.</param>
/// <param name="TrainingSeconds">Wall time of the final fit on all rows.</param>
/// <param name="ModelPath">Where the model was saved.</param>
/// <param name="Trained">The trained model with the metadata it is (or would be) saved with, to score with at once.</param>
public sealed record TextTrainingResult(
    string Version,
    int Rows,
    int FilteredOut,
    int BlankText,
    int BlankLabel,
    string? Filter,
    TextModelExtra Model,
    TextCrossValidationReport CrossValidation,
    int Features,
    double CrossValidationSeconds,
    double TrainingSeconds,
    string? ModelPath,
    TextModel Trained);
