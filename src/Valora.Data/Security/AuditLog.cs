using Microsoft.EntityFrameworkCore;
using Valora.Domain.Security;

namespace Valora.Data.Security;

/// <summary>Events that are not row changes (sign-ins, exports) and reading the log.</summary>
public static class AuditLog
{
    public static async Task RecordAsync(ValoraDbContext db, string actor, string action, DateTime at, string entity = "", string entityId = "", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.AuditLog.Add(new AuditEntry { At = at, Actor = actor, Action = action, Entity = entity, EntityId = entityId, ChangesJson = "{}" });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Newest first, optionally of one actor, table or record, one page.</summary>
    public static Task<List<AuditEntry>> QueryAsync(ValoraDbContext db, string? actor, string? entity, string? entityId, int skip, int take, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(a => a.Actor == actor);
        }
        if (!string.IsNullOrEmpty(entity))
        {
            query = query.Where(a => a.Entity == entity);
        }
        if (!string.IsNullOrEmpty(entityId))
        {
            query = query.Where(a => a.EntityId == entityId);
        }
        return query.OrderByDescending(a => a.Id).Skip(skip).Take(take).ToListAsync(ct);
    }
}
