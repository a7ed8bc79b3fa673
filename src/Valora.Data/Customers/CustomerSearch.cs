using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Records;
using Valora.Data.Scores;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>One row of a customer list.</summary>
public sealed record CustomerListItem(long Id, string ExternalId, string? Name, string? Email, string? City, string? Country, DateOnly? SignupDate);

/// <summary>
/// One page of a customer list, how many customers match in all, and the cursor of the next page (null on the last).
/// </summary>
public sealed record CustomerListPage(IReadOnlyList<CustomerListItem> Items, int Total, string? NextCursor = null);

/// <summary>The order of a customer list; every order ends on the id, so it is total and a cursor can resume it.</summary>
public enum CustomerSort
{
    Id,
    IdDescending,
    Name,
    NameDescending,
    SignupDate,
    SignupDateDescending,
}

/// <summary>
/// What a customer list is filtered by; every filter given must hold. Text filters match a part of the field, ignoring
/// the case of ASCII letters; <see cref="Tag"/> and <see cref="Country"/> match whole values. <see cref="Segment"/> and
/// <see cref="ChurnTier"/> are the labels of the latest RFM and churn runs (no run: nobody matches).
/// </summary>
public sealed record CustomerFilter
{
    /// <summary>Part of the name, e-mail or external id.</summary>
    public string? Term { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    /// <summary>Digits of the phone number (other characters are ignored on both sides).</summary>
    public string? Phone { get; init; }

    public string? Tag { get; init; }

    public string? Country { get; init; }

    /// <summary>RFM segment, e.g. <c>Champions</c>.</summary>
    public string? Segment { get; init; }

    /// <summary><c>high</c>, <c>medium</c> or <c>low</c>.</summary>
    public string? ChurnTier { get; init; }
}

/// <summary>
/// Query: customers matching a <see cref="CustomerFilter"/>, in a <see cref="CustomerSort"/> order, a page at a time —
/// by page index (the dashboard's pager) or by cursor (the API: keyset paging, stable while rows are added).
/// </summary>
public static class CustomerSearch
{
    public const int MaxPageSize = 500;

    /// <param name="pageIndex">0-based page number.</param>
    /// <param name="pageSize">1 to <see cref="MaxPageSize"/>.</param>
    public static Task<CustomerListPage> SearchAsync(
        ValoraDbContext db, string? term, int pageIndex, int pageSize, CancellationToken ct = default) =>
        SearchAsync(db, new CustomerFilter { Term = term }, CustomerSort.Id, pageIndex, null, pageSize, ct);

    /// <summary>
    /// One page: the page at <paramref name="pageIndex"/>, or, when <paramref name="cursor"/> is given (from an earlier
    /// page's <see cref="CustomerListPage.NextCursor"/> with the same filter and sort), the page after it. A cursor
    /// that is malformed or made for another sort is a <see cref="RecordValidationException"/> naming <c>cursor</c>.
    /// </summary>
    public static async Task<CustomerListPage> SearchAsync(
        ValoraDbContext db, CustomerFilter filter, CustomerSort sort, int pageIndex, string? cursor, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var after = cursor is null ? null : Cursor.Parse(cursor, sort);
        var customers = await FilterAsync(db, filter, ct);
        var total = await customers.CountAsync(ct);
        var page = Order(After(customers, sort, after), sort);
        if (after is null)
        {
            page = page.Skip((int)Math.Min((long)pageIndex * pageSize, int.MaxValue));
        }
        var rows = await page.Take(pageSize + 1)
            .Select(c => new CustomerListItem(c.Id, c.ExternalId, c.Name, c.Email, c.City, c.Country, c.SignupDate))
            .ToListAsync(ct);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? Cursor.Of(items[^1], sort) : null;
        return new CustomerListPage(items, total, next);
    }

    // lower() on both sides makes the matches case-insensitive on SQLite and PostgreSQL alike (ASCII letters on SQLite,
    // whose lower() folds nothing else); Contains becomes instr/strpos, so % and _ match literally. The ToLower() calls
    // are translated to SQL lower(), not run in .NET: no culture applies.
#pragma warning disable CA1304, CA1311
    static async Task<IQueryable<Customer>> FilterAsync(ValoraDbContext db, CustomerFilter filter, CancellationToken ct)
    {
        var customers = db.Customers.AsNoTracking();
        if (Clean(filter.Term) is { } term)
        {
            customers = customers.Where(c =>
                c.ExternalId.ToLower().Contains(term)
                || (c.Name != null && c.Name.ToLower().Contains(term))
                || (c.Email != null && c.Email.ToLower().Contains(term)));
        }
        if (Clean(filter.Name) is { } name)
        {
            customers = customers.Where(c => c.Name != null && c.Name.ToLower().Contains(name));
        }
        if (Clean(filter.Email) is { } email)
        {
            customers = customers.Where(c => c.Email != null && c.Email.ToLower().Contains(email));
        }
        if (filter.Phone is { } phoneFilter)
        {
            var digits = new string([.. phoneFilter.Where(char.IsAsciiDigit)]);
            // Stored numbers keep their punctuation: it is removed in SQL before the match.
            customers = digits.Length == 0
                ? customers.Where(c => false)
                : customers.Where(c => c.Phone != null
                    && c.Phone.Replace(" ", "").Replace("-", "").Replace(".", "").Replace("(", "").Replace(")", "").Replace("+", "").Contains(digits));
        }
        if (Clean(filter.Tag) is { } tag)
        {
            customers = customers.Where(c => db.CustomerTags.Any(l => l.CustomerId == c.Id
                && db.Tags.Any(t => t.Id == l.TagId && t.Name.ToLower() == tag)));
        }
        if (Clean(filter.Country) is { } country)
        {
            customers = customers.Where(c => c.Country != null && c.Country.ToLower() == country);
        }
        customers = await LabelAsync(db, customers, Metrics.Rfm.Model, Metrics.Rfm.Segment, filter.Segment, ct);
        customers = await LabelAsync(db, customers, Metrics.Churn.Model, Metrics.Churn.Tier, filter.ChurnTier, ct);
        return customers;
    }

