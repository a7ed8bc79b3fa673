using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;
using Valora.Data;
using Valora.Data.Baskets;
using Valora.Data.Segments;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Association rules of the stored orders: mine them as a job (scope and settings as <c>valora rules</c>), read the
/// latest run's rules filtered and sorted, and a customer's next-best offers from them.
/// </summary>
public static class RulesApi
{
    /// <summary>Job kind.</summary>
    public const string RunJob = "rules-run";

    /// <summary>Most rules one read returns.</summary>
    public const int MaxTop = 1000;

    public static RouteGroupBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rules").WithTags("Rules");
        var analyses = group.MapGroup("").RequireAuthorization(Policies.RunAnalyses);
        analyses.MapPost("/run", Run)
            .WithName("RunRules")
            .WithSummary("Start mining the completed orders (basket = order, item = SKU) in a scope (country, from, to, segment) for frequent itemsets (FP-Growth, Apriori or Eclat) and association rules with support, confidence, lift, leverage, conviction, Zhang, Jaccard, certainty and Kulczynski, stored as a run; returns the job")
            .ProducesValidationProblem();
        group.MapGet("/", GetLatest)
            .WithName("GetRules")
            .WithSummary("The latest rules run (scope, settings, counts) with its rules filtered (minLift, minConfidence, item on either side) and sorted by a measure, best first")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/customers/{id:long}/offers", GetOffers)
            .WithTags("Rules")
            .WithName("GetCustomerOffers")
            .WithSummary("A customer's next-best products from the latest rules run: each SKU not yet bought reached by a stored rule A → SKU whose antecedent the customer has wholly bought, by confidence, then lift; each with the rule")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Accepted<JobStatus>, ValidationProblem>> Run(RulesRunBody body, ValoraDatabase database, JobQueue jobs, CancellationToken ct)
    {
        var d = new MineRulesOptions();
        MiningAlgorithm algorithm = d.Algorithm;
        if (body.Algorithm is { } a && !TryParseName(a, out algorithm))
        {
            return Problems.BadInput("algorithm", $"'{a}' is not an algorithm: use fpgrowth, apriori or eclat.");
        }
        RuleMetric by = d.By;
        if (body.By is { } b && !TryParseName(b, out by))
        {
            return Problems.BadInput("by", $"'{b}' is not a rule measure: use {MetricNames}.");
        }
        var options = new MineRulesOptions
        {
            MinSupport = body.MinSupport ?? d.MinSupport,
            Algorithm = algorithm,
            MinConfidence = body.MinConfidence ?? d.MinConfidence,
            MinLift = body.MinLift,
            MaxLength = body.MaxLength,
            ExcludeItems = body.ExcludeItems ?? [],
            Top = body.Top,
            By = by,
            Scope = new RuleScope { Country = body.Country, From = body.From, To = body.To, Segment = body.Segment },
        };
        if (options.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        if (body.Segment is { } segment && await new CustomerSegments(database).MembersAsync(segment, ct) is null)
        {
            return Problems.BadInput("segment", $"There is no segment named '{segment}': GET /api/segments lists them.");
        }
        return JobsApi.Accepted(jobs.Enqueue(RunJob, async (progress, jobCt) =>
        {
            progress.Report($"mining {options.Scope.Describe()}");
            var run = await new MineOrderRules(database).ExecuteAsync(options, save: true, ct: jobCt);
            return new RulesRunResult(run.RunId, run.Version, run.AsOf, run.Options.Scope.Describe(), run.Baskets, run.Customers, run.Items,
                run.Itemsets, run.MinCount, run.Rules.Count, run.Truncated);
        }));
    }

    static async Task<Results<Ok<RulesResponse>, ValidationProblem, ProblemHttpResult>> GetLatest(ValoraDbContext db, CancellationToken ct,
        string sort = "lift", double? minLift = null, double? minConfidence = null, string? item = null, int top = 50)
    {
        if (!TryParseName(sort, out RuleMetric metric))
        {
            return Problems.BadInput(nameof(sort), $"'{sort}' is not a rule measure: use {MetricNames}.");
        }
        if (top is < 1 or > MaxTop)
        {
            return Problems.BadInput(nameof(top), string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {MaxTop} but was {top}."));
        }
        if (minLift is { } lift && !(double.IsFinite(lift) && lift >= 0))
        {
            return Problems.BadInput(nameof(minLift), string.Create(CultureInfo.InvariantCulture, $"minLift must be a finite number ≥ 0 but was {lift}."));
        }
        if (minConfidence is { } c && !(c >= 0 && c <= 1))
        {
            return Problems.BadInput(nameof(minConfidence), string.Create(CultureInfo.InvariantCulture, $"minConfidence must be in [0, 1] but was {c}."));
        }
        var view = new RulesView(db);
        var all = await view.LatestAsync(new RulesQuery { Sort = metric, MinLift = minLift, MinConfidence = minConfidence, Item = item }, ct);
        if (all is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rules yet",
                detail: "No association rules have been mined: POST /api/rules/run, then follow the job (or run `valora rules`).");
        }
        return TypedResults.Ok(RulesResponse.Of(all, metric, top));
    }

    static async Task<Results<Ok<CustomerOffers>, ValidationProblem, ProblemHttpResult>> GetOffers(long id, ValoraDbContext db, CancellationToken ct, int top = 5)
    {
        if (top is < 1 or > RuleOffers.MaxTop)
        {
            return Problems.BadInput(nameof(top), string.Create(CultureInfo.InvariantCulture, $"top must be between 1 and {RuleOffers.MaxTop} but was {top}."));
        }
        if (!await db.Customers.AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer",
                detail: string.Create(CultureInfo.InvariantCulture, $"There is no customer {id}."));
        }
        var offers = await new RuleOffers(db).ForAsync(id, top, ct);
        return offers is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No rules yet",
                detail: "Offers come from association rules, and none have been mined: POST /api/rules/run, then follow the job (or run `valora rules`).")
            : TypedResults.Ok(offers);
    }

    static string MetricNames => string.Join(", ", Enum.GetNames<RuleMetric>().Select(n => n.ToLowerInvariant()));

    /// <summary>An enum member by its name, ignoring case (never by its number).</summary>
    static bool TryParseName<T>(string text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}

