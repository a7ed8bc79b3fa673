using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Customers;
using Valora.Data.Privacy;
using Valora.Data.Security;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Pipeline;
using Valora.Domain.Sales;
using Valora.Domain.Scores;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Privacy;

public sealed class CustomerPrivacyTests
{
    static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>Strings only the erased customer's records carry.</summary>
    static readonly string[] Traces = ["Ada Quinn-Lovelace", "ada.quinn@example.org", "+44 20 7946 0999", "ext-ada-7781", "ada-order-1", "ada-secret-complaint", "ada-deleted-order"];

    [Fact]
    public Task EraseAndExport_OnSqlite_NoTraceRemains() => EraseAndExport(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task EraseAndExport_OnPostgres_NoTraceRemains() => EraseAndExport(DatabaseProvider.Postgres);

    static async Task EraseAndExport(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var audited = test.Database with { Interceptors = [new AuditInterceptor(() => "tester", TimeProvider.System)] };
        long ada, bob;
        await using (var db = audited.CreateContext())
        {
            var created = await CreateCustomer.RunAsync(db, new CustomerInput
            {
                ExternalId = "ext-ada-7781", Name = "Ada Quinn-Lovelace", Email = "ada.quinn@example.org", Phone = "+44 20 7946 0999", Country = "GB",
            }, "key-ada-1", Now);
            ada = created.Value!.Id;
            var other = new Customer { ExternalId = "ext-bob", Name = "Bob Other", Email = "bob@example.org" };
            var product = new Product { Sku = "SKU-1" };
            var tag = new Tag { Name = "vip" };
            var campaign = new Campaign { ExternalId = "cmp-1", Name = "Spring" };
            db.AddRange(other, product, tag, campaign);
            await db.SaveChangesAsync();
            bob = other.Id;

            var order = new Order { ExternalId = "ada-order-1", CustomerId = ada, OrderedAt = Now.AddDays(-10), Lines = [new OrderLine { LineNumber = 1, ProductId = product.Id, Sku = "SKU-1", Quantity = 2, UnitPrice = 5, LineTotal = 10 }] };
            var gone = new Order { ExternalId = "ada-deleted-order", CustomerId = ada, OrderedAt = Now.AddDays(-20) };
            var bobOrder = new Order { ExternalId = "bob-order-1", CustomerId = bob, OrderedAt = Now.AddDays(-5), Lines = [new OrderLine { LineNumber = 1, Sku = "SKU-1", Quantity = 1, UnitPrice = 5, LineTotal = 5 }] };
            var interaction = new Interaction { ExternalId = "ada-call-1", CustomerId = ada, OccurredAt = Now.AddDays(-3), Text = "ada-secret-complaint" };
            var ticket = new Ticket { ExternalId = "ada-ticket-1", CustomerId = ada, OpenedAt = Now.AddDays(-2), Subject = "ada-secret-complaint" };
            db.AddRange(order, gone, bobOrder, interaction, ticket);
            db.AddRange(
                new CustomerTag { CustomerId = ada, TagId = tag.Id },
                new Referral { ReferrerCustomerId = bob, ReferredCustomerId = ada, ReferredOn = new DateOnly(2026, 1, 1) },
                new Referral { ReferrerCustomerId = ada, ReferredCustomerId = bob, ReferredOn = new DateOnly(2026, 2, 1) },
                new Opportunity { ExternalId = "ada-opp", CustomerId = ada, Name = "Upsell", CreatedAt = Now },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = ada },
                new CampaignMember { CampaignId = campaign.Id, CustomerId = bob },
                new SurveyResponse { ExternalId = "ada-nps", CustomerId = ada, Instrument = "nps", Question = "recommend", Score = 9, ScaleMax = 10, AnsweredAt = Now },
                new CustomerScore { CustomerId = ada, AsOf = new DateOnly(2026, 12, 1), Metric = "rfm_segment", Label = "Champions", ModelVersion = "rfm-1" },
                new CustomerScore { CustomerId = bob, AsOf = new DateOnly(2026, 12, 1), Metric = "rfm_segment", Label = "Loyal", ModelVersion = "rfm-1" });
            await db.SaveChangesAsync();
            db.AddRange(
                new FollowUpTask { CustomerId = ada, InteractionId = interaction.Id, Title = "Call Ada back", Owner = "sam", DueOn = new DateOnly(2026, 12, 5), CreatedAt = Now },
                new TicketEvent { TicketId = ticket.Id, At = Now, Actor = "sam", Note = "ada-secret-complaint" });
            db.Orders.Remove(gone);
            await db.SaveChangesAsync();
            // An update that put her name into another record's audit entry as the "after" value of a field.
            var renamed = await db.Customers.SingleAsync(c => c.Id == ada);
            renamed.City = "London";
            await db.SaveChangesAsync();
        }
        Assert.True(await CountTracesAsync(test.Database, ada) > 0, "the fixture must leave traces for the scan to find");

        await using (var db = audited.CreateContext())
        {
            // The plan is read from the model: every table with a link to Customers, deepest first.
            var plan = CustomerPrivacy.Plan(db);
            Assert.Equal("Customers", plan[^1].Table);
            Assert.True(plan.Single(p => p.Table == "OrderLines").Depth > plan.Single(p => p.Table == "Orders").Depth);
            Assert.True(plan.Single(p => p.Table == "FollowUpTasks").Depth > plan.Single(p => p.Table == "Interactions").Depth);
            foreach (var table in new[] { "CustomerTags", "Referrals", "Orders", "OrderLines", "Interactions", "FollowUpTasks", "Opportunities", "CampaignMembers", "Tickets", "TicketEvents", "SurveyResponses", "CustomerScores" })
            {
                Assert.Contains(plan, p => p.Table == table);
            }
            Assert.DoesNotContain(plan, p => p.Table is "Products" or "Tags" or "Campaigns" or "AuditLog");

            var export = await CustomerPrivacy.ExportAsync(db, ada, "tester", Now);
            Assert.NotNull(export);
            var tables = export["tables"]!.AsObject();
            Assert.Equal("ada.quinn@example.org", (string?)tables["Customers"]![0]!["Email"]);
            Assert.Single(tables["Orders"]!.AsArray());
            Assert.Single(tables["OrderLines"]!.AsArray());
            Assert.Equal(2, tables["Referrals"]!.AsArray().Count);
            Assert.Single(tables["CampaignMembers"]!.AsArray());
            Assert.Equal("ada-secret-complaint", (string?)tables["TicketEvents"]![0]!["Note"]);
            Assert.Equal("Champions", (string?)tables["CustomerScores"]![0]!["Label"]);
            Assert.DoesNotContain("bob", CustomerPrivacy.ToJson(export), StringComparison.OrdinalIgnoreCase);
            Assert.Null(await CustomerPrivacy.ExportAsync(db, 999_999, "tester", Now));
            Assert.Single(await db.AuditLog.Where(a => a.Action == "export" && a.EntityId == ada.ToString(CultureInfo.InvariantCulture)).ToListAsync());

            var report = await CustomerPrivacy.EraseAsync(db, ada, "tester", Now);
            Assert.NotNull(report);
            Assert.Equal(1, report.RowsDeleted["Customers"]);
            Assert.Equal(2, report.RowsDeleted["Referrals"]);
            Assert.Equal(1, report.RowsDeleted["OrderLines"]);
            Assert.Equal(1, report.IdempotencyRecordsDeleted);
            Assert.True(report.AuditEntriesScrubbed >= 10, $"scrubbed {report.AuditEntriesScrubbed}");

            // Idempotent: a second erasure finds no one and changes nothing.
            var auditCount = await db.AuditLog.CountAsync();
            Assert.Null(await CustomerPrivacy.EraseAsync(db, ada, "tester", Now));
            Assert.Equal(auditCount, await db.AuditLog.CountAsync());
        }

        Assert.Equal(0, await CountTracesAsync(test.Database, ada));
        await using (var db = test.Database.CreateContext())
        {
            var idText = ada.ToString(CultureInfo.InvariantCulture);
            var erase = Assert.Single(await db.AuditLog.Where(a => a.EntityId == idText && a.Entity == "Customers" && a.ChangesJson != CustomerPrivacy.ErasedChanges).ToListAsync(), a => a.Action == CustomerPrivacy.EraseAction);
            Assert.Equal("{}", erase.ChangesJson);
            // The other customer and the shared records are untouched.
            Assert.True(await db.Customers.AnyAsync(c => c.Id == bob));
            Assert.Single(await db.Orders.Where(o => o.CustomerId == bob).ToListAsync());
            Assert.Single(await db.CampaignMembers.Where(m => m.CustomerId == bob).ToListAsync());
            Assert.Single(await db.CustomerScores.Where(s => s.CustomerId == bob).ToListAsync());
            Assert.Equal(1, await db.Products.CountAsync());
            Assert.Equal(1, await db.Campaigns.CountAsync());
        }
    }

