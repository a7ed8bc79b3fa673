using System.Text.Json;
using static Valora.Cli.Tests.ValoraProcess;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora privacy export|erase</c> on a database: the document, confirmation, erasure, repeat.</summary>
public sealed class PrivacyCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-privacy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ExportThenErase_ByExternalId_RemovesOnlyThatCustomer()
    {
        var db = Path.Combine(_dir, "p.db");
        var csv = Path.Combine(_dir, "customers.csv");
        await File.WriteAllTextAsync(csv, "customer_id,name,email\nA-1,Ada Quinn,ada@example.org\nB-2,Bob Other,bob@example.org\n");
        var import = await RunAsync("import", "customers", csv, "--db", db);
        Assert.True(import.Code == 0, import.Err);

        var file = Path.Combine(_dir, "ada.json");
        var export = await RunAsync("privacy", "export", "--external-id", "A-1", "--out", file, "--db", db);
        Assert.True(export.Code == 0, export.Err);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            var customer = Assert.Single(json.RootElement.GetProperty("tables").GetProperty("Customers").EnumerateArray());
            Assert.Equal("ada@example.org", customer.GetProperty("Email").GetString());
        }

        var unconfirmed = await RunAsync("privacy", "erase", "--external-id", "A-1", "--db", db);
        Assert.NotEqual(0, unconfirmed.Code);
        Assert.Contains("--yes", unconfirmed.Err, StringComparison.Ordinal);

        var erase = await RunAsync("privacy", "erase", "--external-id", "A-1", "--yes", "--db", db, "--format", "json");
        Assert.True(erase.Code == 0, erase.Err);
        using (var json = JsonDocument.Parse(erase.Out))
        {
            var customers = json.RootElement.EnumerateArray().Single(r => r.GetProperty("table").GetString() == "Customers");
            Assert.Equal(1, customers.GetProperty("rows").GetInt32());
        }

        var again = await RunAsync("privacy", "export", "--external-id", "A-1", "--db", db);
        Assert.NotEqual(0, again.Code);
        Assert.Contains("no customer 'A-1'", again.Err, StringComparison.Ordinal);
        var bob = await RunAsync("privacy", "export", "--external-id", "B-2", "--db", db);
        Assert.True(bob.Code == 0, bob.Err);
        Assert.Contains("bob@example.org", bob.Out, StringComparison.Ordinal);

        var both = await RunAsync("privacy", "export", "--id", "1", "--external-id", "B-2", "--db", db);
        Assert.Contains("give exactly one", both.Err, StringComparison.Ordinal);
    }
}
