using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Customers;
using Valora.Data.Records;
using Valora.Domain.Sales;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// Customer records: search and filter with cursor paging, read (with an ETag), create (with an optional
/// Idempotency-Key), update under If-Match (PUT replaces every field, PATCH is a JSON merge patch), delete, and tags.
/// </summary>
public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/customers").WithTags("Customers");
        group.MapGet("/", GetCustomers)
            .WithName("GetCustomers")
            .WithSummary("Customers matching every filter given, sorted, a page at a time (page number or cursor)")
            .ProducesValidationProblem();
        group.MapGet("/{id:long}", GetCustomer)
            .WithName("GetCustomer")
            .WithSummary("One customer with order count and revenue; the ETag header is the version to send in If-Match")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/360", Get360)
            .WithName("GetCustomer360")
            .WithSummary("Everything about one customer in one call: profile, recent orders and totals, interactions, tickets, surveys, referrals, tags, open follow-ups and the latest score of every metric; missing names what does not exist yet")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Create)
            .WithName("CreateCustomer")
            .WithSummary("Create a customer; with an Idempotency-Key, a repeat returns the first result (another body: 409)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:long}", Replace)
            .WithName("ReplaceCustomer")
            .WithSummary("Replace every field of a customer (If-Match with its ETag required)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPatch("/{id:long}", Patch)
            .WithName("PatchCustomer")
            .WithSummary("Change the fields named in a JSON merge patch, null clearing one (If-Match with its ETag required)")
            .Accepts<CustomerInput>("application/merge-patch+json", "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:long}", Delete)
            .WithName("DeleteCustomer")
            .WithSummary("Delete a customer without history (orders, interactions, tickets… give 409); If-Match optional")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id:long}/tags", GetTags)
            .WithName("GetCustomerTags")
            .WithSummary("A customer's tags")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/tags", AddTags)
            .WithName("AddCustomerTags")
            .WithSummary("Add tags to a customer (names are trimmed and lower-cased; a tag it has is kept once)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:long}/tags/{tag}", RemoveTag)
            .WithName("RemoveCustomerTag")
            .WithSummary("Remove a tag from a customer (removing one it has not changes nothing)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public const int MaxPageSize = CustomerSearch.MaxPageSize;

    // REVIEW: the query is plain parameters rather than an [AsParameters] record: validation attributes on a record's
    // constructor parameters make the OpenAPI generator throw (dotnet/aspnetcore#65348), and init properties become
    // required query parameters.
    static async Task<Results<Ok<CustomerPage>, ValidationProblem>> GetCustomers(
        ValoraDbContext db,
        ClaimsPrincipal user,
        CancellationToken ct,
        [Description("1-based page number (default 1); not with cursor."), Range(1, int.MaxValue)] int? page = null,
        [Description("Customers per page, 1 to 500 (default 50)."), Range(1, MaxPageSize)] int pageSize = 50,
        [Description("Part of the name, e-mail or external id; case-insensitive for ASCII letters."), StringLength(200)]
        string? search = null,
        [Description("Part of the name."), StringLength(200)] string? name = null,
        [Description("Part of the e-mail address."), StringLength(254)] string? email = null,
        [Description("Digits of the phone number (punctuation ignored)."), StringLength(32)] string? phone = null,
        [Description("A tag the customer has (whole name)."), StringLength(64)] string? tag = null,
        [Description("Two-letter country code."), StringLength(2)] string? country = null,
        [Description("RFM segment of the latest RFM run, e.g. Champions."), StringLength(64)] string? segment = null,
        [Description("Churn tier of the latest churn run: high, medium or low."), StringLength(16)] string? churnTier = null,
        [Description("id (default), -id, name, -name, signupDate or -signupDate; ties are broken by id.")] string? sort = null,
        [Description("nextCursor of the previous page (same filters and sort)."), StringLength(2000)] string? cursor = null)
    {
        if (ParseSort(sort) is not { } order)
        {
            return Problems.BadInput("sort", "must be id, -id, name, -name, signupDate or -signupDate.");
        }
        if (page is not null && cursor is not null)
        {
            return Problems.BadInput("cursor", "give either a page number or a cursor, not both.");
        }
        var filter = new CustomerFilter
        {
            Term = search, Name = name, Email = email, Phone = phone, Tag = tag, Country = country, Segment = segment, ChurnTier = churnTier,
        };
        try
        {
            var result = await CustomerSearch.SearchAsync(db, filter, order, (page ?? 1) - 1, cursor, pageSize, ct);
            var items = result.Items.Select(c => new CustomerSummary(c.Id, c.ExternalId, c.Name, c.Email, c.City, c.Country, c.SignupDate).MaskFor(user)).ToList();
            return TypedResults.Ok(new CustomerPage(items, cursor is null ? page ?? 1 : null, pageSize, result.Total, result.NextCursor));
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static CustomerSort? ParseSort(string? sort) => sort?.Trim() switch
    {
        null or "" or "id" => CustomerSort.Id,
        "-id" => CustomerSort.IdDescending,
        "name" => CustomerSort.Name,
        "-name" => CustomerSort.NameDescending,
        "signupDate" => CustomerSort.SignupDate,
        "-signupDate" => CustomerSort.SignupDateDescending,
        _ => null,
    };

    static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> GetCustomer(long id, ValoraDbContext db, HttpResponse response, ClaimsPrincipal user, CancellationToken ct)
    {
        var detail = await LoadDetailAsync(db, id, ct);
        if (detail is null)
        {
            return RecordProblems.NotFound("Customer", id);
        }
        response.Headers.ETag = detail.ETag;
        return TypedResults.Ok(detail.MaskFor(user));
    }

    static async Task<Results<Ok<Customer360Response>, ProblemHttpResult>> Get360(
        long id, ValoraDbContext db, TimeProvider time, HttpResponse response, ClaimsPrincipal user, CancellationToken ct,
        [Description("How many of the most recent orders, interactions, tickets and survey answers, 1 to 100 (default 20)."), Range(1, 100)]
        int recent = 20)
    {
        var view = await Customer360.LoadAsync(db, id, ct, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (view is null)
        {
            return RecordProblems.NotFound("Customer", id);
        }
        var profile = CustomerRecord.From(view.Profile);
        response.Headers.ETag = profile.ETag;
        return TypedResults.Ok(new Customer360Response(
            profile.MaskFor(user), view.Tags, [.. view.Orders.Take(recent)], view.Totals, view.InteractionCount, [.. view.Interactions.Take(recent)],
            view.TicketCount, view.OpenTickets, [.. view.Tickets.Take(recent)], [.. view.Surveys.Take(recent)], view.Referrals,
            view.OpenFollowUps, view.Scores, view.Missing));
    }

    static async Task<Results<Created<CustomerRecord>, ValidationProblem, ProblemHttpResult>> Create(
        CustomerInput customer,
        ValoraDbContext db,
        TimeProvider time,
        HttpResponse response,
        CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key"), Description("A key of your choice (1–200 visible ASCII characters) that makes a retry safe.")]
        string? idempotencyKey = null)
    {
        try
        {
            var outcome = await CreateCustomer.RunAsync(db, customer, idempotencyKey, time.GetUtcNow().UtcDateTime, ct);
            if (outcome.Value is not { } created)
            {
                return RecordProblems.Refused(outcome, "Customer");
            }
            if (outcome.Status == WriteStatus.Replayed)
            {
                response.Headers["Idempotent-Replayed"] = "true";
            }
            response.Headers.ETag = created.ETag;
            return TypedResults.Created($"/api/customers/{created.Id}", created);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<CustomerRecord>, ValidationProblem, ProblemHttpResult>> Replace(
        long id, CustomerInput customer, ValoraDbContext db, TimeProvider time, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await WriteAsync(response, () => UpdateCustomer.ReplaceAsync(db, id, request.Headers.IfMatch, customer, time.GetUtcNow().UtcDateTime, ct));

    static async Task<Results<Ok<CustomerRecord>, ValidationProblem, ProblemHttpResult>> Patch(
        long id, JsonElement patch, ValoraDbContext db, TimeProvider time, HttpRequest request, HttpResponse response, CancellationToken ct) =>
        await WriteAsync(response, () => UpdateCustomer.PatchAsync(db, id, request.Headers.IfMatch, patch, time.GetUtcNow().UtcDateTime, ct));

    static async Task<Results<Ok<CustomerRecord>, ValidationProblem, ProblemHttpResult>> WriteAsync(
        HttpResponse response, Func<Task<WriteOutcome<CustomerRecord>>> write)
    {
        try
        {
            var outcome = await write();
            if (outcome.Value is not { } written)
            {
                return RecordProblems.Refused(outcome, "Customer");
            }
            response.Headers.ETag = written.ETag;
            return TypedResults.Ok(written);
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ValoraDbContext db, HttpRequest request, CancellationToken ct)
    {
        var outcome = await DeleteCustomer.RunAsync(db, id, request.Headers.IfMatch, ct);
        return outcome.Value is null ? RecordProblems.Refused(outcome, "Customer") : TypedResults.NoContent();
    }

    static async Task<Results<Ok<CustomerTags.TagList>, ProblemHttpResult>> GetTags(long id, ValoraDbContext db, CancellationToken ct) =>
        await CustomerTags.ListAsync(db, id, ct) is { } tags ? TypedResults.Ok(tags) : RecordProblems.NotFound("Customer", id);

    static async Task<Results<Ok<CustomerTags.TagList>, ValidationProblem, ProblemHttpResult>> AddTags(
        long id, TagsRequest request, ValoraDbContext db, CancellationToken ct)
    {
        try
        {
            var outcome = await CustomerTags.AddAsync(db, id, request.Tags ?? [], ct);
            return outcome.Value is { } tags ? TypedResults.Ok(tags) : RecordProblems.Refused(outcome, "Customer");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    static async Task<Results<Ok<CustomerTags.TagList>, ValidationProblem, ProblemHttpResult>> RemoveTag(
        long id, string tag, ValoraDbContext db, CancellationToken ct)
    {
        try
        {
            var outcome = await CustomerTags.RemoveAsync(db, id, tag, ct);
            return outcome.Value is { } tags ? TypedResults.Ok(tags) : RecordProblems.Refused(outcome, "Customer");
        }
        catch (RecordValidationException ex)
        {
            return RecordProblems.Invalid(ex);
        }
    }

    /// <summary>The customer's detail as <see cref="GetCustomer"/> returns it, with its ETag; null when there is none.</summary>
    static async Task<CustomerDetail?> LoadDetailAsync(ValoraDbContext db, long id, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return null;
        }

        // Line totals are decimals, which SQLite stores as text and cannot sum exactly in SQL, so the (few) orders of
        // one customer are loaded and added up here, identically on both providers.
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId == id)
            .Select(o => new { o.Status, o.OrderedAt, o.Currency, Totals = o.Lines.Select(l => l.LineTotal).ToList() })
            .ToListAsync(ct);
        var completed = orders.Where(o => o.Status == OrderStatus.Completed).ToList();
        var revenue = completed
            .GroupBy(o => o.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MoneyAmount(g.Key, g.Sum(o => o.Totals.Sum())))
            .ToList();
        var tags = (await CustomerTags.ListAsync(db, id, ct))?.Tags ?? [];
        var record = CustomerRecord.From(customer);

        return new CustomerDetail(
            customer.Id,
            customer.ExternalId,
            customer.Name,
            customer.Email,
            customer.Phone,
            customer.City,
            customer.Region,
            customer.Country,
            customer.SignupDate,
            customer.AcquisitionChannel,
            orders.Count,
            completed.Count,
            revenue,
            completed.Count == 0 ? null : completed.Min(o => o.OrderedAt),
            completed.Count == 0 ? null : completed.Max(o => o.OrderedAt),
            record.ETag,
            record.BirthDate,
            record.Gender,
            record.Income,
            record.AcquisitionCost,
            record.EmailConsent,
            record.SmsConsent,
            record.PhoneConsent,
            tags);
    }
}

/// <summary>Tags to add to a customer.</summary>
public sealed record TagsRequest(IReadOnlyList<string?>? Tags);
