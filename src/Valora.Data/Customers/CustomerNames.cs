using Microsoft.EntityFrameworkCore;

namespace Valora.Data.Customers;

/// <summary>How a page or report names a customer: their external id and, when known, their name.</summary>
public sealed record CustomerName(string ExternalId, string? Name);

/// <summary>The names of a few customers, for the lists of top customers the views show beside their scores.</summary>
public static class CustomerNames
{
    /// <summary>The external id and name of each of <paramref name="ids"/> that exists, by id.</summary>
    public static Task<Dictionary<long, CustomerName>> OfAsync(ValoraDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        return db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new CustomerName(c.ExternalId, c.Name), ct);
    }
}
