using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>One field of a merge: both customers' values, the rule applied, which one wins and whether the survivor changes.</summary>
public sealed record MergeFieldChoice(string Field, string Rule, JsonNode? SurvivorValue, JsonNode? MergedValue, string Winner, bool Changes);

/// <summary>Rows of one table that reference the merged customer: moved to the survivor, and dropped as duplicates of the survivor's.</summary>
public sealed record MergeTableCount(string Table, int Moved, int Dropped);

/// <summary>
/// What a merge would do: each field's choice, the latest activity of both customers (what <c>mostRecent</c> reads)
/// and which is later, and per related table the rows that would move and the duplicates that would be dropped.
/// </summary>
public sealed record MergePreview(
    long SurvivorId, long MergedId, DateTime? SurvivorLastActivity, DateTime? MergedLastActivity, string? MoreRecent,
    IReadOnlyList<MergeFieldChoice> Fields, IReadOnlyList<MergeTableCount> Tables);

/// <summary>A recorded merge: who into whom, by whom and when, the fields it changed, the rows per table, and its undo.</summary>
public sealed record MergeSummary(
    long Id, long SurvivorId, long MergedId, string MergedExternalId, string? MergedName, string Actor, DateTime MergedAt,
    DateTime? UndoneAt, string? UndoneBy, IReadOnlyList<string> ChangedFields, IReadOnlyList<MergeTableCount> Tables);

/// <summary>
/// An undone merge, the rows put back per table (moved back, and dropped duplicates inserted again), the survivor's
/// fields restored, and those kept because they were changed after the merge.
/// </summary>
public sealed record MergeUndo(MergeSummary Merge, IReadOnlyList<MergeTableCount> Restored, IReadOnlyList<string> RestoredFields, IReadOnlyList<string> KeptFields);

/// <summary>
/// Use case: merge one customer into another, and undo it. Which tables reference a customer is read from the EF model
/// (every table with a foreign key to <c>Customers</c>, as <c>CustomerPrivacy</c> does), so a table added later moves
/// too; tables below those (order lines, ticket events) come along with their parents. A row that would duplicate one
/// of the survivor's under a unique key (a tag both have, the same campaign, the same score run, the same referral)
/// or link the survivor to itself (a referral between the two) is dropped instead, and kept in the record. The merge
/// applies the winning field values to the survivor, moves the rows, records a <see cref="CustomerMerge"/> with
/// everything needed to undo it and deletes the merged customer, in one transaction. Undo recreates the merged
/// customer with its id, moves exactly the recorded rows back, inserts the dropped rows again and restores the
/// survivor's fields (a field changed since the merge is kept).
/// </summary>
public static class MergeCustomers
{
    public const string Scope = "customers.merge";

    public const int MaxListed = 500;

    /// <summary>One table with a foreign key to <c>Customers</c>: its customer columns, key, and the unique keys a move could break.</summary>
    sealed record Link(IEntityType Entity, string Table, IReadOnlyList<IProperty> CustomerColumns, IReadOnlyList<IProperty> Key,
        IReadOnlyList<IReadOnlyList<IProperty>> UniqueKeys);

    /// <summary>A row to move: the row and the customer columns holding the merged customer's id.</summary>
    sealed record Move(object Row, IReadOnlyList<IProperty> Columns);

    sealed record TablePlan(Link Link, List<Move> Moves, List<object> Drops);

