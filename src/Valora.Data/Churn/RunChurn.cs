using System.Globalization;
using Valora.Analytics.Churn;
using Valora.Data.Analysis;
using Valora.Data.ModelStore;
using Valora.Data.Sales;
using Valora.Data.Scores;

namespace Valora.Data.Churn;

/// <summary>
/// Use case: churn on Valora's own orders. A customer active before a date churns when they make no purchase in the
/// <see cref="ChurnRunRequest.WindowDays"/> days after it. Training looks back one window: features as of
/// <c>asOf − window</c> (from purchases before it only, <see cref="ChurnFeatures.From"/>), labels from the purchases in
/// [asOf − window, asOf) — a window fully observed by the as-of date. The learner(s) are cross-validated on seeded
/// stratified folds (auto picks the best mean ROC AUC), the chosen one is trained on all customers, and every
/// customer active before the as-of date is scored with the same feature function as of it: probability of no
/// purchase in the next window, tier, top reasons and, when CLV was scored, the value at risk P(churn) × CLV. The
/// run is stored through <see cref="RunWriter"/> (model "churn", the model version, the as-of date), and the model
/// file saved when a path is given.
/// </summary>
public sealed class RunChurn(ValoraDatabase database, TimeProvider? time = null, CustomerDataset? dataset = null)
{
    /// <summary>Trains, scores and (unless <see cref="ChurnRunRequest.Save"/> is false) stores the scores.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range (the message names it).</exception>
    /// <exception cref="NotAnalysableException">No orders, too short a history for the window, or only one class.</exception>
    public async Task<ChurnRun> ExecuteAsync(ChurnRunRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        progress?.Report("loading purchases");
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to learn churn from.") { Model = Metrics.Churn.Model };
        }
        var (asOf, cutoff, firstDay) = LearningWindow.Resolve(purchases.Min(p => p.OccurredAtUtc), purchases.Max(p => p.OccurredAtUtc), request.AsOf, request.WindowDays,
            Metrics.Churn.Model, "churn window");

