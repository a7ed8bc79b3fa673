using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Data.Records;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Customers;

public sealed class MergeCustomersTests
{
    static readonly DateTime Now = new(2024, 7, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task MergeThenUndo_OnSqlite_LeavesEveryRelatedRowWhereItWas() => MergeThenUndo(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task MergeThenUndo_OnPostgres_LeavesEveryRelatedRowWhereItWas() => MergeThenUndo(DatabaseProvider.Postgres);

    [Fact]
    public Task Preview_OnSqlite_ChoosesEachFieldByItsRule() => Preview(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Preview_OnPostgres_ChoosesEachFieldByItsRule() => Preview(DatabaseProvider.Postgres);

    /// <summary>
    /// Counts per table worked from <see cref="MergeData"/>. Survivor before: its own rows plus the two referrals naming
    /// it (→ merged, → Zoe). Merged before: 2 campaign memberships, 2 scores, 2 tags, a follow-up, an interaction, an
    /// opportunity, 2 orders with 3 lines, 4 referrals (survivor →, → Zoe, Yan →, → Wes), a survey answer, a ticket
    /// with its event. Survivor after: each table's moved rows added; the referrals are → Zoe, Yan → and → Wes.
    /// </summary>
    [Fact]
    public Task ChainedMerges_OnSqlite_UndoLastFirstAndKeepLaterEdits() => ChainedMerges(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ChainedMerges_OnPostgres_UndoLastFirstAndKeepLaterEdits() => ChainedMerges(DatabaseProvider.Postgres);

    /// <summary>
    /// The merged customer into the survivor (m1), then the survivor into Yan (m2): m1 cannot be undone while its
    /// survivor is merged away (409 naming m2); undoing m2 then m1 restores every row. A field the merge set and a
    /// person changed afterwards is kept by the undo and named.
    /// </summary>
    static async Task ChainedMerges(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var data = await MergeData.SeedAsync(test.Database);
        var before = await data.SnapshotAsync(test.Database);
        await using (var db = test.Database.CreateContext())
        {
            var m1 = (await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, data.Merged, null, null), null, "sam", Now)).Value!;
            var m2 = (await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Yan, data.Survivor, null, null), null, "sam", Now.AddMinutes(1))).Value!;
            // The survivor's referrals after m1: → Zoe and → Wes move to Yan; Yan → survivor would link Yan to itself: dropped.
            Assert.Equal((2, 1), m2.Tables.Where(t => t.Table == "Referrals").Select(t => (t.Moved, t.Dropped)).Single());
            var blocked = await MergeCustomers.UndoAsync(db, m1.Id, "kim", Now.AddHours(1));
            Assert.Equal(WriteStatus.Conflict, blocked.Status);
            Assert.Contains($"merge {m2.Id}", blocked.Message, StringComparison.Ordinal);
            Assert.Equal(WriteStatus.Done, (await MergeCustomers.UndoAsync(db, m2.Id, "kim", Now.AddHours(1))).Status);
            Assert.Equal(WriteStatus.Done, (await MergeCustomers.UndoAsync(db, m1.Id, "kim", Now.AddHours(2))).Status);
        }
        Assert.Equal(before, await data.SnapshotAsync(test.Database));

        await using (var db = test.Database.CreateContext())
        {
            var m3 = (await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, data.Merged, null, null), null, "sam", Now.AddHours(3))).Value!;
            Assert.Equal(["phone", "income"], m3.ChangedFields);
            var survivor = await db.Customers.SingleAsync(c => c.Id == data.Survivor);
            survivor.Phone = "+44 7700 900123";
            await db.SaveChangesAsync();
            var undo = (await MergeCustomers.UndoAsync(db, m3.Id, "kim", Now.AddHours(4))).Value!;
            Assert.Equal(["income"], undo.RestoredFields);
            Assert.Equal(["phone"], undo.KeptFields);
        }
        await using (var db = test.Database.CreateContext())
        {
            var survivor = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == data.Survivor);
            Assert.Equal(("+44 7700 900123", null), (survivor.Phone, survivor.Income));
        }
    }

    [Fact]
    public Task EraseAfterMerge_OnSqlite_LeavesNoTraceOfEitherRecord() => EraseAfterMerge(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task EraseAfterMerge_OnPostgres_LeavesNoTraceOfEitherRecord() => EraseAfterMerge(DatabaseProvider.Postgres);

    /// <summary>
    /// The merge record keeps the merged customer's record, and the audit log and the idempotency record keep copies:
    /// erasing the survivor (the same person) removes them all, and the bystanders' rows stay.
    /// </summary>
    static async Task EraseAfterMerge(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var audited = test.Database with { Interceptors = [new Valora.Data.Security.AuditInterceptor(() => "tester", TimeProvider.System)] };
        var data = await MergeData.SeedAsync(audited);
        await using (var db = audited.CreateContext())
        {
            var merged = await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, data.Merged, null, null), "m-1", "sam", Now);
            Assert.Equal(WriteStatus.Done, merged.Status);
        }
        string[] traces = ["ann.smith@gmail.com", "07123 456789", "ann@x.com", "Ann Smith"];
        Assert.True(await TracesAsync(test.Database, traces) > 3, "the merge must leave copies for the scan to find");

        await using (var db = audited.CreateContext())
        {
            var report = await Valora.Data.Privacy.CustomerPrivacy.EraseAsync(db, data.Survivor, "tester", Now);
            Assert.NotNull(report);
            Assert.Equal((1, 1), (report.RowsDeleted["CustomerMerges"], report.IdempotencyRecordsDeleted));
        }
        Assert.Equal(0, await TracesAsync(test.Database, traces));
        await using (var db = test.Database.CreateContext())
        {
            // Yan, Zoe and Wes stay; every referral after the merge named the survivor (→ Zoe, Yan →, → Wes), so none is left.
            Assert.Equal(["wes", "yan", "zoe"], await db.Customers.OrderBy(c => c.ExternalId).Select(c => c.ExternalId).ToListAsync());
            Assert.Empty(await db.Referrals.ToListAsync());
        }
    }

    /// <summary>Rows of any table (the audit log included) with one of the texts in any column.</summary>
    static async Task<int> TracesAsync(ValoraDatabase database, string[] texts)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = 0;
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
                if (texts.Any(t => row.Contains(t, StringComparison.Ordinal)))
                {
                    found++;
                }
            }
        }
        return found;
    }

    static async Task MergeThenUndo(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var data = await MergeData.SeedAsync(test.Database);
        var before = await data.SnapshotAsync(test.Database);
        Assert.Equal("CampaignMembers=1, CustomerScores=1, CustomerTags=2, Customers=1, Interactions=1, OrderLines=1, Orders=1, Referrals=2",
            MergeData.Describe(await MergeData.CountAsync(test.Database, data.Survivor)));
        Assert.Equal("CampaignMembers=2, CustomerScores=2, CustomerTags=2, Customers=1, FollowUpTasks=1, Interactions=1, Opportunities=1, OrderLines=3, Orders=2, Referrals=4, SurveyResponses=1, TicketEvents=1, Tickets=1",
            MergeData.Describe(await MergeData.CountAsync(test.Database, data.Merged)));

        var request = MergeRules.Request(data.Survivor, data.Merged, null, new Dictionary<string, string> { ["email"] = "mostRecent", ["city"] = "merged" });
        MergeSummary merge;
        await using (var db = test.Database.CreateContext())
        {
            var outcome = await MergeCustomers.MergeAsync(db, request, "m-1", "sam", Now);
            Assert.Equal(WriteStatus.Done, outcome.Status);
            merge = outcome.Value!;
        }
        Assert.Equal((data.Survivor, data.Merged, "ann-2", "Ann Smith", "sam"), (merge.SurvivorId, merge.MergedId, merge.MergedExternalId, merge.MergedName, merge.Actor));
        Assert.Equal(["email", "phone", "income", "city"], merge.ChangedFields);
        Assert.Equal(MergeData.Expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Moved, e.Value.Dropped)),
            merge.Tables.Select(t => (t.Table, t.Moved, t.Dropped)));
        Assert.Null(await MergeData.CountAsync(test.Database, data.Merged));
        Assert.Equal("CampaignMembers=2, CustomerScores=2, CustomerTags=3, Customers=1, FollowUpTasks=1, Interactions=2, Opportunities=1, OrderLines=4, Orders=3, Referrals=3, SurveyResponses=1, TicketEvents=1, Tickets=1",
            MergeData.Describe(await MergeData.CountAsync(test.Database, data.Survivor)));
        await using (var db = test.Database.CreateContext())
        {
            var survivor = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == data.Survivor);
            // email: the merged record was active later (2024-03-01 > 2024-01-10); phone and income: only it has one;
            // city: chosen from the merged record although empty; gender: the survivor's is known; name: equal.
            Assert.Equal(("ann-1", "Ann Smith", "ann.smith@gmail.com", "07123 456789", 50_000m, null, Gender.Female),
                (survivor.ExternalId, survivor.Name, survivor.Email, survivor.Phone, survivor.Income, survivor.City, survivor.Gender));
            var referrals = await db.Referrals.AsNoTracking().Select(r => new { r.ReferrerCustomerId, r.ReferredCustomerId }).ToListAsync();
            Assert.Equal(new[] { (data.Survivor, data.Wes), (data.Survivor, data.Zoe), (data.Yan, data.Survivor) }.Order(),
                referrals.Select(r => (r.ReferrerCustomerId, r.ReferredCustomerId)).Order());
            var record = await db.CustomerMerges.AsNoTracking().SingleAsync();
            Assert.Equal("ann.smith@gmail.com", JsonDocument.Parse(record.MergedCustomerJson).RootElement.GetProperty("email").GetString());
            Assert.Equal("Leeds", JsonDocument.Parse(record.SurvivorBeforeJson).RootElement.GetProperty("city").GetString());
            Assert.Null(record.UndoneAt);

            // The same key and request again: the first result, nothing more written; another request under it: 409.
            var replay = await MergeCustomers.MergeAsync(db, request, "m-1", "sam", Now.AddMinutes(1));
            Assert.Equal((WriteStatus.Replayed, merge.Id), (replay.Status, replay.Value!.Id));
            var reused = await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, data.Yan, null, null), "m-1", "sam", Now);
            Assert.Equal(WriteStatus.Conflict, reused.Status);
            Assert.Equal(1, await db.CustomerMerges.CountAsync());
        }

        MergeUndo undo;
        await using (var db = test.Database.CreateContext())
        {
            var outcome = await MergeCustomers.UndoAsync(db, merge.Id, "kim", Now.AddHours(1));
            Assert.Equal(WriteStatus.Done, outcome.Status);
            undo = outcome.Value!;
        }
        Assert.Equal(["email", "phone", "income", "city"], undo.RestoredFields);
        Assert.Empty(undo.KeptFields);
        Assert.Equal(("kim", Now.AddHours(1)), (undo.Merge.UndoneBy, undo.Merge.UndoneAt));
        Assert.Equal(MergeData.Expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Moved, e.Value.Dropped)),
            undo.Restored.Select(t => (t.Table, t.Moved, t.Dropped)));
        // Every row of every customer involved, every column, exactly as before the merge.
        var after = await data.SnapshotAsync(test.Database);
        foreach (var id in data.Everyone)
        {
            Assert.Equal(before[id], after[id]);
        }

        await using (var db = test.Database.CreateContext())
        {
            var again = await MergeCustomers.UndoAsync(db, merge.Id, "kim", Now.AddHours(2));
            Assert.Equal(WriteStatus.Conflict, again.Status);
            Assert.Contains("already undone", again.Message, StringComparison.Ordinal);
            Assert.Equal(WriteStatus.NotFound, (await MergeCustomers.UndoAsync(db, merge.Id + 100, "kim", Now)).Status);
            Assert.Equal(WriteStatus.NotAllowed, (await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, data.Survivor, null, null), null, "sam", Now)).Status);
            var unknown = await MergeCustomers.MergeAsync(db, MergeRules.Request(data.Survivor, 987_654, null, null), null, "sam", Now);
            Assert.Equal(WriteStatus.NotFound, unknown.Status);
            Assert.Contains("mergedId", unknown.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before[data.Survivor], (await data.SnapshotAsync(test.Database))[data.Survivor]);
    }

    static async Task Preview(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var data = await MergeData.SeedAsync(test.Database);
        var before = await data.SnapshotAsync(test.Database);
        await using var db = test.Database.CreateContext();

        var outcome = await MergeCustomers.PreviewAsync(db, MergeRules.Request(data.Survivor, data.Merged, null, null));
        var preview = outcome.Value!;
        Assert.Equal((new DateTime(2024, 1, 10, 9, 30, 0, DateTimeKind.Utc), new DateTime(2024, 3, 1, 9, 30, 0, DateTimeKind.Utc), "merged"),
            (preview.SurvivorLastActivity, preview.MergedLastActivity, preview.MoreRecent));
        var fields = preview.Fields.ToDictionary(f => f.Field, StringComparer.Ordinal);
        Assert.Equal(MergeRules.Fields.Select(f => f.Name), preview.Fields.Select(f => f.Field));
        // mostComplete: the survivor's value unless it has none.
        Assert.Equal(("survivor", false), (fields["email"].Winner, fields["email"].Changes));
        Assert.Equal(("merged", true, "07123 456789"), (fields["phone"].Winner, fields["phone"].Changes, fields["phone"].MergedValue!.GetValue<string>()));
        Assert.Equal(("survivor", "female", "unknown"), (fields["gender"].Winner, fields["gender"].SurvivorValue!.GetValue<string>(), fields["gender"].MergedValue!.GetValue<string>()));
        Assert.Equal(("merged", true), (fields["income"].Winner, fields["income"].Changes));
        Assert.Equal(("survivor", false), (fields["name"].Winner, fields["name"].Changes));
        Assert.Equal(("survivor", "2023-01-01"), (fields["signupDate"].Winner, fields["signupDate"].SurvivorValue!.GetValue<string>()));
        Assert.Equal(("survivor", true, false), (fields["emailConsent"].Winner, fields["emailConsent"].SurvivorValue!.GetValue<bool>(), fields["emailConsent"].MergedValue!.GetValue<bool>()));
        Assert.Equal(MergeData.Expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Moved, e.Value.Dropped)),
            preview.Tables.Where(t => t.Moved + t.Dropped > 0).Select(t => (t.Table, t.Moved, t.Dropped)));

        // mostRecent everywhere: the merged record (active later) wins wherever it has a value, even the signup date
        // and the unknown gender falls back to the survivor's; a chosen survivor value stays even when empty.
        var recent = (await MergeCustomers.PreviewAsync(db, MergeRules.Request(data.Survivor, data.Merged, "mostRecent",
            new Dictionary<string, string> { ["phone"] = "survivor" }))).Value!.Fields.ToDictionary(f => f.Field, StringComparer.Ordinal);
        Assert.Equal([("email", "merged"), ("phone", "survivor"), ("gender", "survivor"), ("city", "survivor"), ("signupDate", "merged"), ("emailConsent", "merged")],
            new[] { "email", "phone", "gender", "city", "signupDate", "emailConsent" }.Select(f => (f, recent[f].Winner)));
        Assert.Equal(("mostRecent", "survivor"), (recent["email"].Rule, recent["phone"].Rule));

        Assert.Equal(WriteStatus.NotFound, (await MergeCustomers.PreviewAsync(db, MergeRules.Request(987_654, data.Merged, null, null))).Status);
        Assert.Equal(WriteStatus.NotAllowed, (await MergeCustomers.PreviewAsync(db, MergeRules.Request(data.Merged, data.Merged, null, null))).Status);
        var bad = Assert.Throws<RecordValidationException>(() => MergeRules.Request(1, 2, "newest", new Dictionary<string, string> { ["id"] = "merged", ["city"] = "x" }));
        Assert.Equal(["city", "id", "rule"], bad.Errors.Keys.Select(k => k.Replace("fields.", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(before, await data.SnapshotAsync(test.Database));
    }
}
