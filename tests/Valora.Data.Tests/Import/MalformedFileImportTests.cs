using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Import;
using Valora.Data.Import.Readers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// Files whose rows cannot be read as fields (issue 10): each bad row is rejected with its own rule, the rows around it
/// load, and nothing reaches the database changed — the same on SQLite and PostgreSQL.
/// </summary>
[Trait("Issue", "10")]
public sealed class MalformedFileImportTests
{
    [Fact]
    public Task UnterminatedQuote_RejectsThatRowAndReadsOn_Sqlite() => UnterminatedQuote(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task UnterminatedQuote_RejectsThatRowAndReadsOn_Postgres() => UnterminatedQuote(DatabaseProvider.Postgres);

    static async Task UnterminatedQuote(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.CopyOf("import/customers-unterminated-quote.csv");
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;

        Assert.Equal((5L, 4L, 1L), (s.Read, s.Inserted, s.Rejected));
        Assert.Equal([(3L, "row", "unterminated-quote", "U2,\"Broken name,u2@example.com")], TempFiles.Rejects(path));
        await using var db = t.Database.CreateContext();
        var stored = await db.Customers.OrderBy(c => c.ExternalId).Select(c => new { c.ExternalId, c.Name, c.Email }).ToListAsync();
        Assert.Equal(["U1", "U3", "U4", "U5"], stored.Select(c => c.ExternalId));
        Assert.Equal(("Dee, D", "u4@example.com"), (stored[2].Name, stored[2].Email));
    }

    [Fact]
    public Task RaggedRows_RejectedWithTheirOwnRule_Sqlite() => Ragged(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task RaggedRows_RejectedWithTheirOwnRule_Postgres() => Ragged(DatabaseProvider.Postgres);

    static async Task Ragged(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.CopyOf("import/orders-ragged.csv");
        var options = new FileImportOptions { CreateMissingCustomers = true };
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Orders, path, options)).Summary;

        Assert.Equal((4L, 2L, 2L), (s.Read, s.Inserted, s.Rejected));
        Assert.Equal([(3L, "row", "ragged-row"), (4L, "row", "ragged-row")], TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        await using var db = t.Database.CreateContext();
        Assert.Equal([5.00m, 3.75m], await db.OrderLines.OrderBy(l => l.Id).Select(l => l.LineTotal).ToListAsync());
    }

    [Fact]
    public Task InvalidUtf8_RowRejectedNeverStoredAsReplacementCharacters_Sqlite() => InvalidUtf8(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task InvalidUtf8_RowRejectedNeverStoredAsReplacementCharacters_Postgres() => InvalidUtf8(DatabaseProvider.Postgres);

    static async Task InvalidUtf8(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        // A Latin-1 file read as UTF-8: "Müller" has the byte 0xFC, which is not valid UTF-8.
        var latin1 = Encoding.Latin1;
        var path = files.Write("latin1.csv", "customer_id,name\nL1,Ann\nL2,Müller\nL3,Bob\n", latin1);
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;

        Assert.Equal((3L, 2L, 1L), (s.Read, s.Inserted, s.Rejected));
        var reject = Assert.Single(TempFiles.Rejects(path));
        Assert.Equal((3L, "row", "invalid-encoding"), (reject.Line, reject.Field, reject.Rule));
        Assert.Contains("--encoding", File.ReadAllText(path + ".rejects.csv"), StringComparison.Ordinal);
        await using (var db = t.Database.CreateContext())
        {
            Assert.DoesNotContain(await db.Customers.Select(c => c.Name!).ToListAsync(), n => n.Contains('\uFFFD', StringComparison.Ordinal));
        }

        // With the right encoding the same file loads whole, the name intact.
        var again = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions { Encoding = latin1 })).Summary;
        Assert.Equal((1L, 0L), (again.Inserted, again.Rejected));
        await using var check = t.Database.CreateContext();
        Assert.Equal("Müller", (await check.Customers.SingleAsync(c => c.ExternalId == "L2")).Name);
    }

    [Fact]
    public Task NulCharacter_RowRejectedTheSameOnBothDatabases_Sqlite() => Nul(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task NulCharacter_RowRejectedTheSameOnBothDatabases_Postgres() => Nul(DatabaseProvider.Postgres);

    static async Task Nul(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.Write("nul.csv", "customer_id,name\nN1,Ann\nN2,Bo\0b\nN3,Cid\n");
        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;

        Assert.Equal((3L, 2L, 1L), (s.Read, s.Inserted, s.Rejected));
        Assert.Equal([(3L, "row", "nul-character")], TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        await using var db = t.Database.CreateContext();
        Assert.Equal(["N1", "N3"], await db.Customers.OrderBy(c => c.ExternalId).Select(c => c.ExternalId).ToListAsync());
    }

    [Fact]
    public async Task RejectsFolderReadOnly_RejectsGoToTheTempFolderAndGoodRowsLoad()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        // A rejects path that cannot be created (its folder is a file) stands for a read-only input folder.
        var blocker = files.Write("blocker", "");
        var path = files.Write("c.csv", "customer_id,income\nA,1\nB,abc\n");
        var rejectsName = $"valora-{Guid.NewGuid():N}.rejects.csv";
        var writer = new RejectWriter(Path.Combine(blocker, rejectsName), explicitPath: false);
        writer.Write(new Reject(3, "income", "invalid-number", "m", "B,abc"));
        writer.Dispose();
        Assert.Equal(Path.Combine(Path.GetTempPath(), rejectsName), writer.Path);
        Assert.Equal(2, File.ReadAllLines(writer.Path).Length);
        File.Delete(writer.Path);

        var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;
        Assert.Equal((1L, 1L), (s.Inserted, s.Rejected));
    }

    [Fact]
    public async Task DemoActivityFiles_ImportWithoutMap()
    {
        // What `valora demo generate --out` writes, Valora reads: the header customer_external_id maps itself.
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        var customers = files.Write("customers.csv", "external_id,name\nD1,Ann\nD2,Bob\n");
        await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, customers, new FileImportOptions());
        var interactions = files.Write("interactions.csv",
            "external_id,customer_external_id,occurred_at,channel,direction,subject,text,outcome,responded\nI1,D1,2024-01-02 10:00:00,Email,Outbound,Hi,,,false\n");
        var referrals = files.Write("referrals.csv", "referrer_external_id,referred_external_id,referred_on\nD1,D2,2024-01-03\n");
        var tickets = files.Write("tickets.csv",
            "external_id,customer_external_id,opened_at,kind,priority,status,subject,text,resolved_at\nT1,D2,2024-01-04 09:00:00,Inquiry,Normal,Open,Help,,\n");
        var surveys = files.Write("surveys.csv",
            "external_id,customer_external_id,instrument,question,answered_at,score,scale_min,scale_max,text\nS1,D1,NPS,Recommend?,2024-01-05 12:00:00,9,0,10,\n");

        foreach (var (kind, file) in new[] { (ImportKind.Interactions, interactions), (ImportKind.Referrals, referrals), (ImportKind.Tickets, tickets), (ImportKind.Surveys, surveys) })
        {
            var s = (await new FileImporter(t.Database).ImportAsync(kind, file, new FileImportOptions())).Summary;
            Assert.Equal((kind, 1L, 0L), (kind, s.Inserted, s.Rejected));
        }
    }
}