    [Fact]
    public async Task Erase_UnknownCustomer_ReturnsNullAndWritesNothing()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var db = test.Database.CreateContext();
        Assert.Null(await CustomerPrivacy.EraseAsync(db, 42, "tester", Now));
        Assert.Equal(0, await db.AuditLog.CountAsync());
    }

    /// <summary>
    /// Reads every row of every table in the database (not only the model's) as text and counts the rows that carry a
    /// trace of the erased customer: one of the strings only she had, her id in a column that names a customer, or her
    /// id as a customer reference in an audit entry's changes.
    /// </summary>
    static async Task<int> CountTracesAsync(ValoraDatabase database, long id)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = database.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("AuditLog", tables);
        var idText = id.ToString(CultureInfo.InvariantCulture);
        string[] idTraces = ["CustomerId\":[" + idText + ",", "CustomerId\":[null," + idText + "]"];
        var found = 0;
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var text = new StringBuilder();
                var refersToHer = false;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    refersToHer |= reader.GetName(i).EndsWith("CustomerId", StringComparison.Ordinal) && !reader.IsDBNull(i) && Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture) == id;
                    text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001f');
                }
                var row = text.ToString();
                if (refersToHer || Traces.Any(t => row.Contains(t, StringComparison.Ordinal)) || idTraces.Any(t => row.Contains(t, StringComparison.Ordinal)))
                {
                    found++;
                }
            }
        }
        return found;
    }
}