    public static async Task<WriteOutcome<MergePreview>> PreviewAsync(ValoraDbContext db, MergeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        if (Refusal<MergePreview>(request) is { } refused)
        {
            return refused;
        }
        var survivor = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.SurvivorId, ct);
        var merged = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.MergedId, ct);
        if (Missing<MergePreview>(request, survivor, merged) is { } missing)
        {
            return missing;
        }
        var (survivorActive, mergedActive, choices) = await ChooseAsync(db, request, survivor!, merged!, ct);
        var plans = await PlanAsync(db, request.SurvivorId, request.MergedId, ct);
        return WriteOutcome<MergePreview>.Done(new MergePreview(request.SurvivorId, request.MergedId, survivorActive, mergedActive,
            MoreRecent(survivorActive, mergedActive), choices,
            [.. plans.Select(p => new MergeTableCount(p.Link.Table, p.Moves.Count, p.Drops.Count))]));
    }

    public static async Task<WriteOutcome<MergeSummary>> MergeAsync(
        ValoraDbContext db, MergeRequest request, string? idempotencyKey, string actor, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            throw new RecordValidationException("Idempotency-Key", bad);
        }
        var hash = Idempotency.Hash(new
        {
            request.SurvivorId, request.MergedId, Rule = MergeRules.NameOf(request.Rule),
            Fields = (request.Fields ?? new Dictionary<string, MergeRule>()).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={MergeRules.NameOf(f.Value)}").ToList(),
        });
        if (idempotencyKey is not null && Idempotency.Replay<MergeSummary>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        if (Refusal<MergeSummary>(request) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var survivor = await db.Customers.SingleOrDefaultAsync(c => c.Id == request.SurvivorId, ct);
        var merged = await db.Customers.SingleOrDefaultAsync(c => c.Id == request.MergedId, ct);
        if (Missing<MergeSummary>(request, survivor, merged) is { } missing)
        {
            return missing;
        }
        var (_, _, choices) = await ChooseAsync(db, request, survivor!, merged!, ct);
        var plans = await PlanAsync(db, request.SurvivorId, request.MergedId, ct);

        var before = new JsonObject();
        var after = new JsonObject();
        foreach (var choice in choices.Where(c => c.Changes))
        {
            var field = MergeRules.Fields.Single(f => f.Name == choice.Field);
            before[field.Name] = field.ToJson(field.Get(survivor!));
            field.Set(survivor!, field.Get(merged!));
            after[field.Name] = field.ToJson(field.Get(survivor!));
        }
        var mergedJson = JsonSerializer.Serialize(merged, MergeRules.Json);

        var moved = new JsonObject();
        var dropped = new JsonObject();
        foreach (var plan in plans)
        {
            var link = plan.Link;
            if (plan.Drops.Count > 0)
            {
                if (db.Model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()).Any(f => f.PrincipalEntityType == link.Entity))
                {
                    throw new InvalidOperationException($"{link.Table}: rows with dependents cannot be dropped as duplicates.");
                }
                var rows = new JsonArray();
                foreach (var row in plan.Drops)
                {
                    rows.Add(JsonSerializer.SerializeToNode(row, row.GetType(), MergeRules.Json));
                    await ExecuteAsync(db, $"DELETE FROM {Q(link.Table)} WHERE {KeyPredicate(link, 0)}", [.. link.Key.Select(k => Value(k, row)!)], ct);
                }
                dropped[link.Table] = rows;
            }
            if (plan.Moves.Count > 0)
            {
                var columns = new JsonObject();
                foreach (var column in link.CustomerColumns)
                {
                    var keys = new JsonArray();
                    var rows = plan.Moves.Where(m => m.Columns.Contains(column)).ToList();
                    await MoveAsync(db, link, column, request.MergedId, request.SurvivorId, [.. rows.Select(m => link.Key.Select(k => Value(k, m.Row)!).ToArray())], ct);
                    foreach (var move in rows)
                    {
                        keys.Add(new JsonArray([.. link.Key.Select(k => JsonSerializer.SerializeToNode(move.Columns.Contains(k) ? request.SurvivorId : Value(k, move.Row), k.ClrType, MergeRules.Json))]));
                    }
                    if (keys.Count > 0)
                    {
                        columns[column.Name] = keys;
                    }
                }
                moved[link.Table] = columns;
            }
        }

        db.Customers.Remove(merged!);
        var record = new CustomerMerge
        {
            SurvivorId = request.SurvivorId, MergedId = request.MergedId, MergedCustomerJson = mergedJson,
            SurvivorBeforeJson = before.ToJsonString(), SurvivorAfterJson = after.ToJsonString(),
            MovedRowsJson = moved.ToJsonString(), DroppedRowsJson = dropped.ToJsonString(), Actor = actor, MergedAt = nowUtc,
        };
        db.CustomerMerges.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
            var summary = Summarise(record);
            if (idempotencyKey is not null)
            {
                Idempotency.Record(db, Scope, idempotencyKey, hash, record.Id, summary, nowUtc);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return WriteOutcome<MergeSummary>.Done(summary);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null && Idempotency.Replay<MergeSummary>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } raced)
            {
                return raced;
            }
            return WriteOutcome<MergeSummary>.Refused(WriteStatus.Conflict, "The customers changed while they were being merged; nothing was merged. Try again.");
        }
    }

    public static async Task<WriteOutcome<MergeUndo>> UndoAsync(ValoraDbContext db, long mergeId, string actor, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var record = await db.CustomerMerges.SingleOrDefaultAsync(m => m.Id == mergeId, ct);
        if (record is null)
        {
            return WriteOutcome<MergeUndo>.Refused(WriteStatus.NotFound, $"There is no merge with id {mergeId.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (record.UndoneAt is { } undone)
        {
            return WriteOutcome<MergeUndo>.Refused(WriteStatus.Conflict,
                $"Merge {Text(mergeId)} was already undone at {undone.ToString("u", CultureInfo.InvariantCulture)} by {record.UndoneBy}.");
        }
        var survivor = await db.Customers.SingleOrDefaultAsync(c => c.Id == record.SurvivorId, ct);
        if (survivor is null)
        {
            var later = await db.CustomerMerges.AsNoTracking().Where(m => m.MergedId == record.SurvivorId && m.UndoneAt == null)
                .OrderByDescending(m => m.Id).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
            return WriteOutcome<MergeUndo>.Refused(WriteStatus.Conflict, later is { } laterId
                ? $"The survivor, customer {Text(record.SurvivorId)}, was itself merged away by merge {Text(laterId)}; undo that merge first."
                : $"The survivor, customer {Text(record.SurvivorId)}, no longer exists; the merge cannot be undone.");
        }
        var merged = JsonSerializer.Deserialize<Customer>(record.MergedCustomerJson, MergeRules.Json)!;
        if (await db.Customers.AnyAsync(c => c.Id == merged.Id || c.ExternalId == merged.ExternalId, ct))
        {
            return WriteOutcome<MergeUndo>.Refused(WriteStatus.Conflict,
                $"A customer with id {Text(merged.Id)} or external id '{merged.ExternalId}' exists again; the merge cannot be undone.");
        }

        db.Customers.Add(merged);
        try
        {
            await db.SaveChangesAsync(ct);
            var links = Links(db).ToDictionary(l => l.Table, StringComparer.Ordinal);
            var restored = new Dictionary<string, (int Moved, int Inserted)>(StringComparer.Ordinal);
            foreach (var (table, columns) in JsonNode.Parse(record.MovedRowsJson)!.AsObject())
            {
                var link = links[table];
                var count = 0;
                foreach (var (columnName, keys) in columns!.AsObject())
                {
                    var column = link.CustomerColumns.Single(c => c.Name == columnName);
                    count += await MoveAsync(db, link, column, record.SurvivorId, record.MergedId,
                        [.. keys!.AsArray().Select(key => link.Key.Select((k, i) => key![i].Deserialize(k.ClrType, MergeRules.Json)!).ToArray())], ct);
                }
                restored[table] = (count, 0);
            }
            foreach (var (table, rows) in JsonNode.Parse(record.DroppedRowsJson)!.AsObject())
            {
                var link = links[table];
                foreach (var row in rows!.AsArray())
                {
                    db.Add(row.Deserialize(link.Entity.ClrType, MergeRules.Json)!);
                }
                restored[table] = (restored.TryGetValue(table, out var r) ? r.Moved : 0, rows.AsArray().Count);
            }

            var before = JsonNode.Parse(record.SurvivorBeforeJson)!.AsObject();
            var after = JsonNode.Parse(record.SurvivorAfterJson)!.AsObject();
            var restoredFields = new List<string>();
            var keptFields = new List<string>();
            foreach (var field in MergeRules.Fields.Where(f => before.ContainsKey(f.Name)))
            {
                if (Equals(field.Get(survivor), field.FromJson(after[field.Name])))
                {
                    field.Set(survivor, field.FromJson(before[field.Name]));
                    restoredFields.Add(field.Name);
                }
                else
                {
                    keptFields.Add(field.Name);
                }
            }
            record.UndoneAt = nowUtc;
            record.UndoneBy = actor;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return WriteOutcome<MergeUndo>.Done(new MergeUndo(Summarise(record),
                [.. restored.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new MergeTableCount(r.Key, r.Value.Moved, r.Value.Inserted))],
                restoredFields, keptFields));
        }
        catch (DbUpdateException ex)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return WriteOutcome<MergeUndo>.Refused(WriteStatus.Conflict,
                $"The merge cannot be undone: a row it would put back conflicts with what is stored now ({ex.InnerException?.Message ?? ex.Message}). Nothing was changed.");
        }
    }

    /// <summary>The most recent merges first (undone ones too), at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<MergeSummary>> ListAsync(ValoraDbContext db, int limit = 50, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListed);
        var records = await db.CustomerMerges.AsNoTracking().OrderByDescending(m => m.MergedAt).ThenByDescending(m => m.Id).Take(limit).ToListAsync(ct);
        return [.. records.Select(Summarise)];
    }

    public static async Task<MergeSummary?> GetAsync(ValoraDbContext db, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var record = await db.CustomerMerges.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        return record is null ? null : Summarise(record);
    }

    static MergeSummary Summarise(CustomerMerge m)
    {
        var merged = JsonSerializer.Deserialize<Customer>(m.MergedCustomerJson, MergeRules.Json)!;
        var counts = new SortedDictionary<string, (int Moved, int Dropped)>(StringComparer.Ordinal);
        foreach (var (table, columns) in JsonNode.Parse(m.MovedRowsJson)!.AsObject())
        {
            counts[table] = (columns!.AsObject().Sum(c => c.Value!.AsArray().Count), 0);
        }
        foreach (var (table, rows) in JsonNode.Parse(m.DroppedRowsJson)!.AsObject())
        {
            counts[table] = (counts.TryGetValue(table, out var c) ? c.Moved : 0, rows!.AsArray().Count);
        }
        return new MergeSummary(m.Id, m.SurvivorId, m.MergedId, merged.ExternalId, merged.Name, m.Actor, m.MergedAt, m.UndoneAt, m.UndoneBy,
            [.. JsonNode.Parse(m.SurvivorBeforeJson)!.AsObject().Select(f => f.Key)],
            [.. counts.Select(c => new MergeTableCount(c.Key, c.Value.Moved, c.Value.Dropped))]);
    }

    static WriteOutcome<T>? Refusal<T>(MergeRequest request)
        where T : class =>
        request.SurvivorId == request.MergedId
            ? WriteOutcome<T>.Refused(WriteStatus.NotAllowed, $"A customer cannot be merged into itself (survivorId and mergedId are both {Text(request.SurvivorId)}).")
            : null;

    static WriteOutcome<T>? Missing<T>(MergeRequest request, Customer? survivor, Customer? merged)
        where T : class =>
        survivor is null ? WriteOutcome<T>.Refused(WriteStatus.NotFound, $"There is no customer with id {Text(request.SurvivorId)} (survivorId).")
        : merged is null ? WriteOutcome<T>.Refused(WriteStatus.NotFound, $"There is no customer with id {Text(request.MergedId)} (mergedId).")
        : null;

    static async Task<(DateTime? Survivor, DateTime? Merged, IReadOnlyList<MergeFieldChoice> Choices)> ChooseAsync(
        ValoraDbContext db, MergeRequest request, Customer survivor, Customer merged, CancellationToken ct)
    {
        var survivorActive = await LastActivityAsync(db, survivor.Id, ct);
        var mergedActive = await LastActivityAsync(db, merged.Id, ct);
        var recent = MoreRecent(survivorActive, mergedActive);
        var choices = new List<MergeFieldChoice>();
        foreach (var field in MergeRules.Fields)
        {
            var rule = request.RuleFor(field.Name);
            var (survivorEmpty, mergedEmpty) = (field.IsEmpty(survivor), field.IsEmpty(merged));
            var mostComplete = !survivorEmpty || mergedEmpty ? "survivor" : "merged";
            var winner = rule switch
            {
                MergeRule.Survivor => "survivor",
                MergeRule.Merged => "merged",
                MergeRule.MostRecent when recent == "merged" => !mergedEmpty || survivorEmpty ? "merged" : "survivor",
                MergeRule.MostRecent when recent == "survivor" => !survivorEmpty || mergedEmpty ? "survivor" : "merged",
                _ => mostComplete,
            };
            var (s, m) = (field.Get(survivor), field.Get(merged));
            choices.Add(new MergeFieldChoice(field.Name, MergeRules.NameOf(rule), field.ToJson(s), field.ToJson(m), winner, winner == "merged" && !Equals(s, m)));
        }
        return (survivorActive, mergedActive, choices);
    }

    static string? MoreRecent(DateTime? survivor, DateTime? merged) =>
        (survivor, merged) switch
        {
            (null, null) => null,
            ({ } s, { } m) when s == m => null,
            (null, _) => "merged",
            (_, null) => "survivor",
            ({ } s, { } m) => m > s ? "merged" : "survivor",
        };

    /// <summary>The customer's latest order, interaction or ticket opening; null when there is none.</summary>
    public static async Task<DateTime?> LastActivityAsync(ValoraDbContext db, long customerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var order = await db.Orders.Where(o => o.CustomerId == customerId).MaxAsync(o => (DateTime?)o.OrderedAt, ct);
        var interaction = await db.Interactions.Where(i => i.CustomerId == customerId).MaxAsync(i => (DateTime?)i.OccurredAt, ct);
        var ticket = await db.Tickets.Where(t => t.CustomerId == customerId).MaxAsync(t => (DateTime?)t.OpenedAt, ct);
        return new[] { order, interaction, ticket }.Max();
    }

    /// <summary>Every table with a foreign key to <c>Customers</c>, by table name.</summary>
    static IReadOnlyList<Link> Links(ValoraDbContext db)
    {
        var customer = db.Model.FindEntityType(typeof(Customer)) ?? throw new InvalidOperationException("The model has no Customer entity.");
        var links = new List<Link>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && e != customer))
        {
            var columns = entity.GetForeignKeys().Where(f => f.PrincipalEntityType == customer).Select(f =>
                f.Properties.Count == 1 ? f.Properties[0] : throw new InvalidOperationException($"{entity.DisplayName()}: composite foreign keys to customers are not supported."))
                .Distinct().ToList();
            if (columns.Count == 0)
            {
                continue;
            }
            var key = entity.FindPrimaryKey()!.Properties;
            var unique = entity.GetIndexes().Where(i => i.IsUnique).Select(i => i.Properties).Prepend(key)
                .Where(u => u.Any(columns.Contains)).Select(u => (IReadOnlyList<IProperty>)[.. u]).ToList();
            links.Add(new Link(entity, entity.GetTableName()!, columns, [.. key], unique));
        }
        return [.. links.OrderBy(l => l.Table, StringComparer.Ordinal)];
    }

    /// <summary>For each related table, the merged customer's rows that move and those that would duplicate the survivor's.</summary>
    static async Task<IReadOnlyList<TablePlan>> PlanAsync(ValoraDbContext db, long survivorId, long mergedId, CancellationToken ct)
    {
        var plans = new List<TablePlan>();
        foreach (var link in Links(db))
        {
            var mergedRows = await RowsAsync(db, link, mergedId, ct);
            var plan = new TablePlan(link, [], []);
            plans.Add(plan);
            if (mergedRows.Count == 0)
            {
                continue;
            }
            var taken = link.UniqueKeys.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
            if (link.UniqueKeys.Count > 0)
            {
                foreach (var row in await RowsAsync(db, link, survivorId, ct))
                {
                    for (var u = 0; u < link.UniqueKeys.Count; u++)
                    {
                        taken[u].Add(KeyOf(link.UniqueKeys[u], p => Value(p, row)));
                    }
                }
            }
            foreach (var row in mergedRows)
            {
                var columns = link.CustomerColumns.Where(c => Equals(Value(c, row), mergedId)).ToList();
                object? After(IProperty p) => columns.Contains(p) ? survivorId : Value(p, row);
                var customers = link.CustomerColumns.Select(After).ToList();
                var selfLink = customers.Count > 1 && customers.Distinct().Count() < customers.Count;
                var keys = link.UniqueKeys.Select(u => KeyOf(u, After)).ToList();
                if (selfLink || keys.Where((k, u) => taken[u].Contains(k)).Any())
                {
                    plan.Drops.Add(row);
                    continue;
                }
                for (var u = 0; u < keys.Count; u++)
                {
                    taken[u].Add(keys[u]);
                }
                plan.Moves.Add(new Move(row, columns));
            }
        }
        return plans;
    }

    static readonly MethodInfo LoadMethod = typeof(MergeCustomers).GetMethod(nameof(LoadAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The table's rows holding <paramref name="customerId"/> in any customer column, each once, untracked.</summary>
    static async Task<List<object>> RowsAsync(ValoraDbContext db, Link link, long customerId, CancellationToken ct)
    {
        var rows = new List<object>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in link.CustomerColumns)
        {
            if (column.ClrType != typeof(long) && column.ClrType != typeof(long?))
            {
                throw new InvalidOperationException($"{link.Table}.{column.Name}: a customer column must be a long.");
            }
            var load = LoadMethod.MakeGenericMethod(link.Entity.ClrType);
            foreach (var row in await (Task<List<object>>)load.Invoke(null, [db, column.Name, column.ClrType == typeof(long?), customerId, ct])!)
            {
                if (seen.Add(KeyOf(link.Key, p => Value(p, row))))
                {
                    rows.Add(row);
                }
            }
        }
        return rows;
    }

    static async Task<List<object>> LoadAsync<TEntity>(ValoraDbContext db, string property, bool nullable, long customerId, CancellationToken ct)
        where TEntity : class
    {
        var rows = nullable
            ? db.Set<TEntity>().AsNoTracking().Where(e => EF.Property<long?>(e, property) == customerId)
            : db.Set<TEntity>().AsNoTracking().Where(e => EF.Property<long>(e, property) == customerId);
        return [.. (await rows.ToListAsync(ct)).Cast<object>()];
    }

    static object? Value(IProperty property, object row) =>
        property.PropertyInfo?.GetValue(row) ?? property.FieldInfo?.GetValue(row);

    static string KeyOf(IReadOnlyList<IProperty> properties, Func<IProperty, object?> value) =>
        string.Join('\u001f', properties.Select(p => Convert.ToString(value(p), CultureInfo.InvariantCulture) ?? "\u0000"));

    /// <summary>"k1" = {first} AND "k2" = {first + 1} …, matching the table's key.</summary>
    static string KeyPredicate(Link link, int first) =>
        string.Join(" AND ", link.Key.Select((k, i) => $"{Q(k.GetColumnName())} = {{{(first + i).ToString(CultureInfo.InvariantCulture)}}}"));

    /// <summary>Rows a statement moves at most (a key list of 500 literals).</summary>
    const int MoveBatch = 500;

    /// <summary>
    /// Sets <paramref name="column"/> from <paramref name="from"/> to <paramref name="to"/> on the rows with the given
    /// keys (and that customer in the column), how many moved: by batches of ids for a table keyed by one long, else
    /// row by row.
    /// </summary>
    static async Task<int> MoveAsync(ValoraDbContext db, Link link, IProperty column, long from, long to, IReadOnlyList<object[]> keys, CancellationToken ct)
    {
        var set = $"UPDATE {Q(link.Table)} SET {Q(column.GetColumnName())} = {{0}} WHERE {Q(column.GetColumnName())} = {{1}} AND ";
        var moved = 0;
        if (link.Key is [{ } id] && id.ClrType == typeof(long))
        {
            foreach (var batch in keys.Select(k => (long)k[0]).Chunk(MoveBatch))
            {
                // Literal ids (longs, formatted invariantly): one statement per batch instead of one per row.
                var ids = string.Join(", ", batch.Select(i => i.ToString(CultureInfo.InvariantCulture)));
                moved += await ExecuteAsync(db, set + $"{Q(id.GetColumnName())} IN ({ids})", [to, from], ct);
            }
            return moved;
        }
        foreach (var key in keys)
        {
            moved += await ExecuteAsync(db, set + KeyPredicate(link, 2), [to, from, .. key], ct);
        }
        return moved;
    }

    static Task<int> ExecuteAsync(ValoraDbContext db, string sql, object[] parameters, CancellationToken ct) =>
#pragma warning disable EF1002 // The SQL is built from the EF model's table and column names only; values are parameters.
        db.Database.ExecuteSqlRawAsync(sql, parameters, ct);
#pragma warning restore EF1002

    static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}
