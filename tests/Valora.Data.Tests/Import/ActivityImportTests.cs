using Microsoft.EntityFrameworkCore;
using Valora.Data.Import;
using Valora.Data.Import.Readers;
using Valora.Data.Import.Records;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>Referrals, tickets, surveys, interactions and products: each kind's rules and idempotency.</summary>
public sealed class ActivityImportTests
{
    [Fact]
    public Task ImportActivities_RulesAndReRun_Sqlite() => Run(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ImportActivities_RulesAndReRun_Postgres() => Run(DatabaseProvider.Postgres);

    static async Task Run(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        await new ImportStore(t.Database).UpsertCustomersAsync([new CustomerRecord("1"), new CustomerRecord("2"), new CustomerRecord("3")]);

        var referrals = files.Write("referrals.csv", "referrer,referred,date\n1,2,2021-01-01\n1,1,2021-01-01\n1,9,2021-01-01\n2,3,2021-02-30\n2,3,2021-02-03\n");
        await Check(t, ImportKind.Referrals, referrals,
            [(3L, "referred-id", "self-referral"), (4L, "referred-id", "unknown-customer"), (5L, "referred-on", "invalid-date")], inserted: 2);

        var tickets = files.Write("tickets.tsv",
            "ticket_id\tcustomer_id\topened_at\tkind\tpriority\tstatus\tresolved_at\n" +
            "T1\t1\t2021-01-01 10:00:00\tcomplaint\thigh\tresolved\t2021-01-02 10:00:00\n" +
            "T2\t7\t2021-01-01\tinquiry\tlow\topen\t\n" +
            "T3\t2\t2021-01-05\tinquiry\tsoon\topen\t\n" +
            "T4\t2\t2021-01-05\tfeedback\tlow\tclosed\t2021-01-04\n" +
            "T5\t3\t2021-01-05\tFeedback\tLow\tIn Progress\t\n");
        await Check(t, ImportKind.Tickets, tickets,
            [(3L, "customer-id", "unknown-customer"), (4L, "priority", "invalid-value"), (5L, "resolved-at", "resolved-before-opened")], inserted: 2);
        await using (var db = t.Database.CreateContext())
        {
            Assert.Equal(TicketStatus.InProgress, (await db.Tickets.SingleAsync(x => x.ExternalId == "T5")).Status);
        }

        var surveys = files.Write("surveys.csv",
            "response_id,customer_id,instrument,question,answered_at,score\n" +
            "S1,1,NPS,Recommend?,2021-03-01,10\n" +
            "S2,2,NPS,Recommend?,2021-03-01,11\n" +
            "S3,3,CSAT,Happy?,2021-03-01,0\n" +
            "S4,3,CSAT,Happy?,2021-03-01,5\n" +
            "S5,,CSAT,Happy?,2021-03-01,5\n");
        await Check(t, ImportKind.Surveys, surveys,
            [(3L, "score", "score-out-of-range"), (4L, "score", "score-out-of-range"), (6L, "customer-id", "missing-customer-id")], inserted: 2);

        var interactions = files.Write("interactions.csv",
            "interaction_id,customer_id,occurred_at,channel,direction,responded\n" +
            "I1,1,2021-04-01 08:00:00,email,outbound,yes\n" +
            "I2,1,2021-04-01 08:00:00,pigeon,outbound,yes\n" +
            "I3,1,,phone,inbound,\n" +
            "I4,5,2021-04-01,phone,inbound,\n" +
            "I5,2,2021-04-02,phone,in,no\n");
        await Check(t, ImportKind.Interactions, interactions,
            [(3L, "channel", "invalid-value"), (4L, "occurred-at", "missing-occurred-at"), (5L, "customer-id", "unknown-customer")], inserted: 2);

        var products = files.Write("products.csv", "sku,name,unit_cost\nP1,Pen,1.5\nP2,Pad,-1\nPOST,Postage,\n");
        await Check(t, ImportKind.Products, products, [(3L, "unit-cost", "negative-unit-cost")], inserted: 2);
        await using (var db = t.Database.CreateContext())
        {
            Assert.False((await db.Products.SingleAsync(p => p.Sku == "POST")).IsMerchandise);
            Assert.True((await db.Products.SingleAsync(p => p.Sku == "P1")).IsMerchandise);
        }
    }

    static async Task Check(TestDatabase t, ImportKind kind, string path, (long, string, string)[] rejects, int inserted)
    {
        var first = await new FileImporter(t.Database).ImportAsync(kind, path, new FileImportOptions());
        Assert.Equal(rejects, TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        Assert.Equal((inserted, rejects.Length), (first.Summary.Inserted, first.Summary.Rejected));
        var second = await new FileImporter(t.Database).ImportAsync(kind, path, new FileImportOptions());
        Assert.Equal((0L, 0L, inserted), (second.Summary.Inserted, second.Summary.Updated, second.Summary.Unchanged));
    }
}
