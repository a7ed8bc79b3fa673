using Microsoft.EntityFrameworkCore;

namespace Valora.Data.Customers;

/// <summary>One row of a customer list.</summary>
public sealed record CustomerListItem(long Id, string ExternalId, string? Name, string? Email, string? City, string? Country, DateOnly? SignupDate);

/// <summary>One page of a customer list and how many customers match in all.</summary>
public sealed record CustomerListPage(IReadOnlyList<CustomerListItem> Items, int Total);

/// <summary>Query: customers whose name, e-mail or external id contains a term, a page at a time, by id.</summary>
public static class CustomerSearch
{
    public const int MaxPageSize = 500;

    /// <param name="pageIndex">0-based page number.</param>
    /// <param name="pageSize">1 to <see cref="MaxPageSize"/>.</param>
    public static async Task<CustomerListPage> SearchAsync(
        ValoraDbContext db, string? term, int pageIndex, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(term))
        {
            // lower() on both sides makes the match case-insensitive on SQLite and PostgreSQL alike (ASCII letters on
            // SQLite, whose lower() folds nothing else); Contains becomes instr/strpos, so % and _ match literally.
            var t = term.Trim().ToLowerInvariant();
            // The ToLower() calls below are translated to SQL lower(), not run in .NET: no culture applies.
#pragma warning disable CA1304, CA1311
            customers = customers.Where(c =>
                c.ExternalId.ToLower().Contains(t)
                || (c.Name != null && c.Name.ToLower().Contains(t))
                || (c.Email != null && c.Email.ToLower().Contains(t)));
#pragma warning restore CA1304, CA1311
        }
        var total = await customers.CountAsync(ct);
        var items = await customers
            .OrderBy(c => c.Id)
            .Skip((int)Math.Min((long)pageIndex * pageSize, int.MaxValue))
            .Take(pageSize)
            .Select(c => new CustomerListItem(c.Id, c.ExternalId, c.Name, c.Email, c.City, c.Country, c.SignupDate))
            .ToListAsync(ct);
        return new CustomerListPage(items, total);
    }
}
