using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport.Data;

namespace Valora.Cli.Tests.Commands;

/// <summary>
/// <c>valora rules</c> without <c>--data</c>: the stored orders. United Kingdom orders {a,b}, {a,b,c}, {a}, {b,c},
/// {a,b} (n = 5) and French {a,c}, {a,c,d}. At support 0.4 in the UK: s(b) = 4/5, s(c) = 2/5, s(bc) = 2/5, so b → c has
/// confidence 1/2 and lift (1/2)/(2/5) = 5/4 and c → b confidence 1 (conviction +∞); a → b confidence 3/4, lift 15/16.
/// </summary>
[Trait("Issue", "14")]
public sealed class RulesStoredOrdersCommandTests
{
    [Fact]
    public async Task Rules_ScopeCountry_MinesTheStoredOrdersAndStoresTheRun()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test);
        var db = test.Database.ConnectionString;

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--scope", "country=United Kingdom",
            "--min-support", "0.4", "--format", "json");

        Assert.True(code == 0, stderr);
        Assert.Contains("country United Kingdom: 5 orders of 4 customers, 3 items: 5 frequent itemsets", stderr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(stdout))
        {
            var rules = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(["b → c", "c → b", "a → b", "b → a"], rules.Select(r => r.GetProperty("antecedent").GetString() + " → " + r.GetProperty("consequent").GetString()));
            Assert.Equal(0.5, rules[0].GetProperty("confidence").GetDouble(), 12);
            Assert.Equal(1.25, rules[0].GetProperty("lift").GetDouble(), 12);
            Assert.Equal("Infinity", rules[1].GetProperty("conviction").GetString());
            Assert.Equal(15.0 / 16, rules[2].GetProperty("lift").GetDouble(), 12);
        }
        await using (var context = test.Database.CreateContext())
        {
            var run = await context.AnalysisRuns.SingleAsync(r => r.Model == "rules");
            Assert.Equal(new DateOnly(2024, 3, 1), run.AsOf);
            Assert.Equal(4, await context.AssociationRules.CountAsync(r => r.RunId == run.Id));
        }

        // --from/--to and --with-item: UK and France up to 01-31 are {a,b}, {a,b,c}, {a,c}: n = 3; at 0.6, a → b has
        // confidence 2/3 and lift (2/3)/(2/3) = 1; a → c the same.
        (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--to", "2024-01-31", "--min-support", "0.6",
            "--with-item", "b", "--no-save", "--format", "json");
        Assert.True(code == 0, stderr);
        using (var json = JsonDocument.Parse(stdout))
        {
            var rules = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(["a → b", "b → a"], rules.Select(r => r.GetProperty("antecedent").GetString() + " → " + r.GetProperty("consequent").GetString()));
            Assert.Equal(2.0 / 3, rules[0].GetProperty("confidence").GetDouble(), 12);
            Assert.Equal(1, rules[0].GetProperty("lift").GetDouble(), 12);
        }
        await using (var context = test.Database.CreateContext())
        {
            Assert.Equal(1, await context.AnalysisRuns.CountAsync(r => r.Model == "rules"));
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Rules_DataWithScopeOrBadScope_FailsNamingTheOptions()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test);
        var db = test.Database.ConnectionString;
        var csv = Path.Combine(Path.GetTempPath(), $"valora-rules-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "invoice,sku\n1,a\n1,b\n");
        try
        {
            var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--data", csv, "--basket", "invoice", "--item", "sku", "--segment", "Loyal");
            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.Contains("--data mines your own file; --scope, --from, --to, --segment", stderr, StringComparison.Ordinal);

            (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--scope", "city=Leeds");
            Assert.Equal(1, code);
            Assert.Contains("unknown key 'city'", stderr, StringComparison.Ordinal);

            (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--segment", "Nobody");
            Assert.Equal(1, code);
            Assert.Contains("no segment named 'Nobody'", stderr, StringComparison.Ordinal);

            (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--from", "2024-03-01", "--to", "2024-02-01");
            Assert.Equal(1, code);
            Assert.Contains("--from: from (2024-03-01) must be on or before to (2024-02-01)", stderr, StringComparison.Ordinal);

            (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--db", db, "--basket", "invoice");
            Assert.Equal(1, code);
            Assert.Contains("--basket and --item name columns of --data", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
            SqliteConnection.ClearAllPools();
        }
    }

    static async Task SeedAsync(TestDatabase test)
    {
        await using var db = test.Database.CreateContext();
        var customers = Enumerable.Range(0, 6).Select(i => new Customer { ExternalId = $"C{i}", Country = i < 4 ? "United Kingdom" : "France" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var orders = new (int Customer, string[] Skus, DateTime At)[]
        {
            (0, ["a", "b"], new(2024, 1, 10, 9, 0, 0, DateTimeKind.Utc)),
            (1, ["a", "b", "c"], new(2024, 1, 20, 9, 0, 0, DateTimeKind.Utc)),
            (2, ["a"], new(2024, 2, 5, 9, 0, 0, DateTimeKind.Utc)),
            (3, ["b", "c"], new(2024, 2, 15, 9, 0, 0, DateTimeKind.Utc)),
            (0, ["a", "b"], new(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc)),
            (4, ["a", "c"], new(2024, 1, 15, 9, 0, 0, DateTimeKind.Utc)),
            (5, ["a", "c", "d"], new(2024, 2, 20, 10, 0, 0, DateTimeKind.Utc)),
        };
        for (var n = 0; n < orders.Length; n++)
        {
            var (c, skus, at) = orders[n];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{n}",
                CustomerId = customers[c].Id,
                OrderedAt = at,
                Lines = [.. skus.Select((s, k) => new OrderLine { LineNumber = k + 1, Sku = s, Quantity = 1, UnitPrice = 5, LineTotal = 5 })],
            });
        }
        await db.SaveChangesAsync();
    }
}
