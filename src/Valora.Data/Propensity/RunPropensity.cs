using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Churn;
using Valora.Analytics.Propensity;
using Valora.Analytics.Text;
using Valora.Data.Analysis;
using Valora.Data.Churn;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Propensity;

/// <summary>
/// Use case: purchase needs on Valora's own orders — the most likely category of each customer's next order. Training
/// looks back one window, as <see cref="Churn.RunChurn"/> does: features as of <c>asOf − window</c> from the lines
/// before it only (<see cref="NextCategoryFeatures.From"/>), the label the category of the customer's first order in
/// [asOf − window, asOf) (customers who bought nothing then are left out of this model). Categories with fewer labelled
/// customers than folds are left out too (they cannot be stratified; the run names them). The learner(s) are
/// cross-validated on seeded stratified folds beside the naive baseline (<see cref="NextCategoryBaseline"/>; auto picks
/// the best mean macro-F1), the chosen one is trained on all labelled customers, and every customer with a categorised
/// purchase before the as-of date is scored with the same feature function as of it. The run is stored through
/// <see cref="RunWriter"/> (model "propensity").
/// <para>
/// In the same run, the probability of buying at all in the next window: its own binary model, label "made a purchase
/// (any completed order) in [asOf − window, asOf)", on <see cref="ChurnFeatures"/> as of the training date and the churn
/// learners (<see cref="ChurnClassifier"/>: balanced class weights, Platt recalibrated unweighted), cross-validated on
/// seeded stratified folds (auto picks the best mean ROC AUC); every customer with a purchase before the as-of date gets
/// <c>propensity_buy_probability</c>. It is trained here on its own label, not read from a churn run.
/// </para>
/// </summary>
/// <remarks>
/// Lines are the merchandise lines of completed orders whose product has a category. The probabilities are of the
/// category <em>given</em> a next order; whether the customer buys at all is another question.
/// </remarks>
public sealed class RunPropensity(ValoraDatabase database, TimeProvider? time = null, CustomerDataset? dataset = null)
{
    /// <summary>The learners auto cross-validates.</summary>
    public static readonly IReadOnlyList<NextCategoryTrainer> AutoTrainers = [NextCategoryTrainer.LightGbm, NextCategoryTrainer.MaximumEntropy];

