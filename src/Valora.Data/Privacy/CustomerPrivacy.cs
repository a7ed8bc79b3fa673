using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Valora.Data.Customers;
using Valora.Data.Interactions;
using Microsoft.EntityFrameworkCore.Storage;
using Valora.Data.Records;
using Valora.Data.Security;
using Valora.Data.Tickets;
using Valora.Domain.Customers;
using Valora.Domain.Security;

namespace Valora.Data.Privacy;

/// <summary>
/// GDPR for one customer (articles 15 and 17): <see cref="ExportAsync"/> gives everything held about them as one JSON
/// document, and <see cref="EraseAsync"/> removes every trace in one transaction. Which tables hold a customer's data
/// is read from the EF model, not listed by hand: every table with a foreign key to <c>Customers</c>, and every
/// table with a foreign key to one of those (order lines, ticket events, …), so a table added later is covered
/// without touching this class. A merge record names customers by id without a foreign key (the merged customer is
/// gone) and is covered all the same; erasing a customer also erases what is left of every customer merged into it
/// (and not unmerged): the same person entered twice. Beside the rows themselves, erasure scrubs the audit entries that recorded those
/// rows' fields (their changes become <c>{"erased":true}</c>), deletes the idempotency records whose stored
/// responses repeat them, and then writes one <c>erase</c> entry naming only the customer's internal id.
/// Deletes go around EF change tracking, so the audit interceptor never copies the erased values into the log.
/// </summary>
public static class CustomerPrivacy
{
    /// <summary>The audit action of an erasure.</summary>
    public const string EraseAction = "erase";

    /// <summary>What replaces the changes of an audit entry about an erased row.</summary>
    public const string ErasedChanges = """{"erased":true}""";

    /// <summary>Placeholders of the raw SQL: the customer's id and <see cref="ErasedChanges"/>.</summary>
    const string IdParameter = "{0}", ErasedParameter = "{1}";

    /// <summary>Idempotency scopes whose stored response is a row of the given table.</summary>
    static readonly (string Scope, string Table)[] IdempotencyScopes =
    [
        (CreateCustomer.Scope, "Customers"),
        (LogInteraction.Scope, "Interactions"),
        (FollowUps.Scope, "FollowUpTasks"),
        (CreateTicket.Scope, "Tickets"),
        (MergeCustomers.Scope, "CustomerMerges"),
    ];

    /// <summary>
    /// Tables that name a customer by id without a foreign key, because the row outlives a customer it names: a merge
    /// record keeps the merged customer's full record after that customer is deleted. They are covered like a table
    /// with a direct foreign key, on any of the listed columns.
    /// </summary>
    static readonly (Type Entity, string[] Properties)[] UnlinkedReferences =
    [
        (typeof(CustomerMerge), [nameof(CustomerMerge.SurvivorId), nameof(CustomerMerge.MergedId)]),
    ];

    /// <summary>One table that holds a customer's rows and how to find them.</summary>
    /// <param name="Table">The table's name.</param>
    /// <param name="Depth">Links from <c>Customers</c> (1 = a direct foreign key); deeper tables are erased first.</param>
    /// <param name="Predicate">SQL condition selecting the customer's rows, with <c>{0}</c> for the customer id.</param>
    /// <param name="KeyText">SQL expression giving a row's key as the audit log writes it (parts joined by <c>/</c>).</param>
    /// <param name="CustomerProperties">Properties (as the audit log names them) holding the customer's id directly.</param>
    public sealed record TablePlan(string Table, int Depth, string Predicate, string KeyText, IReadOnlyList<string> CustomerProperties);

