using Microsoft.EntityFrameworkCore;
using Valora.Data.Bulk;
using Valora.Data.Import.Records;

namespace Valora.Data.Import;

/// <summary>
/// Writes already-validated records in bulk, upserting by natural key (customers, orders, interactions, tickets and
/// surveys by external id, products by sku, referrals by the customer pair). Each batch is one transaction: the keys
/// already stored are read once at the start (when that is cheap next to the load; otherwise each batch looks its
/// keys up), and the stored rows of a batch's known keys are read and compared, so
/// new rows are inserted, changed rows updated and identical rows left alone — re-running the same input changes
/// nothing and reports everything unchanged. Input is streamed: only one batch (and a bounded read-ahead) is held in
/// memory; the source is enumerated on its own thread (<see cref="ReadAhead"/>) while batches are written. Used by
/// <c>valora import</c>, the demo-data generator and the server.
/// </summary>
/// <remarks>
/// SQLite: IMMEDIATE transactions, multi-row prepared statements bound through SQLite's C API, WAL journal,
/// synchronous=NORMAL. PostgreSQL: binary COPY (our encoder) for new rows, binary COPY into a temporary staging table
/// + one UPDATE … FROM for changed rows. Ids (order lines included) are reserved as one block per batch.
/// A load announced as large (<see cref="ImportWriteOptions.ExpectedRows"/>) next to what the table holds is written
/// without the table's non-unique indexes and per-row foreign-key checks, rebuilt and checked once at the end
/// (ADR-0004).
/// Records that reference an unknown customer are skipped and counted under rule <c>unknown-customer</c>
/// (orders: unless <see cref="ImportWriteOptions.CreateMissingCustomers"/>).
/// </remarks>
public sealed class ImportStore(ValoraDatabase database)
{
    public const string UnknownCustomerRule = "unknown-customer";