/// <summary>
/// Rules request: a JSON object (<c>{}</c> for FP-Growth at the default support, every rule, ranked by lift, all
/// orders). A field it does not know is refused (400), so a misspelt threshold cannot silently mine with the default.
/// </summary>
/// <param name="Algorithm">fpgrowth, apriori or eclat.</param>
/// <param name="By">The measure the stored rules are ranked by.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RulesRunBody(double? MinSupport = null, string? Algorithm = null, double? MinConfidence = null, double? MinLift = null,
    int? MaxLength = null, IReadOnlyList<string>? ExcludeItems = null, int? Top = null, string? By = null, string? Country = null,
    DateOnly? From = null, DateOnly? To = null, string? Segment = null);

/// <summary>What a rules job mined and stored.</summary>
public sealed record RulesRunResult(long RunId, string Version, DateOnly AsOf, string Scope, int Baskets, int Customers, int Items,
    int Itemsets, int MinCount, int Rules, bool Truncated);

/// <summary>The settings of a rules run, by name.</summary>
public sealed record RulesSettings(double MinSupport, string Algorithm, double MinConfidence, double? MinLift, int? MaxLength,
    IReadOnlyList<string> ExcludeItems, int? Top, string By, string? Country, DateOnly? From, DateOnly? To, string? Segment);

/// <summary>A rules run and the rules a read selected.</summary>
/// <param name="Matching">Rules passing the read's filters (<see cref="Rules"/> holds the first <c>top</c> of them).</param>
/// <param name="Sort">The measure the rules are sorted by.</param>
public sealed record RulesResponse(long RunId, string Version, DateOnly AsOf, DateTime RanAt, string Scope, RulesSettings Settings,
    int Baskets, int Customers, int Items, int Itemsets, int MinCount, int StoredRules, bool Truncated, int? SegmentMembers,
    int Matching, string Sort, IReadOnlyList<RuleView> Rules)
{
    internal static RulesResponse Of(RulesRun run, RuleMetric sort, int top)
    {
        var o = run.Options;
        var settings = new RulesSettings(o.MinSupport, MineOrderRules.Name(o.Algorithm), o.MinConfidence, o.MinLift, o.MaxLength, o.ExcludeItems,
            o.Top, o.By.ToString().ToLowerInvariant(), o.Scope.Country, o.Scope.From, o.Scope.To, o.Scope.Segment);
        return new RulesResponse(run.RunId, run.Version, run.AsOf, run.RanAt, o.Scope.Describe(), settings, run.Baskets, run.Customers,
            run.Items, run.Itemsets, run.MinCount, run.StoredRules, run.Truncated, run.SegmentMembers, run.Rules.Count,
            sort.ToString().ToLowerInvariant(), [.. run.Rules.Take(top)]);
    }
}