    /// <summary>Trains, scores and (unless <see cref="PropensityRunRequest.Save"/> is false) stores the scores.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range (the message names it).</exception>
    /// <exception cref="NotAnalysableException">No categorised orders, too short a history for the window, or fewer than two learnable categories.</exception>
    public async Task<PropensityRun> ExecuteAsync(PropensityRunRequest request, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        progress?.Report("loading order lines");
        var lines = await LoadLinesAsync(database, ct);
        if (lines.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders with categorised products to learn next categories from.") { Model = Metrics.Propensity.Model };
        }
        var (asOf, cutoff, _) = LearningWindow.Resolve(lines.Min(l => l.OccurredAtUtc), lines.Max(l => l.OccurredAtUtc), request.AsOf, request.WindowDays,
            Metrics.Propensity.Model, "window");

        var categories = NextCategoryFeatures.Categories(lines, cutoff);
        var training = NextCategoryFeatures.From(lines, cutoff, categories);
        var labels = NextCategoryFeatures.Labels(training, lines, request.WindowDays);
        var support = labels.OfType<string>().CountBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        var classes = support.Where(s => s.Value >= request.Folds).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        var dropped = support.Where(s => s.Value < request.Folds).OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new PropensityClassCount(s.Key, s.Value)).ToArray();
        if (classes.Length < 2)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"Of {labels.Length} customers with a purchase before {cutoff:yyyy-MM-dd}, {support.Values.Sum()} bought in the next {request.WindowDays} days; {request.Folds}-fold cross-validation needs at least two categories with {request.Folds} such customers each ({classes.Length} found)."))
            { Model = Metrics.Propensity.Model };
        }
        progress?.Report("loading purchases");
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        var buyTraining = ChurnFeatures.From(purchases, cutoff);
        var bought = ChurnFeatures.Labels(buyTraining, purchases, request.WindowDays).Select(churned => !churned).ToArray();
        var buyers = bought.Count(b => b);
        if (Math.Min(buyers, bought.Length - buyers) < request.Folds)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"Of {bought.Length} customers with a purchase before {cutoff:yyyy-MM-dd}, {buyers} bought in the next {request.WindowDays} days: {request.Folds}-fold cross-validation of the purchase probability needs at least {request.Folds} buyers and {request.Folds} non-buyers."))
            { Model = Metrics.Propensity.Model };
        }

        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] is { } l && classIndex.ContainsKey(l)).ToArray();
        var x = rows.Select(i => training.Rows[i]).ToArray();
        var y = rows.Select(i => classIndex[labels[i]!]).ToArray();
        var past = rows.Select(i => PastOrders(training, i, classes)).ToArray();
        var folds = TextFolds.Assign([.. rows.Select(i => labels[i]!)], request.Folds, request.Seed);

        var trainers = request.Trainer is { } t ? [t] : AutoTrainers;
        var reports = new List<NextCategoryReport>();
        foreach (var trainer in trainers)
        {
            progress?.Report($"cross-validating {PropensityTrainerNames.Of(trainer)} on {rows.Length} customers");
            reports.Add(NextCategoryCrossValidation.Run(x, y, classes, past, folds, trainer, request.Seed));
        }
        var best = reports.OrderByDescending(r => r.Model["macro_f1"]).First();

        var buyOptions = new ChurnTrainingOptions(request.Seed, BalanceClasses: true);
        var buyFolds = StratifiedKFold.Assign(bought, request.Folds, request.Seed);
        var buyReports = new List<CrossValidationReport>();
        foreach (var trainer in request.BuyTrainer is { } bt ? [bt] : TrainChurnFromTable.AutoTrainers)
        {
            progress?.Report($"cross-validating {ChurnTrainerNames.Of(trainer)} (buys in the window) on {bought.Length} customers");
            buyReports.Add(ChurnCrossValidation.Run(buyTraining.Rows, ChurnFeatures.Columns, bought, buyFolds, trainer, buyOptions));
        }
        var bestBuy = buyReports.OrderByDescending(r => r.Mean["roc_auc"]).First();
        progress?.Report($"training {ChurnTrainerNames.Of(bestBuy.Trainer)} (buys in the window) on all {bought.Length} customers");
        var encoder = FeatureEncoder.Fit(buyTraining.Rows, ChurnFeatures.Columns);
        var binding = ChurnFeatures.Columns.Select(c => c.Index).ToArray();
        var buyModel = ChurnClassifier.Train([.. buyTraining.Rows.Select((r, i) => encoder.Encode(r, binding, i))], bought, bestBuy.Trainer, buyOptions);
        var buyCurrent = ChurnFeatures.From(purchases, asOf);
        var buyP = buyModel.Probabilities([.. buyCurrent.Rows.Select((r, i) => encoder.Encode(r, binding, i))]);
        var buyScores = buyCurrent.CustomerIds.Select((id, i) => new PropensityBuyScore(id, buyP[i])).ToArray();

        progress?.Report($"training {PropensityTrainerNames.Of(best.Trainer)} on all {rows.Length} customers");
        var model = NextCategoryClassifier.Train(x, y, classes.Length, best.Trainer, request.Seed);
        var trainedAt = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var version = "propensity-" + trainedAt.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture);

        progress?.Report($"scoring customers as of {asOf:yyyy-MM-dd}");
        var customers = Score(model, lines, asOf, categories, classes);
        if (request.Save)
        {
            var scored = buyScores.Select(b => b.CustomerId).Union(customers.Select(c => c.CustomerId)).Count();
            var run = new ScoringRun(Metrics.Propensity.Model, version, asOf, Metrics.Propensity.All, scored,
                new { request.WindowDays, Trainer = PropensityTrainerNames.Of(best.Trainer), BuyTrainer = ChurnTrainerNames.Of(bestBuy.Trainer), request.Folds, request.Seed },
                new
                {
                    TrainedAsOf = cutoff,
                    Classes = classes,
                    DroppedClasses = dropped,
                    CrossValidation = reports.Select(r => new { Trainer = PropensityTrainerNames.Of(r.Trainer), r.Folds, r.Model, r.Baseline }),
                    Buy = new
                    {
                        Customers = bought.Length,
                        Buyers = buyers,
                        CrossValidation = buyReports.Select(r => new { Trainer = ChurnTrainerNames.Of(r.Trainer), r.Folds, r.Mean }),
                    },
                });
            await RunWriter.WriteAsync(database, run, Rows(customers, buyScores), time, ct);
        }
        return new PropensityRun(version, PropensityTrainerNames.Of(best.Trainer), request.Trainer is null, asOf, cutoff, request.WindowDays,
            labels.Length, rows.Length, classes, dropped, reports, customers,
            new PropensityBuyModel(ChurnTrainerNames.Of(bestBuy.Trainer), request.BuyTrainer is null, bought.Length, buyers, buyReports, buyScores));
    }

    /// <summary>
    /// Scores every customer with a line before <paramref name="asOf"/> with the same feature function the model was
    /// trained on: the classes by probability, most likely first (ties: class order).
    /// </summary>
    public static IReadOnlyList<PropensityCustomer> Score(NextCategoryClassifier model, IReadOnlyList<CategoryLine> lines, DateOnly asOf,
        IReadOnlyList<string> categories, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(classes);
        var current = NextCategoryFeatures.From(lines, asOf, categories);
        var p = model.Probabilities(current.Rows);
        var result = new PropensityCustomer[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            var row = p[i];
            var ranked = Enumerable.Range(0, row.Length).OrderByDescending(c => row[c]).ThenBy(c => c).Take(3).ToArray();
            result[i] = new PropensityCustomer(current.CustomerIds[i], classes[ranked[0]], row[ranked[0]],
                [.. ranked.Select(c => new PropensityClassProbability(classes[c], row[c]))]);
        }
        return result;
    }

    /// <summary>
    /// The merchandise lines of completed orders whose product has a category, ordered by customer and time.
    /// </summary>
    // REVIEW: amounts are read as stored, in each order's currency; they only feed revenue features and within-customer
    // shares, so a customer buying in one currency is unaffected, but a mixed-currency database mixes the revenue scale.
    public static async Task<List<CategoryLine>> LoadLinesAsync(ValoraDatabase database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var rows = await (
            from o in db.Orders.AsNoTracking()
            where o.Status == OrderStatus.Completed
            from l in o.Lines
            where l.IsMerchandise
            join p in db.Products on l.ProductId equals p.Id
            where p.Category != null
            select new { o.CustomerId, o.OrderedAt, p.Category, l.LineTotal }).ToListAsync(ct);
        return [.. rows
            .Select(r => new CategoryLine(r.CustomerId, DateTime.SpecifyKind(r.OrderedAt, DateTimeKind.Utc), r.Category!, r.LineTotal))
            .OrderBy(r => r.CustomerId).ThenBy(r => r.OccurredAtUtc)];
    }

    static int[] PastOrders(NextCategoryFeatureSet set, int row, IReadOnlyList<string> classes)
    {
        var counts = set.OrdersPerCategory[row];
        return [.. classes.Select(c => counts[IndexOf(set.Categories, c)])];
    }

    static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        }
        throw new InvalidOperationException($"class '{value}' is not a feature category");
    }

    static IEnumerable<ScoreRow> Rows(IEnumerable<PropensityCustomer> customers, IEnumerable<PropensityBuyScore> buy)
    {
        foreach (var b in buy)
        {
            yield return Metrics.Propensity.BuyProbability.Of(b.CustomerId, b.Probability);
        }
        foreach (var c in customers)
        {
            yield return Metrics.Propensity.NextCategory.OfLabel(c.CustomerId, c.NextCategory);
            yield return Metrics.Propensity.NextCategoryProbability.Of(c.CustomerId, c.Probability);
            yield return Metrics.Propensity.TopCategories.OfLabel(c.CustomerId, string.Join("; ", c.Top.Select(t => t.Category)));
        }
    }
}