        var training = ChurnFeatures.From(purchases, cutoff);
        var labels = ChurnFeatures.Labels(training, purchases, request.WindowDays);
        var churned = labels.Count(l => l);
        var minority = Math.Min(churned, labels.Length - churned);
        if (minority < request.Folds)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"Of {labels.Length} customers active before {cutoff:yyyy-MM-dd}, {churned} made no purchase in the next {request.WindowDays} days: {request.Folds}-fold cross-validation needs at least {request.Folds} of each."))
            { Model = Metrics.Churn.Model };
        }

        var folds = StratifiedKFold.Assign(labels, request.Folds, request.Seed);
        var options = new ChurnTrainingOptions(request.Seed, request.BalanceClasses);
        var trainers = request.Trainer is { } t ? [t] : TrainChurnFromTable.AutoTrainers;
        var reports = new List<CrossValidationReport>();
        foreach (var trainer in trainers)
        {
            progress?.Report($"cross-validating {ChurnTrainerNames.Of(trainer)} on {labels.Length} customers");
            reports.Add(ChurnCrossValidation.Run(training.Rows, ChurnFeatures.Columns, labels, folds, trainer, options));
        }
        var best = reports.OrderByDescending(r => r.Mean["roc_auc"]).First();

        progress?.Report($"training {ChurnTrainerNames.Of(best.Trainer)} on all {labels.Length} customers");
        var encoder = FeatureEncoder.Fit(training.Rows, ChurnFeatures.Columns);
        var binding = ChurnFeatures.Columns.Select(c => c.Index).ToArray();
        var model = ChurnClassifier.Train([.. training.Rows.Select((r, i) => encoder.Encode(r, binding, i))], labels, best.Trainer, options);
        var trainedAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var version = "churn-" + trainedAt.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);
        var weighting = request.BalanceClasses
            ? string.Create(CultureInfo.InvariantCulture,
                $"balanced class weights in the fit (churned {labels.Length / (2.0 * churned):0.###}, stayed {labels.Length / (2.0 * (labels.Length - churned)):0.###}); probabilities recalibrated unweighted (Platt) to the observed rate {(double)churned / labels.Length:0.####}")
            : "no class weights";
        var extra = new ChurnModelExtra(encoder, model.Calibration, best.Trainer, "no purchase in the window", "churned", "customer_id",
            request.HighRisk, request.MediumRisk, weighting);
        var metadata = new ModelMetadata(Metrics.Churn.Model, version, trainedAt, ChurnTrainerNames.Of(best.Trainer), "database", null,
            firstDay, asOf.AddDays(-1), [.. ChurnFeatures.Names.Select(n => new ModelFeature(n, "numeric"))],
            best.Mean.ToDictionary(kv => "cv_" + kv.Key, kv => kv.Value, StringComparer.Ordinal), extra.ToJson());
        if (request.ModelPath is { } path)
        {
            ModelFile.Save(path, model.Ml, model.Model, model.InputSchema, metadata);
        }

        progress?.Report($"permutation importance of {ChurnTrainerNames.Of(best.Trainer)} on a held-out fold");
        var importance = PermutationImportance.HeldOut(training.Rows, ChurnFeatures.Columns, labels, folds, best.Trainer, options, 5, request.Seed);

        progress?.Report($"scoring customers as of {asOf:yyyy-MM-dd}");
        var churnModel = new ChurnModel(model, extra, metadata);
        var scored = await ScoreAsync(churnModel, purchases, asOf, request.Save, request, importance, ct);
        return new ChurnRun(version, ChurnTrainerNames.Of(best.Trainer), request.Trainer is null, asOf, cutoff, request.WindowDays,
            labels.Length, churned, weighting, reports, scored.Customers, scored.Tiers, scored.ValueAtRiskKnown, request.ModelPath, importance);
    }

    async Task<(IReadOnlyList<ChurnCustomer> Customers, IReadOnlyList<ChurnTierSummary> Tiers, bool ValueAtRiskKnown)> ScoreAsync(
        ChurnModel model, IReadOnlyList<Domain.Sales.Purchase> purchases, DateOnly asOf, bool save, ChurnRunRequest request,
        IReadOnlyList<ColumnImportance> importance, CancellationToken ct)
    {
        var current = ChurnFeatures.From(purchases, asOf);
        var binding = ChurnFeatures.Columns.Select(c => c.Index).ToArray();
        var features = current.Rows.Select((r, i) => model.Extra.Encoder.Encode(r, binding, i)).ToArray();
        var (p, reasons) = model.Predict(current.Rows, binding, features, 3);

        Dictionary<long, double>? clv = null;
        await using (var db = database.CreateContext())
        {
            var queries = new ScoreQueries(db);
            if (await queries.LatestRunAsync(Metrics.Clv.Model, ct) is { } clvRun)
            {
                clv = await queries.NumbersAsync(clvRun, Metrics.Clv.Value, ct: ct);
            }
        }
        var customers = new ChurnCustomer[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var id = current.CustomerIds[i];
            double? atRisk = clv is not null && clv.TryGetValue(id, out var v) && double.IsFinite(v) ? p[i] * v : null;
            customers[i] = new ChurnCustomer(id, p[i], model.Extra.TierOf(p[i]), [.. reasons[i].Select(r => r.Text)], atRisk);
        }
        var tiers = new[] { "high", "medium", "low" }
            .Select(t => customers.Where(c => string.Equals(c.Tier, t, StringComparison.Ordinal)).ToArray())
            .Select((inTier, k) => new ChurnTierSummary(
                k switch { 0 => "high", 1 => "medium", _ => "low" },
                inTier.Length,
                inTier.Sum(c => c.Probability),
                clv is null ? null : inTier.Sum(c => c.ValueAtRisk ?? 0)))
            .ToArray();
        if (save)
        {
            var run = new ScoringRun(Metrics.Churn.Model, model.Metadata.Version, asOf, Metrics.Churn.All, customers.Length,
                new { request.WindowDays, Trainer = model.Metadata.Trainer, request.Folds, request.Seed, request.HighRisk, request.MediumRisk, request.BalanceClasses },
                new { Metrics = model.Metadata.Metrics, Tiers = tiers, model.Extra.ClassWeighting, Importance = importance });
            await RunWriter.WriteAsync(database, run, Rows(customers), time, ct);
        }
        return (customers, tiers, clv is not null);
    }

    static IEnumerable<ScoreRow> Rows(IEnumerable<ChurnCustomer> customers)
    {
        foreach (var c in customers)
        {
            yield return Metrics.Churn.Probability.Of(c.CustomerId, c.Probability);
            yield return Metrics.Churn.Tier.OfLabel(c.CustomerId, c.Tier);
            yield return Metrics.Churn.Reasons.OfLabel(c.CustomerId, string.Join("; ", c.Reasons));
            if (c.ValueAtRisk is { } v) yield return Metrics.Churn.ValueAtRisk.Of(c.CustomerId, v);
        }
    }
}

