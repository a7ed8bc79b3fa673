using System.Globalization;
using System.Security.Cryptography;
using Valora.Analytics.Churn;
using Valora.Data.ModelStore;
using Valora.Data.Tables;

namespace Valora.Data.Churn;

/// <summary>
/// Bring-your-own-table churn training (<c>valora churn train --data t.csv --label Churn</c>): detects how each
/// column is used, cross-validates the learner(s) on stratified seeded folds (or the folds of a fold file), picks the
/// best mean ROC AUC under auto, trains the chosen learner on all rows and saves it with its metadata.
/// </summary>
public static class TrainChurnFromTable
{
    /// <summary>Learners tried by auto, in this order (a tie keeps the earlier).</summary>
    public static readonly IReadOnlyList<ChurnTrainer> AutoTrainers =
        [ChurnTrainer.LogisticRegression, ChurnTrainer.FastTree, ChurnTrainer.FastForest, ChurnTrainer.LightGbm];

    /// <summary>Trains and, when <paramref name="outPath"/> is given, saves the model.</summary>
    /// <exception cref="InvalidDataException">The table, label or folds break a rule (the message names row, column or option).</exception>
    public static ChurnTrainingResult Run(TableFile table, ChurnTableOptions options, string? outPath, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        if (table.Rows.Count == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no data rows.");
        }
        var labelIndex = table.Require(options.Label, "--label");
        var idIndex = options.Id is null ? -1 : table.Require(options.Id, "--id");
        var ignored = new HashSet<int> { labelIndex };
        if (idIndex >= 0) ignored.Add(idIndex);
        foreach (var name in options.Ignore)
        {
            ignored.Add(table.Require(name, "--ignore"));
        }
        var (labels, positive, negative) = Labels(table, labelIndex, options.Positive);

        var detected = new List<DetectedColumn>();
        var columns = new List<FeatureColumn>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (ignored.Contains(c)) continue;
            var d = ColumnDetection.Detect(table.Columns[c], table.Column(c));
            detected.Add(d);
            if (d.Kind is { } kind) columns.Add(new FeatureColumn(table.Columns[c], c, kind));
        }
        if (columns.Count == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no usable feature column besides the label and id.");
        }

        var folds = options.FoldsFile is null
            ? StratifiedFolds(labels, options)
            : FoldsFromFile(table, idIndex, options);
        var training = new ChurnTrainingOptions(options.Seed, options.BalanceClasses);
        var trainers = options.Trainer is { } t ? [t] : AutoTrainers;
        var reports = new List<CrossValidationReport>();
        foreach (var trainer in trainers)
        {
            progress?.Invoke($"cross-validating {ChurnTrainerNames.Of(trainer)} …");
            try
            {
                reports.Add(ChurnCrossValidation.Run(table.Rows, columns, labels, folds, trainer, training, options.Threshold));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException(WithLine(table, ex.Message), ex);
            }
        }
        var best = reports.OrderByDescending(r => r.Mean["roc_auc"]).First();

        progress?.Invoke($"training {ChurnTrainerNames.Of(best.Trainer)} on all {table.Rows.Count} rows …");
        var encoder = FeatureEncoder.Fit(table.Rows, columns);
        var binding = columns.Select(c => c.Index).ToArray();
        var features = table.Rows.Select((r, i) => encoder.Encode(r, binding, i)).ToArray();
        var model = ChurnClassifier.Train(features, labels, best.Trainer, training);

        var (nPositive, nNegative) = (labels.Count(l => l), labels.Count(l => !l));
        var weighting = options.BalanceClasses
            ? string.Create(CultureInfo.InvariantCulture,
                $"balanced class weights in the fit (churned {labels.Length / (2.0 * nPositive):0.###}, stayed {labels.Length / (2.0 * nNegative):0.###}); probabilities recalibrated unweighted (Platt) to the observed rate {(double)nPositive / labels.Length:0.####}")
            : "no class weights";
        var extra = new ChurnModelExtra(encoder, model.Calibration, best.Trainer, table.Columns[labelIndex], positive,
            idIndex >= 0 ? table.Columns[idIndex] : null, options.HighRisk, options.MediumRisk, weighting);

        progress?.Invoke("permutation importance on a held-out fold …");
        var importance = PermutationImportance.HeldOut(table.Rows, columns, labels, folds, best.Trainer, training, 5, options.Seed);

        var curve = PrecisionRecallCurve.Of(labels, best.OutOfFold);
        var thresholds = new ThresholdSummary(
            ThresholdPresets.MaxF1(curve),
            ThresholdPresets.TargetRecall(curve, 0.8),
            ThresholdPresets.TargetPrecision(curve, 0.6),
            curve.At(options.HighRisk));

        var trainedAt = DateTime.UtcNow;
        var version = "churn-" + trainedAt.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        if (outPath is not null)
        {
            var roles = new List<ModelFeature> { new(table.Columns[labelIndex], "label") };
            if (idIndex >= 0) roles.Add(new ModelFeature(table.Columns[idIndex], "id"));
            roles.AddRange(detected.Select(d => new ModelFeature(d.Name, d.Kind?.ToString().ToLowerInvariant() ?? "unused")));
            var metrics = best.Mean.ToDictionary(kv => "cv_" + kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var metadata = new ModelMetadata("churn", version, trainedAt, ChurnTrainerNames.Of(best.Trainer), Path.GetFullPath(table.Path),
                Sha256(table.Path), null, null, roles, metrics, extra.ToJson());
            ModelFile.Save(outPath, model.Ml, model.Model, model.InputSchema, metadata);
        }
        return new ChurnTrainingResult(version, best.Trainer, options.Trainer is null, table.Rows.Count, nPositive, positive, negative,
            weighting, detected, reports, thresholds, outPath, importance);
    }