    static async Task<IQueryable<Customer>> LabelAsync(
        ValoraDbContext db, IQueryable<Customer> customers, string model, ScoreMetric metric, string? value, CancellationToken ct)
    {
        if (Clean(value) is not { } label)
        {
            return customers;
        }
        var run = await new ScoreQueries(db).LatestRunAsync(model, ct);
        if (run is null)
        {
            return customers.Where(c => false);
        }
        var (asOf, version, name) = (run.AsOf, run.Version, metric.Name);
        return customers.Where(c => db.CustomerScores.Any(s => s.CustomerId == c.Id && s.Metric == name && s.AsOf == asOf
            && s.ModelVersion == version && s.Label != null && s.Label.ToLower() == label));
    }
#pragma warning restore CA1304, CA1311

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    // Nulls sort as the empty name and the earliest date, in the order and in the cursor alike, so keyset paging never
    // skips or repeats a customer without a name or sign-up date.
    static IQueryable<Customer> Order(IQueryable<Customer> q, CustomerSort sort) => sort switch
    {
        CustomerSort.IdDescending => q.OrderByDescending(c => c.Id),
        CustomerSort.Name => q.OrderBy(c => c.Name ?? "").ThenBy(c => c.Id),
        CustomerSort.NameDescending => q.OrderByDescending(c => c.Name ?? "").ThenByDescending(c => c.Id),
        CustomerSort.SignupDate => q.OrderBy(c => c.SignupDate ?? DateOnly.MinValue).ThenBy(c => c.Id),
        CustomerSort.SignupDateDescending => q.OrderByDescending(c => c.SignupDate ?? DateOnly.MinValue).ThenByDescending(c => c.Id),
        _ => q.OrderBy(c => c.Id),
    };

    static IQueryable<Customer> After(IQueryable<Customer> q, CustomerSort sort, Cursor? after)
    {
        if (after is null)
        {
            return q;
        }
        var id = after.Id;
        switch (sort)
        {
            case CustomerSort.Id:
                return q.Where(c => c.Id > id);
            case CustomerSort.IdDescending:
                return q.Where(c => c.Id < id);
            case CustomerSort.Name:
            {
                var name = after.Name ?? "";
                return q.Where(c => string.Compare(c.Name ?? "", name) > 0 || ((c.Name ?? "") == name && c.Id > id));
            }
            case CustomerSort.NameDescending:
            {
                var name = after.Name ?? "";
                return q.Where(c => string.Compare(c.Name ?? "", name) < 0 || ((c.Name ?? "") == name && c.Id < id));
            }
            case CustomerSort.SignupDate:
            {
                var date = after.Date ?? DateOnly.MinValue;
                return q.Where(c => (c.SignupDate ?? DateOnly.MinValue) > date || ((c.SignupDate ?? DateOnly.MinValue) == date && c.Id > id));
            }
            default:
            {
                var date = after.Date ?? DateOnly.MinValue;
                return q.Where(c => (c.SignupDate ?? DateOnly.MinValue) < date || ((c.SignupDate ?? DateOnly.MinValue) == date && c.Id < id));
            }
        }
    }

    /// <summary>Where a page ended: the sort it was made for and the last row's sort key and id (base64url JSON).</summary>
    sealed record Cursor(string Sort, long Id, string? Name, DateOnly? Date)
    {
        public static string Of(CustomerListItem last, CustomerSort sort)
        {
            var cursor = new Cursor(sort.ToString(), last.Id,
                sort is CustomerSort.Name or CustomerSort.NameDescending ? last.Name ?? "" : null,
                sort is CustomerSort.SignupDate or CustomerSort.SignupDateDescending ? last.SignupDate ?? DateOnly.MinValue : null);
            return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(cursor, Idempotency.Json));
        }

        public static Cursor Parse(string text, CustomerSort sort)
        {
            Cursor? cursor = null;
            try
            {
                if (text.Length <= 2000)
                {
                    cursor = JsonSerializer.Deserialize<Cursor>(Base64Url.DecodeFromChars(text), Idempotency.Json);
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException)
            {
                cursor = null;
            }
            if (cursor is null || !string.Equals(cursor.Sort, sort.ToString(), StringComparison.Ordinal))
            {
                throw new RecordValidationException("cursor",
                    "is not a cursor of this list: pass nextCursor of the previous page, with the same sort.");
            }
            return cursor;
        }
    }
}