    /// <summary>The tables holding a customer's data, deepest first, ending with <c>Customers</c> itself.</summary>
    public static IReadOnlyList<TablePlan> Plan(ValoraDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var model = db.Model;
        var customer = model.FindEntityType(typeof(Customer)) ?? throw new InvalidOperationException("The model has no Customer entity.");
        var entities = model.GetEntityTypes().Where(e => e.GetTableName() is not null).ToList();

        // Depth = the longest chain of foreign keys from the table to Customers; found by relaxing until stable.
        var depth = new Dictionary<IEntityType, int> { [customer] = 0 };
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var entity in entities.Where(e => e != customer))
            {
                var reach = entity.GetForeignKeys().Where(f => f.PrincipalEntityType != entity && depth.ContainsKey(f.PrincipalEntityType))
                    .Select(f => depth[f.PrincipalEntityType] + 1).DefaultIfEmpty(-1).Max();
                if (reach > (depth.TryGetValue(entity, out var known) ? known : -1))
                {
                    if (reach > entities.Count)
                    {
                        throw new InvalidOperationException($"{entity.DisplayName()}: a cycle of foreign keys through customer data.");
                    }
                    depth[entity] = reach;
                    changed = true;
                }
            }
        }

        var plans = new Dictionary<IEntityType, TablePlan>();
        foreach (var (entity, level) in depth.OrderBy(d => d.Value))
        {
            if (level == 0)
            {
                plans[entity] = new(Table(entity), 0, $"{Q(Column(entity.FindPrimaryKey()!.Properties[0]))} = {{0}}", KeyText(entity), []);
                continue;
            }
            var conditions = new List<string>();
            var direct = new List<string>();
            foreach (var fk in entity.GetForeignKeys().Where(f => f.PrincipalEntityType != entity && plans.ContainsKey(f.PrincipalEntityType)))
            {
                if (fk.Properties.Count != 1)
                {
                    throw new InvalidOperationException($"{entity.DisplayName()}: composite foreign keys to customer data are not supported.");
                }
                var principal = plans[fk.PrincipalEntityType];
                if (principal.Depth == 0)
                {
                    conditions.Add($"{Q(Column(fk.Properties[0]))} = {{0}}");
                    direct.Add(fk.Properties[0].Name);
                }
                else
                {
                    conditions.Add($"{Q(Column(fk.Properties[0]))} IN (SELECT {Q(Column(fk.PrincipalKey.Properties[0]))} FROM {Q(principal.Table)} WHERE {principal.Predicate})");
                }
            }
            plans[entity] = new(Table(entity), level, string.Join(" OR ", conditions.Select(c => "(" + c + ")")), KeyText(entity), direct);
        }
        foreach (var (type, properties) in UnlinkedReferences)
        {
            var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"The model has no {type.Name} entity.");
            var columns = properties.Select(p => entity.FindProperty(p) ?? throw new InvalidOperationException($"{type.Name} has no property {p}.")).ToList();
            plans[entity] = new(Table(entity), 1, string.Join(" OR ", columns.Select(c => $"({Q(Column(c))} = {{0}})")), KeyText(entity), properties);
        }
        return [.. plans.Values.OrderByDescending(p => p.Depth).ThenBy(p => p.Table, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Everything held about the customer as one JSON document: for each table in <see cref="Plan"/> its rows with
    /// every column; null when there is no such customer. The export itself is recorded in the audit log.
    /// </summary>
    public static async Task<JsonObject?> ExportAsync(ValoraDbContext db, long customerId, string actor, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }
        var tables = new JsonObject();
        foreach (var plan in Plan(db).OrderBy(p => p.Depth).ThenBy(p => p.Table, StringComparer.Ordinal))
        {
            tables[plan.Table] = await ReadRowsAsync(db, plan, customerId, ct);
        }
        await AuditLog.RecordAsync(db, actor, "export", nowUtc, "Customers", customerId.ToString(CultureInfo.InvariantCulture), ct);
        return new JsonObject
        {
            ["customerId"] = customerId,
            ["exportedAt"] = nowUtc.ToString("O", CultureInfo.InvariantCulture),
            ["tables"] = tables,
        };
    }

    /// <summary>What an erasure removed: rows per table (tables with none left out) and audit entries scrubbed.</summary>
    public sealed record ErasureReport(long CustomerId, IReadOnlyDictionary<string, int> RowsDeleted, int AuditEntriesScrubbed, int IdempotencyRecordsDeleted);

    /// <summary>
    /// Removes every trace of the customer in one transaction (all or nothing); null when there is no such customer,
    /// so a repeated erasure changes nothing.
    /// </summary>
    public static async Task<ErasureReport?> EraseAsync(ValoraDbContext db, long customerId, string actor, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var plans = Plan(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return null;
        }
        // The same person under the ids merged into this customer (and into those, …): their records were deleted by
        // the merge, but audit entries and idempotency records of them remain, and so do merge records naming them.
        var ids = new List<long> { customerId };
        for (var i = 0; i < ids.Count; i++)
        {
            var survivor = ids[i];
            ids.AddRange(await db.CustomerMerges.Where(m => m.SurvivorId == survivor && m.UndoneAt == null).Select(m => m.MergedId)
                .Where(id => !ids.Contains(id)).ToListAsync(ct));
        }
        var scrubbed = 0;
        var idempotency = 0;
        foreach (var id in ids)
        {
            foreach (var plan in plans)
            {
                // A customer merged away has no row left; its entries are found by id.
                var gone = plan.Depth == 0 ? $""" OR "EntityId" = CAST({IdParameter} AS TEXT)""" : "";
                scrubbed += await ExecuteAsync(db,
                    $"""UPDATE "AuditLog" SET "ChangesJson" = {ErasedParameter} WHERE "Entity" = '{plan.Table}' AND ("EntityId" IN (SELECT {plan.KeyText} FROM {Q(plan.Table)} WHERE {plan.Predicate}){EarlierRows(plan)}{gone}) AND "ChangesJson" <> {ErasedParameter}""",
                    id, ct, ErasedChanges);
                foreach (var (scope, _) in IdempotencyScopes.Where(s => s.Table == plan.Table))
                {
                    var resource = plan.Depth == 0 ? $"""= {IdParameter}""" : $"""IN (SELECT "Id" FROM {Q(plan.Table)} WHERE {plan.Predicate})""";
                    var records = $"""FROM "IdempotencyKeys" WHERE "Scope" = '{scope}' AND "ResourceId" {resource}""";
                    scrubbed += await ExecuteAsync(db,
                        $"""UPDATE "AuditLog" SET "ChangesJson" = {ErasedParameter} WHERE "Entity" = 'IdempotencyKeys' AND "EntityId" IN (SELECT "Scope" || '/' || "Key" {records})""",
                        id, ct, ErasedChanges);
                    idempotency += await ExecuteAsync(db, "DELETE " + records, id, ct);
                }
            }
        }
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            foreach (var plan in plans)
            {
                var rows = await ExecuteAsync(db, $"DELETE FROM {Q(plan.Table)} WHERE {plan.Predicate}", id, ct);
                if (rows > 0)
                {
                    deleted[plan.Table] = (deleted.TryGetValue(plan.Table, out var earlier) ? earlier : 0) + rows;
                }
            }
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = nowUtc, Actor = actor, Action = EraseAction, Entity = "Customers",
            EntityId = customerId.ToString(CultureInfo.InvariantCulture), ChangesJson = "{}",
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new ErasureReport(customerId, deleted, scrubbed, idempotency);
    }

    /// <summary>
    /// Audit entries of the customer's rows deleted before (their ids are gone, but the entry recorded the customer's id
    /// in a foreign-key column, e.g. <c>{"CustomerId":[42,null]}</c>).
    /// </summary>
    static string EarlierRows(TablePlan plan) => string.Concat(plan.CustomerProperties.Select(property =>
        $""" OR "ChangesJson" LIKE '%"{property}":[' || CAST({IdParameter} AS TEXT) || ',%' OR "ChangesJson" LIKE '%"{property}":[%,' || CAST({IdParameter} AS TEXT) || ']%'"""));

    static async Task<JsonArray> ReadRowsAsync(ValoraDbContext db, TablePlan plan, long customerId, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"SELECT * FROM {Q(plan.Table)} WHERE {string.Format(CultureInfo.InvariantCulture, plan.Predicate, "@customer")} ORDER BY 1";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@customer";
            parameter.Value = customerId;
            command.Parameters.Add(parameter);
            var rows = new JsonArray();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new JsonObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = Value(reader, i);
                }
                rows.Add(row);
            }
            return rows;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    static JsonNode? Value(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }
        return reader.GetValue(i) switch
        {
            byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
            DateTime t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
            DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            long l => JsonValue.Create(l),
            int n => JsonValue.Create(n),
            short n => JsonValue.Create(n),
            double d => JsonValue.Create(d),
            float f => JsonValue.Create(f),
            decimal m => JsonValue.Create(m),
            var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
        };
    }

    static Task<int> ExecuteAsync(ValoraDbContext db, string sql, long customerId, CancellationToken ct, params object[] more) =>
#pragma warning disable EF1002 // The SQL is built from the EF model's table and column names only; values are parameters.
        db.Database.ExecuteSqlRawAsync(sql, [customerId, .. more], ct);
#pragma warning restore EF1002

    static string Table(IEntityType entity) => entity.GetTableName()!;

    static string Column(IProperty property) => property.GetColumnName();

    static string KeyText(IEntityType entity) =>
        string.Join(" || '/' || ", entity.FindPrimaryKey()!.Properties.Select(p => $"CAST({Q(Column(p))} AS TEXT)"));

    static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Serialises an export with indentation, as written to a file or returned by the API.</summary>
    public static string ToJson(JsonObject export) => export.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
