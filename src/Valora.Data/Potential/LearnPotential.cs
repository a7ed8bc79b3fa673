using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Potential;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Sales;

namespace Valora.Data.Potential;

/// <summary>How <see cref="LearnPotential"/> learns and scores.</summary>
public sealed record LearnPotentialRequest
{
    /// <summary>Default window in days.</summary>
    public const int DefaultWindowDays = 90;

    /// <summary>Score as of this day, using data on or before it only (default: the day of the latest purchase).</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Days of each window: the targets are what a customer brought in the window after a cutoff (30–730).</summary>
    public int WindowDays { get; init; } = DefaultWindowDays;

    /// <summary>The learners compared on the holdout (default: linear, FastTree and LightGBM).</summary>
    public IReadOnlyList<ComponentRegressor> Regressors { get; init; } = [ComponentRegressor.Linear, ComponentRegressor.FastTree, ComponentRegressor.LightGbm];

    /// <summary>Cost to serve one ticket, taken off the maintenance target (≥ 0).</summary>
    public double TicketCost { get; init; } = new PotentialOptions().TicketCost;

    /// <summary>Cost of one interaction, taken off the maintenance target (≥ 0).</summary>
    public double ContactCost { get; init; } = new PotentialOptions().ContactCost;

    /// <summary>The weights of V = α·B + β·R + γ·M of the learned components.</summary>
    public PotentialWeights Weights { get; init; } = new();

    /// <summary>Seed of the tree learners.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first setting out of range as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        if (WindowDays is < 30 or > 730)
        {
            return ("windowDays", string.Create(CultureInfo.InvariantCulture, $"windowDays must be between 30 and 730 but was {WindowDays}."));
        }
        if (Regressors.Count == 0)
        {
            return ("regressors", "Name at least one learner: linear, fasttree or lightgbm.");
        }
        foreach (var (name, cost) in new[] { ("ticketCost", TicketCost), ("contactCost", ContactCost) })
        {
            if (!double.IsFinite(cost) || cost < 0)
            {
                return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite amount ≥ 0 but was {cost}."));
            }
        }
        return Weights.Check();
    }
}

/// <summary>One customer's learned components over the next window, and V of them.</summary>
public sealed record LearnedPotentialCustomer(long CustomerId, double Purchase, double Referral, double Maintenance, double Value);

/// <summary>What a learning run measured and scored.</summary>
/// <param name="Version">The version written on the scores.</param>
/// <param name="AsOf">The scores' date: features are what was known on it.</param>
/// <param name="HoldoutCutoff">Cutoff of the holdout: features up to it, targets in the window after it (ending on <paramref name="AsOf"/>).</param>
/// <param name="TrainingCutoff">Cutoff of the earlier window the evaluated learners were fitted on.</param>
/// <param name="Evaluation">Each learner on the holdout beside the naive predictions.</param>
/// <param name="Scoring">The learner that scored each component (the best on the holdout), refitted on the holdout window.</param>
/// <param name="Linear">The linear fit on the holdout window, coefficients per component (null when linear was not compared).</param>
public sealed record LearnedPotentialRun(
    string Version,
    DateOnly AsOf,
    int WindowDays,
    DateOnly HoldoutCutoff,
    DateOnly TrainingCutoff,
    IReadOnlyList<string> Features,
    HoldoutEvaluation Evaluation,
    IReadOnlyList<ComponentRegressor> Scoring,
    LinearMultiOutputModel? Linear,
    PotentialWeights Weights,
    IReadOnlyList<LearnedPotentialCustomer> Customers);

/// <summary>The windows of a learning run (<see cref="LearnPotential.LoadWindowsAsync"/>).</summary>
public sealed record PotentialWindows(DateOnly AsOf, DateOnly HoldoutCutoff, DateOnly TrainingCutoff, RegressionSet Training, RegressionSet Holdout, RegressionSet Current);

/// <summary>
/// Use case (issue 12 item 7): learn each potential-value component from behaviour by regression on a time holdout.
/// For a cutoff c the features are what a customer did up to c (<see cref="Features"/>) and the targets what they
/// brought in the W days after it: B = the profit of their purchases, R = the profit in that window of the customers
/// they referred in it, M = their profit minus tickets × ticket cost and contacts × contact cost. The learners are
/// fitted on the window ending at the holdout cutoff (as-of − W) and judged on the window ending on the as-of date,
/// beside "the next window like the last" and the training mean; each component is then scored by its best learner,
/// refitted on the latest full window, from the features as of the as-of date. Nothing after the as-of date is read.
/// </summary>
public sealed class LearnPotential(ValoraDatabase database, CustomerDataset? dataset = null)
{
    /// <summary>The features, in row order.</summary>
    public static readonly IReadOnlyList<string> Features =
    [
        "recency_days", "tenure_days", "orders", "orders_window", "profit_window", "revenue_window", "mean_order_profit",
        "tickets_window", "contacts_window", "referrals", "referrals_window", "was_referred",
    ];