/// <summary>What <see cref="RunPropensity"/> does.</summary>
public sealed record PropensityRunRequest
{
    /// <summary>Score as of this day (purchases before it); default: the day after the latest purchase.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Days after the training date in which the next order is looked for (1–730).</summary>
    public int WindowDays { get; init; } = 90;

    /// <summary>The learner, or null for auto (the best mean CV macro-F1).</summary>
    public NextCategoryTrainer? Trainer { get; init; }

    /// <summary>The learner of the purchase probability, or null for auto (the best mean CV ROC AUC of the churn learners).</summary>
    public ChurnTrainer? BuyTrainer { get; init; }

    /// <summary>Stratified folds (2–20).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the folds and learners.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Store the scores (false: only report them).</summary>
    public bool Save { get; init; } = true;

    /// <summary>Checks the ranges; the exception's parameter name is the request field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        if (WindowDays is < 1 or > 730) throw new ArgumentOutOfRangeException(nameof(WindowDays), WindowDays, "windowDays must be between 1 and 730.");
        if (Folds is < 2 or > 20) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "folds must be between 2 and 20.");
    }
}

/// <summary>What <see cref="RunPropensity.ExecuteAsync"/> did.</summary>
/// <param name="Version">Model version written on the scores.</param>
/// <param name="Trainer">The learner used.</param>
/// <param name="ChosenByAuto">True when auto picked it by mean CV macro-F1.</param>
/// <param name="AsOf">Scoring date.</param>
/// <param name="TrainedAsOf">The training date (as of − window).</param>
/// <param name="WindowDays">The window.</param>
/// <param name="CustomersBeforeTraining">Customers with a categorised purchase before the training date.</param>
/// <param name="TrainingCustomers">Of them, those trained on: bought in the window, in a category kept.</param>
/// <param name="Classes">The categories learned, in class order.</param>
/// <param name="DroppedClasses">Categories left out for having fewer labelled customers than folds.</param>
/// <param name="CrossValidation">One report per learner, each beside the baseline.</param>
/// <param name="Customers">Every customer with a categorised purchase before the as-of date, by id: the next category.</param>
/// <param name="Buy">The purchase-probability model and every customer's probability.</param>
public sealed record PropensityRun(
    string Version,
    string Trainer,
    bool ChosenByAuto,
    DateOnly AsOf,
    DateOnly TrainedAsOf,
    int WindowDays,
    int CustomersBeforeTraining,
    int TrainingCustomers,
    IReadOnlyList<string> Classes,
    IReadOnlyList<PropensityClassCount> DroppedClasses,
    IReadOnlyList<NextCategoryReport> CrossValidation,
    IReadOnlyList<PropensityCustomer> Customers,
    PropensityBuyModel Buy);

