using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Domain.Sales;

namespace Valora.Server.Api;

/// <summary>Browsing customers.</summary>
public static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/customers").WithTags("Customers");
        group.MapGet("/", GetCustomers)
            .WithName("GetCustomers")
            .WithSummary("Customers, a page at a time, optionally filtered by name, e-mail or external id")
            .ProducesValidationProblem();
        group.MapGet("/{id:long}", GetCustomer)
            .WithName("GetCustomer")
            .WithSummary("One customer with order count and revenue")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public const int MaxPageSize = 500;

    // REVIEW: the query is plain parameters rather than an [AsParameters] record: validation attributes on a record's
    // constructor parameters make the OpenAPI generator throw (dotnet/aspnetcore#65348), and init properties become
    // required query parameters.
    static async Task<Ok<CustomerPage>> GetCustomers(
        ValoraDbContext db,
        CancellationToken ct,
        [Description("1-based page number (default 1)."), Range(1, int.MaxValue)] int page = 1,
        [Description("Customers per page, 1 to 500 (default 50)."), Range(1, MaxPageSize)] int pageSize = 50,
        [Description("Part of the name, e-mail or external id; case-insensitive for ASCII letters."), StringLength(200)]
        string? search = null)
    {
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // lower() on both sides makes the match case-insensitive on SQLite and PostgreSQL alike (ASCII letters on
            // SQLite, whose lower() folds nothing else); Contains becomes instr/strpos, so % and _ match literally.
            var term = search.Trim().ToLowerInvariant();
            // The ToLower() calls below are translated to SQL lower(), not run in .NET: no culture applies.
#pragma warning disable CA1304, CA1311
            customers = customers.Where(c =>
                c.ExternalId.ToLower().Contains(term)
                || (c.Name != null && c.Name.ToLower().Contains(term))
                || (c.Email != null && c.Email.ToLower().Contains(term)));
#pragma warning restore CA1304, CA1311
        }
        var total = await customers.CountAsync(ct);
        var items = await customers
            .OrderBy(c => c.Id)
            .Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue))
            .Take(pageSize)
            .Select(c => new CustomerSummary(c.Id, c.ExternalId, c.Name, c.Email, c.City, c.Country, c.SignupDate))
            .ToListAsync(ct);
        return TypedResults.Ok(new CustomerPage(items, page, pageSize, total));
    }

    static async Task<Results<Ok<CustomerDetail>, ProblemHttpResult>> GetCustomer(long id, ValoraDbContext db, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (customer is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Customer not found",
                detail: $"There is no customer with id {id.ToString(CultureInfo.InvariantCulture)}.");
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

        return TypedResults.Ok(new CustomerDetail(
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
            completed.Count == 0 ? null : completed.Max(o => o.OrderedAt)));
    }
}