    /// <summary>The targets, in value order: B, R, M.</summary>
    public static readonly IReadOnlyList<string> Targets = ["purchase", "referral", "maintenance"];

    public async Task<LearnedPotentialRun> ExecuteAsync(LearnPotentialRequest? request = null, bool save = true,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        request ??= new LearnPotentialRequest();
        progress?.Report("loading purchases, referrals, tickets and contacts");
        var windows = await LoadWindowsAsync(request, ct);
        var (asOf, w, train, holdout, now) = (windows.AsOf, request.WindowDays, windows.Training, windows.Holdout, windows.Current);
        var (holdoutCutoff, trainingCutoff) = (windows.HoldoutCutoff, windows.TrainingCutoff);
        var needed = Features.Count + 2;
        if (train.Rows.Count < needed || holdout.Rows.Count < needed)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData, string.Create(CultureInfo.InvariantCulture,
                $"Learning the potential components needs at least {needed} customers who bought by {trainingCutoff:yyyy-MM-dd} (two windows of {w} days before {asOf:yyyy-MM-dd}); {train.Rows.Count} did. Use a shorter window or a later as-of date."))
            { Model = Metrics.LearnedPotential.Model };
        }

        var evaluation = ComponentRegression.Evaluate(train, holdout, request.Regressors, request.Seed, progress);
        progress?.Report("scoring with the best learner of each component");
        var fitted = evaluation.BestPerTarget.Distinct().ToDictionary(r => r, r => ComponentModel.Fit(holdout, r, request.Seed));
        var predictions = fitted.ToDictionary(kv => kv.Key, kv => kv.Value.Predict(now.Rows));
        var customers = new LearnedPotentialCustomer[now.Rows.Count];
        for (var i = 0; i < customers.Length; i++)
        {
            var (b, r, m) = (predictions[evaluation.BestPerTarget[0]][i][0], predictions[evaluation.BestPerTarget[1]][i][1], predictions[evaluation.BestPerTarget[2]][i][2]);
            customers[i] = new LearnedPotentialCustomer(now.Ids[i], b, r, m, request.Weights.Combine(b, r, m));
        }
        var linear = request.Regressors.Contains(ComponentRegressor.Linear)
            ? (fitted.TryGetValue(ComponentRegressor.Linear, out var l) ? l : ComponentModel.Fit(holdout, ComponentRegressor.Linear)).Linear
            : null;
        var version = VersionOf(request, evaluation.BestPerTarget);
        var run = new LearnedPotentialRun(version, asOf, w, holdoutCutoff, trainingCutoff, Features, evaluation, evaluation.BestPerTarget, linear, request.Weights, customers);
        if (save)
        {
            progress?.Report("storing the scores");
            await RunWriter.WriteAsync(database, new ScoringRun(Metrics.LearnedPotential.Model, version, asOf, Metrics.LearnedPotential.All, customers.Length,
                new
                {
                    WindowDays = w, request.TicketCost, request.ContactCost, request.Weights.Alpha, request.Weights.Beta, request.Weights.Gamma,
                    request.Seed, Regressors = request.Regressors.Select(Name), HoldoutCutoff = holdoutCutoff, TrainingCutoff = trainingCutoff,
                },
                new
                {
                    evaluation.TrainingRows,
                    evaluation.HoldoutRows,
                    Scoring = evaluation.BestPerTarget.Select(Name),
                    Holdout = evaluation.Regressors.SelectMany(r => r.Targets.Select(t => new
                    {
                        Regressor = Name(r.Regressor), t.Target, Mae = t.Model.MeanAbsoluteError, Rmse = t.Model.RootMeanSquaredError, R2 = t.Model.RSquared,
                        Baseline = t.BaselineName, BaselineRmse = t.Baseline.RootMeanSquaredError, t.BeatsBaseline,
                    })),
                }),
                customers.SelectMany(c => new[]
                {
                    Metrics.LearnedPotential.Purchase.Of(c.CustomerId, c.Purchase),
                    Metrics.LearnedPotential.Referral.Of(c.CustomerId, c.Referral),
                    Metrics.LearnedPotential.Maintenance.Of(c.CustomerId, c.Maintenance),
                    Metrics.LearnedPotential.Value.Of(c.CustomerId, c.Value),
                }), ct: ct);
        }
        return run;
    }

    /// <summary>
    /// The three windows of a run as of a date: training (features up to as-of − 2W, targets to as-of − W), holdout
    /// (features up to as-of − W, targets to the as-of date) and current (features up to the as-of date, no targets).
    /// </summary>
    /// <exception cref="ArgumentException">A setting out of range.</exception>
    /// <exception cref="NotAnalysableException">No completed orders.</exception>
    public async Task<PotentialWindows> LoadWindowsAsync(LearnPotentialRequest? request = null, CancellationToken ct = default)
    {
        request ??= new LearnPotentialRequest();
        if (request.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        var purchases = (dataset ?? await CustomerDataset.LoadAsync(database, ct: ct)).Purchases;
        if (purchases.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NoOrders, "There are no completed orders to learn from.") { Model = Metrics.LearnedPotential.Model };
        }
        var asOf = request.AsOf ?? DateOnly.FromDateTime(purchases.Max(p => p.OccurredAtUtc));
        var w = request.WindowDays;
        var history = await History.LoadAsync(database, purchases, EndOf(asOf), ct);
        var holdoutCutoff = asOf.AddDays(-w);
        var trainingCutoff = holdoutCutoff.AddDays(-w);
        return new PotentialWindows(asOf, holdoutCutoff, trainingCutoff,
            history.Set(trainingCutoff, w, request), history.Set(holdoutCutoff, w, request), history.Set(asOf, w, request, withTargets: false));
    }

    /// <summary>
    /// Runs with other windows, scoring learners, weights or costs are kept apart: the version names the window and the
    /// learners (lin, ft, lgbm) and ends in a short hash of the weights and costs (stored in full with the run), so it
    /// stays within the 64 characters a model version may have.
    /// </summary>
    public static string VersionOf(LearnPotentialRequest request, IReadOnlyList<ComponentRegressor> scoring)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scoring);
        var w = request.Weights;
        var settings = string.Create(CultureInfo.InvariantCulture, $"{w.Alpha:R}|{w.Beta:R}|{w.Gamma:R}|{request.TicketCost:R}|{request.ContactCost:R}|{request.Seed}");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(settings)))[..8];
        return string.Create(CultureInfo.InvariantCulture,
            $"{Metrics.LearnedPotential.Model}-w{request.WindowDays}-{string.Join('.', scoring.Select(Short))}-{hash}");
    }

    static string Short(ComponentRegressor regressor) => regressor switch
    {
        ComponentRegressor.Linear => "lin",
        ComponentRegressor.FastTree => "ft",
        _ => "lgbm",
    };

    /// <summary>The learner's name as the CLI and API spell it.</summary>
    public static string Name(ComponentRegressor regressor) => regressor.ToString().ToLowerInvariant();

    /// <summary>Parses linear, fasttree or lightgbm (any case).</summary>
    /// <exception cref="ArgumentException">Any other name (the message lists them).</exception>
    public static ComponentRegressor Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "linear" => ComponentRegressor.Linear,
        "fasttree" => ComponentRegressor.FastTree,
        "lightgbm" => ComponentRegressor.LightGbm,
        _ => throw new ArgumentException($"'{name}' is not a learner: use linear, fasttree or lightgbm."),
    };

    static DateTime EndOf(DateOnly day) => day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>Everything before the end of the as-of day, by customer.</summary>
    sealed class History
    {
        public required Dictionary<long, List<Purchase>> Purchases { get; init; }
        public required Dictionary<long, List<DateTime>> Tickets { get; init; }
        public required Dictionary<long, List<DateTime>> Contacts { get; init; }
        public required List<(long Referrer, long Referred, DateOnly On)> Referrals { get; init; }
        public required Dictionary<long, List<(long Referrer, long Referred, DateOnly On)>> ReferralsBy { get; init; }

        public static async Task<History> LoadAsync(ValoraDatabase database, IReadOnlyList<Purchase> purchases, DateTime end, CancellationToken ct)
        {
            await using var db = database.CreateContext();
            var lastDay = DateOnly.FromDateTime(end.AddDays(-1));
            var tickets = await db.Tickets.AsNoTracking().Where(t => t.OpenedAt < end).Select(t => new { t.CustomerId, t.OpenedAt }).ToListAsync(ct);
            var contacts = await db.Interactions.AsNoTracking().Where(i => i.OccurredAt < end).Select(i => new { i.CustomerId, i.OccurredAt }).ToListAsync(ct);
            var referrals = await db.Referrals.AsNoTracking().Where(r => r.ReferredOn <= lastDay)
                .Select(r => new { r.ReferrerCustomerId, r.ReferredCustomerId, r.ReferredOn }).ToListAsync(ct);
            List<(long Referrer, long Referred, DateOnly On)> pairs = [.. referrals.Select(r => (r.ReferrerCustomerId, r.ReferredCustomerId, r.ReferredOn))];
            return new History
            {
                Purchases = purchases.Where(p => p.OccurredAtUtc < end).GroupBy(p => p.CustomerId).ToDictionary(g => g.Key, g => g.ToList()),
                Tickets = tickets.GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Select(t => t.OpenedAt).ToList()),
                Contacts = contacts.GroupBy(c => c.CustomerId).ToDictionary(g => g.Key, g => g.Select(c => c.OccurredAt).ToList()),
                Referrals = pairs,
                ReferralsBy = pairs.GroupBy(r => r.Referrer).ToDictionary(g => g.Key, g => g.ToList()),
            };
        }

        /// <summary>
        /// Rows of the customers who bought by <paramref name="cutoff"/>: features up to it, the naive prediction (the
        /// same targets over the W days up to it) and, when asked, the targets of the W days after it.
        /// </summary>
        public RegressionSet Set(DateOnly cutoff, int windowDays, LearnPotentialRequest request, bool withTargets = true)
        {
            var end = EndOf(cutoff);
            var before = end.AddDays(-windowDays);
            var after = end.AddDays(windowDays);
            var wasReferred = Referrals.Where(r => r.On <= cutoff).Select(r => r.Referred).ToHashSet();
            var ids = new List<long>();
            var rows = new List<double[]>();
            var values = new List<double[]>();
            var naive = new List<double[]>();
            foreach (var (id, list) in Purchases.OrderBy(kv => kv.Key))
            {
                var past = list.Where(p => p.OccurredAtUtc < end).ToList();
                if (past.Count == 0)
                {
                    continue;
                }
                var profitWindow = Profit(id, before, end);
                var tickets = Count(Tickets, id, before, end);
                var contacts = Count(Contacts, id, before, end);
                var own = ReferralsBy.TryGetValue(id, out var made) ? made.Where(r => r.On <= cutoff).ToList() : [];
                var referralsWindow = own.Count(r => r.On > cutoff.AddDays(-windowDays));
                ids.Add(id);
                rows.Add(
                [
                    (end - past.Max(p => p.OccurredAtUtc)).TotalDays,
                    (end - past.Min(p => p.OccurredAtUtc)).TotalDays,
                    past.Count,
                    past.Count(p => p.OccurredAtUtc >= before),
                    profitWindow,
                    past.Where(p => p.OccurredAtUtc >= before).Sum(p => (double)p.Revenue),
                    past.Average(p => (double)(p.Revenue - p.Cost)),
                    tickets,
                    contacts,
                    own.Count,
                    referralsWindow,
                    wasReferred.Contains(id) ? 1 : 0,
                ]);
                naive.Add(Targets(id, cutoff.AddDays(-windowDays), cutoff, before, end, request));
                if (withTargets)
                {
                    values.Add(Targets(id, cutoff, cutoff.AddDays(windowDays), end, after, request));
                }
            }
            return new RegressionSet(Features, LearnPotential.Targets, ids, rows, values, naive);
        }

        /// <summary>B, R, M observed in [from, to): referrals made on days (fromDay, toDay].</summary>
        double[] Targets(long id, DateOnly fromDay, DateOnly toDay, DateTime from, DateTime to, LearnPotentialRequest request)
        {
            var profit = Profit(id, from, to);
            var referral = ReferralsBy.TryGetValue(id, out var made) ? made.Where(r => r.On > fromDay && r.On <= toDay).Sum(r => Profit(r.Referred, from, to)) : 0;
            var maintenance = profit - (Count(Tickets, id, from, to) * request.TicketCost) - (Count(Contacts, id, from, to) * request.ContactCost);
            return [profit, referral, maintenance];
        }

        double Profit(long id, DateTime from, DateTime to) =>
            Purchases.TryGetValue(id, out var list) ? list.Where(p => p.OccurredAtUtc >= from && p.OccurredAtUtc < to).Sum(p => (double)(p.Revenue - p.Cost)) : 0;

        static int Count(Dictionary<long, List<DateTime>> events, long id, DateTime from, DateTime to) =>
            events.TryGetValue(id, out var list) ? list.Count(t => t >= from && t < to) : 0;
    }
}