    /// <summary>Reads the label column: exactly two values, the positive one named or inferred.</summary>
    static (bool[] Labels, string Positive, string Negative) Labels(TableFile table, int labelIndex, string? positive)
    {
        var raw = table.Column(labelIndex);
        var name = table.Columns[labelIndex];
        for (var r = 0; r < raw.Length; r++)
        {
            if (ColumnDetection.IsBlank(raw[r]))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{table.Path}' line {table.Lines[r]}: the label column '{name}' is blank (every row needs a label)."));
            }
        }
        var values = raw.Select(v => v.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (values.Length != 2)
        {
            throw new InvalidDataException($"--label: column '{name}' must hold exactly two values for churn; it holds {values.Length} ({string.Join(", ", values.Take(10))}).");
        }
        var pos = positive?.Trim()
            ?? ColumnDetection.TrueValueOf(values)
            ?? (values is ["0", "1"] ? "1" : null)
            ?? throw new InvalidDataException($"--positive: say which value of '{name}' means churned ({values[0]} or {values[1]}).");
        if (!values.Contains(pos, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"--positive: '{pos}' is not a value of '{name}' (its values are {values[0]} and {values[1]}).");
        }
        var neg = values.First(v => !string.Equals(v, pos, StringComparison.Ordinal));
        return ([.. raw.Select(v => string.Equals(v.Trim(), pos, StringComparison.Ordinal))], pos, neg);
    }

    static int[] StratifiedFolds(bool[] labels, ChurnTableOptions options)
    {
        try
        {
            return StratifiedKFold.Assign(labels, options.Folds, options.Seed);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException("--folds: " + ex.Message.Split(" (Parameter")[0], ex);
        }
    }

    static int[] FoldsFromFile(TableFile table, int idIndex, ChurnTableOptions options)
    {
        if (idIndex < 0)
        {
            throw new InvalidDataException("--folds-file: needs --id, the column that joins the data to the fold file.");
        }
        var file = TableFile.Read(options.FoldsFile!);
        var fileId = file.Require(table.Columns[idIndex], "--folds-file");
        var fileFold = file.Require(options.FoldColumn, "--fold-column");
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < file.Rows.Count; r++)
        {
            var text = file.Rows[r][fileFold].Trim();
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fold) || fold < 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{file.Path}' line {file.Lines[r]}: fold '{text}' is not a whole number ≥ 0."));
            }
            byId[file.Rows[r][fileId].Trim()] = fold;
        }
        var folds = new int[table.Rows.Count];
        for (var r = 0; r < folds.Length; r++)
        {
            var id = table.Rows[r][idIndex].Trim();
            if (!byId.TryGetValue(id, out folds[r]))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{table.Path}' line {table.Lines[r]}: id '{id}' has no fold in '{file.Path}'."));
            }
        }
        return folds;
    }

    /// <summary>"row 12" from the encoder (a 0-based row index) → the file's line number.</summary>
    internal static string WithLine(TableFile table, string message)
    {
        const string prefix = "row ";
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            var end = message.IndexOf(',', StringComparison.Ordinal);
            if (end > 0 && int.TryParse(message.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var row)
                && row >= 0 && row < table.Lines.Count)
            {
                return string.Create(CultureInfo.InvariantCulture, $"'{table.Path}' line {table.Lines[row]}") + message[end..];
            }
        }
        return $"'{table.Path}': {message}";
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>What <see cref="TrainChurnFromTable.Run"/> did.</summary>
/// <param name="Version">Model version.</param>
/// <param name="Trainer">The learner chosen (or given).</param>
/// <param name="ChosenByAuto">True when auto picked it by mean CV ROC AUC.</param>
/// <param name="Rows">Rows trained on.</param>
/// <param name="Churned">Positive rows.</param>
/// <param name="PositiveLabel">The label value meaning churned.</param>
/// <param name="NegativeLabel">The other value.</param>
/// <param name="ClassWeighting">What was done about class imbalance.</param>
/// <param name="Columns">How each column was used.</param>
/// <param name="CrossValidation">One report per learner tried.</param>
/// <param name="Thresholds">Threshold presets on the chosen learner's out-of-fold predictions.</param>
/// <param name="ModelPath">Where the model was saved.</param>
/// <param name="Importance">Permutation importance of each column on a held-out fold, largest first.</param>
public sealed record ChurnTrainingResult(
    string Version,
    ChurnTrainer Trainer,
    bool ChosenByAuto,
    int Rows,
    int Churned,
    string PositiveLabel,
    string NegativeLabel,
    string ClassWeighting,
    IReadOnlyList<DetectedColumn> Columns,
    IReadOnlyList<CrossValidationReport> CrossValidation,
    ThresholdSummary Thresholds,
    string? ModelPath,
    IReadOnlyList<ColumnImportance> Importance);

/// <summary>Threshold presets on out-of-fold predictions.</summary>
/// <param name="MaxF1">The threshold of the highest F1.</param>
/// <param name="Recall80">The fewest contacts catching 80 % of churners.</param>
/// <param name="Precision60">The most churners caught with 60 % of contacts being churners (null if unreachable).</param>
/// <param name="HighTier">What contacting the high tier catches.</param>
public sealed record ThresholdSummary(CurvePoint MaxF1, CurvePoint Recall80, CurvePoint? Precision60, CurvePoint HighTier);