/// <summary>The probability of a purchase in the window: the learner, its training and every customer's probability.</summary>
/// <param name="Trainer">The learner used.</param>
/// <param name="ChosenByAuto">True when auto picked it by mean CV ROC AUC.</param>
/// <param name="TrainingCustomers">Customers with a purchase before the training date.</param>
/// <param name="Buyers">Of them, those who bought in the window.</param>
/// <param name="CrossValidation">One report per learner (positive class: bought).</param>
/// <param name="Customers">Every customer with a purchase before the as-of date, by id.</param>
public sealed record PropensityBuyModel(string Trainer, bool ChosenByAuto, int TrainingCustomers, int Buyers,
    IReadOnlyList<CrossValidationReport> CrossValidation, IReadOnlyList<PropensityBuyScore> Customers);

/// <summary>One customer's probability of a purchase in the window after the as-of date.</summary>
public sealed record PropensityBuyScore(long CustomerId, double Probability);

/// <summary>A category and its labelled customers.</summary>
public sealed record PropensityClassCount(string Category, int Customers);

/// <summary>A category and its probability.</summary>
public sealed record PropensityClassProbability(string Category, double Probability);

/// <summary>One customer's next-category score: the most likely category, its probability and the top three.</summary>
public sealed record PropensityCustomer(long CustomerId, string NextCategory, double Probability, IReadOnlyList<PropensityClassProbability> Top);