/// <summary>What <see cref="RunChurn"/> does.</summary>
public sealed record ChurnRunRequest
{
    /// <summary>Score as of this day (purchases before it); default: the day after the latest purchase.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Days without a purchase that count as churn (1–730).</summary>
    public int WindowDays { get; init; } = 90;

    /// <summary>The learner, or null for auto (the best mean CV ROC AUC).</summary>
    public ChurnTrainer? Trainer { get; init; }

    /// <summary>Stratified folds (2–20).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the folds and learners.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Weigh the classes equally in the fit.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>High-tier threshold (0–1, above <see cref="MediumRisk"/>).</summary>
    public double HighRisk { get; init; } = 0.6;

    /// <summary>Medium-tier threshold (0–1).</summary>
    public double MediumRisk { get; init; } = 0.3;

    /// <summary>Save the model file here (null: not saved).</summary>
    public string? ModelPath { get; init; }

    /// <summary>Store the scores (false: only report them).</summary>
    public bool Save { get; init; } = true;

    /// <summary>Checks the ranges; the exception's parameter name is the request field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        if (WindowDays is < 1 or > 730) throw new ArgumentOutOfRangeException(nameof(WindowDays), WindowDays, "windowDays must be between 1 and 730.");
        if (Folds is < 2 or > 20) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "folds must be between 2 and 20.");
        if (HighRisk is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(HighRisk), HighRisk, "highRisk must be strictly between 0 and 1.");
        if (MediumRisk is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(MediumRisk), MediumRisk, "mediumRisk must be strictly between 0 and 1.");
        if (MediumRisk >= HighRisk) throw new ArgumentOutOfRangeException(nameof(MediumRisk), MediumRisk, "mediumRisk must be below highRisk.");
    }
}

/// <summary>What <see cref="RunChurn.ExecuteAsync"/> did.</summary>
/// <param name="Version">Model version written on the scores.</param>
/// <param name="Trainer">The learner used.</param>
/// <param name="ChosenByAuto">True when auto picked it by mean CV ROC AUC.</param>
/// <param name="AsOf">Scoring date.</param>
/// <param name="TrainedAsOf">The training date (as of − window).</param>
/// <param name="WindowDays">The churn window.</param>
/// <param name="TrainingCustomers">Customers trained on.</param>
/// <param name="TrainingChurned">Of them, those with no purchase in the window.</param>
/// <param name="ClassWeighting">What was done about imbalance.</param>
/// <param name="CrossValidation">One report per learner.</param>
/// <param name="Customers">Every customer scored, by id.</param>
/// <param name="Tiers">Count, expected churners and value at risk per tier.</param>
/// <param name="ValueAtRiskKnown">True when CLV scores existed.</param>
/// <param name="ModelPath">Where the model file was saved.</param>
/// <param name="Importance">Permutation importance of each feature for the chosen learner (ROC AUC lost when shuffled, on a
/// held-out fold of the training customers, 5 seeded repeats), largest first.</param>
public sealed record ChurnRun(
    string Version,
    string Trainer,
    bool ChosenByAuto,
    DateOnly AsOf,
    DateOnly TrainedAsOf,
    int WindowDays,
    int TrainingCustomers,
    int TrainingChurned,
    string ClassWeighting,
    IReadOnlyList<CrossValidationReport> CrossValidation,
    IReadOnlyList<ChurnCustomer> Customers,
    IReadOnlyList<ChurnTierSummary> Tiers,
    bool ValueAtRiskKnown,
    string? ModelPath,
    IReadOnlyList<ColumnImportance> Importance);

/// <summary>One customer's churn score.</summary>
public sealed record ChurnCustomer(long CustomerId, double Probability, string Tier, IReadOnlyList<string> Reasons, double? ValueAtRisk);

/// <summary>One risk tier: customers, expected churners (Σ P) and value at risk (Σ P × CLV, when CLV was scored).</summary>
public sealed record ChurnTierSummary(string Tier, int Customers, double ExpectedChurners, double? ValueAtRisk);