    /// <summary>External ids of all customers (to validate references before writing).</summary>
    public async Task<HashSet<string>> LoadCustomerIdsAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var ids = await db.Customers.AsNoTracking().Select(c => c.ExternalId).ToListAsync(ct);
        return new HashSet<string>(ids, StringComparer.Ordinal);
    }

    public Task<ImportSummary> UpsertCustomersAsync(IEnumerable<CustomerRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("customers", records, TableSpec.Customers, needsCustomers: false,
            (r, _) => ImportRows.Customer(r), KeyOfExternalId, KeysOf("Customers", "ExternalId"),
            async (db, keys, c) => (await db.Customers.Where(x => keys.Contains(x.ExternalId)).ToListAsync(c)).Select(ImportRows.Customer),
            options, progress, ct);

    public Task<ImportSummary> UpsertProductsAsync(IEnumerable<ProductRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("products", records, TableSpec.Products, needsCustomers: false,
            (r, _) => ImportRows.Product(r), KeyOfExternalId, KeysOf("Products", "Sku"),
            async (db, keys, c) => (await db.Products.Where(x => keys.Contains(x.Sku)).ToListAsync(c)).Select(ImportRows.Product),
            options, progress, ct);

    public Task<ImportSummary> UpsertInteractionsAsync(IEnumerable<InteractionRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("interactions", records, TableSpec.Interactions, needsCustomers: true,
            (r, customers) => customers.TryGetValue(r.CustomerExternalId, out var id) ? ImportRows.Interaction(r, id) : null,
            KeyOfExternalId, KeysOf("Interactions", "ExternalId"),
            async (db, keys, c) => (await db.Interactions.Where(x => keys.Contains(x.ExternalId)).ToListAsync(c)).Select(ImportRows.Interaction),
            options, progress, ct);

    public Task<ImportSummary> UpsertTicketsAsync(IEnumerable<TicketRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("tickets", records, TableSpec.Tickets, needsCustomers: true,
            (r, customers) => customers.TryGetValue(r.CustomerExternalId, out var id) ? ImportRows.Ticket(r, id) : null,
            KeyOfExternalId, KeysOf("Tickets", "ExternalId"),
            async (db, keys, c) => (await db.Tickets.Where(x => keys.Contains(x.ExternalId)).ToListAsync(c)).Select(ImportRows.Ticket),
            options, progress, ct);

    public Task<ImportSummary> UpsertSurveysAsync(IEnumerable<SurveyRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("surveys", records, TableSpec.SurveyResponses, needsCustomers: true,
            (r, customers) => customers.TryGetValue(r.CustomerExternalId, out var id) ? ImportRows.Survey(r, id) : null,
            KeyOfExternalId, KeysOf("SurveyResponses", "ExternalId"),
            async (db, keys, c) => (await db.SurveyResponses.Where(x => keys.Contains(x.ExternalId)).ToListAsync(c)).Select(ImportRows.Survey),
            options, progress, ct);

    public Task<ImportSummary> UpsertReferralsAsync(IEnumerable<ReferralRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        UpsertFlatAsync("referrals", records, TableSpec.Referrals, needsCustomers: true,
            (r, customers) => customers.TryGetValue(r.ReferrerExternalId, out var a) && customers.TryGetValue(r.ReferredExternalId, out var b)
                ? ImportRows.Referral(r, a, b)
                : null,
            row => PairKey((long)row[1]!, (long)row[2]!),
            """SELECT CAST("ReferrerCustomerId" AS TEXT) || '|' || CAST("ReferredCustomerId" AS TEXT) FROM "Referrals" """,
            async (db, keys, c) =>
            {
                var referrers = keys.Select(k => long.Parse(k.AsSpan(0, k.IndexOf('|', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
                var existing = await db.Referrals.Where(x => referrers.Contains(x.ReferrerCustomerId)).ToListAsync(c);
                return existing.Select(ImportRows.Referral);
            },
            options, progress, ct);

    static string KeyOfExternalId(object?[] row) => (string)row[1]!;

    static string KeysOf(string table, string column) => $"SELECT \"{column}\" FROM \"{table}\"";

    static string PairKey(long referrer, long referred) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{referrer}|{referred}");

    async Task<ImportSummary> UpsertFlatAsync<TRecord>(string kind, IEnumerable<TRecord> records, TableSpec table, bool needsCustomers,
        Func<TRecord, Dictionary<string, long>, object?[]?> toRow, Func<object?[], string> keyOf, string keySql,
        Func<ValoraDbContext, List<string>, CancellationToken, Task<IEnumerable<object?[]>>> loadExisting,
        ImportWriteOptions? options, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= ImportWriteOptions.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = new ImportSummary { Kind = kind };
        await using var session = await BulkSession.OpenAsync(database, ct);
        var customers = needsCustomers ? await LoadCustomerMapAsync(session, ct) : [];
        var stored = await StoredKeysAsync(session, options, table, keySql, ct);
        var deferred = await DeferIndexesAsync(session, options, table, [table], ct);
        var batch = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        var batches = 0;
        var written = 0L;

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }
            await session.BeginAsync(ct);
            var existing = new Dictionary<string, object?[]>(StringComparer.Ordinal);
            foreach (var chunk in batch.Keys.Where(k => stored?.Contains(k) ?? true).Chunk(500))
            {
                foreach (var r in await loadExisting(session.Context, [.. chunk], ct))
                {
                    var k = keyOf(r);
                    if (batch.ContainsKey(k))
                    {
                        existing[k] = r;
                    }
                }
            }
            var inserts = new List<object?[]>();
            var updates = new List<object?[]>();
            foreach (var (key, row) in batch)
            {
                if (!existing.TryGetValue(key, out var old))
                {
                    inserts.Add(row);
                }
                else if (Values.SameData(old, row, 1))
                {
                    summary.Unchanged++;
                }
                else
                {
                    row[0] = old[0];
                    updates.Add(row);
                }
            }
            var ids = await session.ReserveIdsAsync(table, inserts.Count, ct);
            for (var i = 0; i < inserts.Count; i++)
            {
                inserts[i][0] = ids[i];
            }
            await session.InsertAsync(table, inserts, ct);
            await session.UpdateAsync(table, updates, ct);
            await session.CommitAsync(ct);
            foreach (var row in inserts)
            {
                stored?.Add(keyOf(row));
            }
            summary.Inserted += inserts.Count;
            summary.Updated += updates.Count;
            written += batch.Count;
            batches++;
            batch.Clear();
            progress?.Report(new ImportProgress(written, written, batches));
        }

        await WriteAllAsync(session, deferred, async () =>
        {
            foreach (var record in ReadAhead.Of(records, ct))
            {
                ct.ThrowIfCancellationRequested();
                var row = toRow(record, customers);
                if (row is null)
                {
                    summary.Reject(UnknownCustomerRule);
                    continue;
                }
                // A key repeated within one batch: the last record wins (as it would across batches).
                batch[keyOf(row)] = row;
                if (batch.Count >= options.BatchSize)
                {
                    await FlushAsync();
                }
            }
            await FlushAsync();
        }, ct);
        summary.Seconds = clock.Elapsed.TotalSeconds;
        return summary;
    }

    /// <summary>
    /// The keys <paramref name="table"/> already holds, read once, when that is cheap next to the load: then only rows
    /// with those keys are read back and compared (a first load reads nothing back). Null for a small load into a
    /// large table (see <see cref="ImportWriteOptions.ReadKeysUpTo"/>): each batch then looks its own keys up.
    /// </summary>
    static async Task<HashSet<string>?> StoredKeysAsync(BulkSession session, ImportWriteOptions options, TableSpec table,
        string keySql, CancellationToken ct)
    {
        var rows = await session.ApproximateRowsAsync(table, ct);
        return rows > options.ReadKeysUpTo && rows > 2 * (options.ExpectedRows ?? 0) ? null : await session.ReadKeysAsync(keySql, ct);
    }

    /// <summary>Defers the tables' non-unique indexes when the expected load is large next to what <paramref name="main"/> holds.</summary>
    static async Task<bool> DeferIndexesAsync(BulkSession session, ImportWriteOptions options, TableSpec main, IReadOnlyList<TableSpec> tables, CancellationToken ct)
    {
        if (options.ExpectedRows is not { } expected || expected < options.DeferIndexesFrom
            || expected < await session.ApproximateRowsAsync(main, ct) / 2)
        {
            return false;
        }
        await session.DeferAsync(tables, ct);
        return true;
    }

    /// <summary>
    /// Runs the load; then rebuilds what was deferred. A failed load tries to rebuild at once (the next session does
    /// if the connection is gone) and rethrows.
    /// </summary>
    static async Task WriteAllAsync(BulkSession session, bool deferred, Func<Task> load, CancellationToken ct)
    {
        try
        {
            await load();
        }
        catch when (deferred)
        {
            await TryRestoreAsync(session);
            throw;
        }
        if (deferred)
        {
            await session.RestoreDeferredAsync(ct);
        }
    }

    /// <summary>After a failed load: rebuilds deferred indexes if the connection still works (else the next session does).</summary>
    static async Task TryRestoreAsync(BulkSession session)
    {
        try
        {
            await session.RollbackAsync();
            await session.RestoreDeferredAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // Left in the ledger: the next import or migration rebuilds them.
        }
    }

    static Task<Dictionary<string, long>> LoadCustomerMapAsync(BulkSession session, CancellationToken ct) =>
        session.ReadKeyIdsAsync("""SELECT "ExternalId", "Id" FROM "Customers" """, ct);

    /// <summary>
    /// Upserts orders with their lines. An order whose content (header or any line) differs from the stored one is
    /// updated and its lines replaced; identical orders are left alone. Orders are streamed and grouped into batches of
    /// about <see cref="ImportWriteOptions.BatchSize"/> lines; an order is never split across batches.
    /// </summary>
    public async Task<ImportSummary> UpsertOrdersAsync(IEnumerable<OrderRecord> records, ImportWriteOptions? options = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        options ??= ImportWriteOptions.Default;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = new ImportSummary { Kind = "orders" };
        await using var session = await BulkSession.OpenAsync(database, ct);
        var customers = await LoadCustomerMapAsync(session, ct);
        // Products by sku, with whether they have a name (the id's sign carries it: the query returns −id for none).
        var products = (await session.ReadKeyIdsAsync(
                """SELECT "Sku", CASE WHEN "Name" IS NULL THEN -"Id" ELSE "Id" END FROM "Products" """, ct))
            .ToDictionary(p => p.Key, p => (Id: Math.Abs(p.Value), HasName: p.Value > 0), StringComparer.Ordinal);
        var orderIds = await StoredKeysAsync(session, options, TableSpec.Orders, KeysOf("Orders", "ExternalId"), ct);
        var deferred = await DeferIndexesAsync(session, options, TableSpec.OrderLines, [TableSpec.Orders, TableSpec.OrderLines], ct);
        var batch = new Dictionary<string, OrderRecord>(StringComparer.Ordinal);
        var productBoxes = new Dictionary<long, object>(); // each product's id boxed once, for line rows
        var lines = 0;
        var batches = 0;
        long writtenOrders = 0, writtenLines = 0;

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }
            await session.BeginAsync(ct);

            // Customers: create the missing ones (bare) when asked to.
            var missing = batch.Values.Select(o => o.CustomerExternalId).Where(c => !customers.ContainsKey(c))
                .Distinct(StringComparer.Ordinal).ToList();
            var newCustomers = new List<(string Key, long Id)>();
            if (missing.Count > 0 && options.CreateMissingCustomers)
            {
                var ids = await session.ReserveIdsAsync(TableSpec.Customers, missing.Count, ct);
                var rows = new List<object?[]>(missing.Count);
                for (var i = 0; i < missing.Count; i++)
                {
                    var row = ImportRows.BareCustomer(missing[i]);
                    row[0] = ids[i];
                    rows.Add(row);
                    newCustomers.Add((missing[i], ids[i]));
                }
                await session.InsertAsync(TableSpec.Customers, rows, ct);
            }
            var customerIds = newCustomers.ToDictionary(c => c.Key, c => c.Id, StringComparer.Ordinal);

            // Products named by line skus.
            var newProducts = new List<(string Sku, long Id, bool HasName)>();
            var namedProducts = new List<(string Sku, long Id)>();
            if (options.CreateProducts)
            {
                var productRows = new List<object?[]>();
                var nameRows = new List<(long Id, string Sku, string Name)>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var line in batch.Values.SelectMany(o => o.Lines))
                {
                    if (line.Sku is not { Length: > 0 } sku)
                    {
                        continue;
                    }
                    var name = string.IsNullOrWhiteSpace(line.Description) ? null : line.Description;
                    if (products.TryGetValue(sku, out var known))
                    {
                        if (!known.HasName && name is not null && !seen.ContainsKey(sku))
                        {
                            seen[sku] = -1;
                            nameRows.Add((known.Id, sku, name));
                        }
                        continue;
                    }
                    if (seen.TryGetValue(sku, out var index))
                    {
                        if (index >= 0 && productRows[index][2] is null && name is not null)
                        {
                            productRows[index][2] = name;
                        }
                        continue;
                    }
                    seen[sku] = productRows.Count;
                    productRows.Add([0L, sku, name, null, null, line.IsMerchandise]);
                }
                var ids = await session.ReserveIdsAsync(TableSpec.Products, productRows.Count, ct);
                for (var i = 0; i < productRows.Count; i++)
                {
                    productRows[i][0] = ids[i];
                    newProducts.Add(((string)productRows[i][1]!, ids[i], productRows[i][2] is not null));
                }
                await session.InsertAsync(TableSpec.Products, productRows, ct);
                if (nameRows.Count > 0)
                {
                    var skus = nameRows.Select(n => n.Sku).ToList();
                    var current = (await session.Context.Products.Where(p => skus.Contains(p.Sku)).ToListAsync(ct))
                        .ToDictionary(p => p.Sku, StringComparer.Ordinal);
                    var updates = nameRows.Select(n =>
                    {
                        var row = ImportRows.Product(current[n.Sku]);
                        row[2] = n.Name;
                        return row;
                    }).ToList();
                    await session.UpdateAsync(TableSpec.Products, updates, ct);
                    namedProducts.AddRange(nameRows.Select(n => (n.Sku, n.Id)));
                }
            }
            var batchProducts = newProducts.ToDictionary(p => p.Sku, p => p.Id, StringComparer.Ordinal);

            // Existing orders of this batch, with their lines.
            // Only orders known to exist are read back (in chunks): a first import reads nothing.
            var existing = new Dictionary<string, Domain.Sales.Order>(StringComparer.Ordinal);
            foreach (var chunk in batch.Keys.Where(k => orderIds?.Contains(k) ?? true).Chunk(5000))
            {
                foreach (var o in await session.ReadOrdersAsync(chunk, ct))
                {
                    existing[o.ExternalId] = o;
                }
            }

            var orderInserts = new List<(object?[] Row, OrderRecord Record)>();
            var orderUpdates = new List<(object?[] Row, OrderRecord Record)>();
            long batchLines = 0;
            foreach (var (key, order) in batch)
            {
                if (!customers.TryGetValue(order.CustomerExternalId, out var customerId)
                    && !customerIds.TryGetValue(order.CustomerExternalId, out customerId))
                {
                    summary.Reject(UnknownCustomerRule);
                    continue;
                }
                var row = ImportRows.Order(order, customerId);
                if (!existing.TryGetValue(key, out var old))
                {
                    orderInserts.Add((row, order));
                    continue;
                }
                row[0] = old.Id;
                var same = Values.SameData(ImportRows.Order(old), row, 1) && old.Lines.Count == order.Lines.Count;
                if (same)
                {
                    var oldLines = old.Lines.OrderBy(l => l.LineNumber).Select(ImportRows.Line).ToList();
                    var newLines = order.Lines.OrderBy(l => l.LineNumber)
                        .Select(l => ImportRows.Line(l, old.Id, ProductId(l.Sku))).ToList();
                    for (var i = 0; same && i < oldLines.Count; i++)
                    {
                        same = Values.SameData(oldLines[i], newLines[i], 2);
                    }
                }
                if (same)
                {
                    summary.Unchanged++;
                }
                else
                {
                    orderUpdates.Add((row, order));
                }
            }

            var newOrderIds = await session.ReserveIdsAsync(TableSpec.Orders, orderInserts.Count, ct);
            for (var i = 0; i < orderInserts.Count; i++)
            {
                orderInserts[i].Row[0] = newOrderIds[i];
            }
            await session.InsertAsync(TableSpec.Orders, orderInserts.Select(o => o.Row).ToList(), ct);
            await session.UpdateAsync(TableSpec.Orders, orderUpdates.Select(o => o.Row).ToList(), ct);
            await session.DeleteWhereAsync(TableSpec.OrderLines, "OrderId", orderUpdates.Select(o => (long)o.Row[0]!).ToList(), ct);

            // Line ids as one block (PostgreSQL: drawing each from the identity sequence cost about a quarter of the
            // server's work per row); lines streamed into the insert through one reused row.
            var written = orderInserts.Concat(orderUpdates).ToList();
            var lineIds = await session.ReserveIdsAsync(TableSpec.OrderLines, written.Sum(o => o.Record.Lines.Count), ct);
            IEnumerable<object?[]> LineRows()
            {
                var scratch = new object?[TableSpec.OrderLines.Columns.Count];
                foreach (var (row, order) in written)
                {
                    var orderId = row[0]!;
                    foreach (var line in order.Lines)
                    {
                        ImportRows.Line(line, orderId, ProductBox(line.Sku), scratch)[0] = lineIds[batchLines++];
                        yield return scratch;
                    }
                }
            }
            await session.InsertAsync(TableSpec.OrderLines, LineRows(), ct);
            await session.CommitAsync(ct);

            // Only after the commit: the in-memory key maps follow the database.
            foreach (var (k, id) in newCustomers)
            {
                customers[k] = id;
            }
            foreach (var (sku, id, hasName) in newProducts)
            {
                products[sku] = (id, hasName);
            }
            foreach (var (_, order) in orderInserts)
            {
                orderIds?.Add(order.ExternalId);
            }
            foreach (var (sku, id) in namedProducts)
            {
                products[sku] = (id, true);
            }
            summary.CustomersCreated += newCustomers.Count;
            summary.ProductsCreated += newProducts.Count;
            summary.ProductsUpdated += namedProducts.Count;
            summary.Inserted += orderInserts.Count;
            summary.Updated += orderUpdates.Count;
            summary.Lines += batchLines;
            writtenOrders += batch.Count;
            writtenLines += lines;
            batches++;
            batch.Clear();
            lines = 0;
            progress?.Report(new ImportProgress(writtenOrders, writtenLines, batches));

            object? ProductBox(string? sku)
            {
                if (ProductId(sku) is not { } id)
                {
                    return null;
                }
                if (!productBoxes.TryGetValue(id, out var box))
                {
                    box = id;
                    productBoxes[id] = box;
                }
                return box;
            }

            long? ProductId(string? sku) =>
                sku is null ? null
                : products.TryGetValue(sku, out var p) ? p.Id
                : batchProducts.TryGetValue(sku, out var id) ? id
                : null;
        }

        await WriteAllAsync(session, deferred, async () =>
        {
            // The source may hand over a whole batch's worth of orders at once (a file reader grouping lines by order
            // emits a window of BatchSize lines together): room for all of them, so it never waits for a flush.
            foreach (var order in ReadAhead.Of(records, ct, depth: (options.BatchSize / ReadAhead.Chunk) + 2))
            {
                ct.ThrowIfCancellationRequested();
                if (batch.TryGetValue(order.ExternalId, out var previous))
                {
                    lines -= previous.Lines.Count;
                }
                batch[order.ExternalId] = order;
                lines += order.Lines.Count;
                if (lines >= options.BatchSize)
                {
                    await FlushAsync();
                }
            }
            await FlushAsync();
        }, ct);
        summary.Seconds = clock.Elapsed.TotalSeconds;
        return summary;
    }
}
