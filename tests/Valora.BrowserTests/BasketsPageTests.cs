using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Baskets page and a customer's next-best products, on the rules the server mines of the demo at first start.</summary>
[Collection(DashboardCollection.Name)]
public sealed class BasketsPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Baskets_OnTheDemo_ShowsTheStoredRunItsBestRuleAndFiltersByProduct()
    {
        (string Version, string AsOf, string Summary) run;
        List<StoredRule> rules;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            run = StoredScores.LatestRun(db, "rules");
            rules = Rules(db, run.Version);
        }
        using var summary = JsonDocument.Parse(run.Summary);
        var root = summary.RootElement;
        Assert.True(rules.Count > 0, "the demo's rules run stored no rule");

        var page = await fixture.OpenAsync("baskets");
        Assert.True(await page.Locator(".mud-drawer a[href='/baskets']").CountAsync() == 1, "no Baskets link in the drawer");
        Assert.Equal(run.Version, await page.InnerTextAsync("[data-value='version']"));
        Assert.Equal(run.AsOf, await page.InnerTextAsync("[data-value='as-of']"));
        Assert.Equal("all orders", await page.InnerTextAsync("[data-value='scope']"));
        foreach (var (tile, field) in new[] { ("baskets", "baskets"), ("items", "items"), ("itemsets", "itemsets"), ("rules", "rules") })
        {
            Assert.Equal(root.GetProperty(field).GetInt32(), (int)StoredScores.Number(await page.InnerTextAsync($"[data-count='{tile}']")));
        }
        Assert.Equal(rules.Count, root.GetProperty("rules").GetInt32());

        // Sorted by lift as stored: the first row is the run's rank 1.
        var best = rules.Single(r => r.Rank == 1);
        var first = page.Locator(".rules-table tbody tr").First;
        Assert.Equal(string.Join(" + ", best.Antecedent), await first.Locator("[data-value='antecedent']").InnerTextAsync());
        Assert.Equal(string.Join(" + ", best.Consequent), await first.Locator("[data-value='consequent']").InnerTextAsync());
        Assert.Equal(best.Lift.ToString("0.00", CultureInfo.InvariantCulture), await first.Locator("[data-value='lift']").InnerTextAsync());
        Assert.Equal(best.Confidence.ToString("P1", CultureInfo.InvariantCulture), await first.Locator("[data-value='confidence']").InnerTextAsync());
        Assert.Equal(Math.Min(25, rules.Count), await page.Locator(".rules-table tbody tr").CountAsync());
        Assert.Equal(Math.Min(15, rules.Count), await page.Locator(".lift-chart path.mud-chart-bar").CountAsync());

        // Filtering by a product keeps exactly the rules it is in, on either side.
        var sku = best.Consequent[0];
        var expected = rules.Count(r => r.Antecedent.Concat(r.Consequent).Any(i => i.Contains(sku, StringComparison.OrdinalIgnoreCase)));
        await page.FillAsync(".rules-item input", sku);
        await page.PressAsync(".rules-item input", "Tab");
        await page.WaitForFunctionAsync("n => document.querySelector(\"[data-value='matching']\")?.textContent?.startsWith(n + ' ')", expected.ToString("N0", CultureInfo.InvariantCulture));
        var shown = page.Locator(".rules-table tbody tr");
        for (var i = 0; i < await shown.CountAsync(); i++)
        {
            var row = shown.Nth(i);
            var sides = await row.Locator("[data-value='antecedent']").InnerTextAsync() + " + " + await row.Locator("[data-value='consequent']").InnerTextAsync();
            Assert.Contains(sku, sides, StringComparison.OrdinalIgnoreCase);
        }
        await DashboardFixture.ScreenshotAsync(page, "baskets");
    }

    /// <summary>
    /// The most confident usable rule of all (one consequent; ties by lift, then SKU) is the first offer of any customer
    /// who has bought its antecedent and not its consequent.
    /// </summary>
    [BrowserFact]
    public async Task CustomerPage_ForSomeoneTheBestRuleReaches_OffersItsProductFirst()
    {
        long customer;
        StoredRule top;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            var run = StoredScores.LatestRun(db, "rules");
            top = Rules(db, run.Version).Where(r => r.Consequent.Length == 1)
                .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Consequent[0], StringComparer.Ordinal).First();
            var bought = Bought(db);
            customer = bought.First(c => top.Antecedent.All(c.Value.Contains) && !c.Value.Contains(top.Consequent[0])).Key;
        }
        var page = await fixture.OpenAsync($"customers/{customer.ToString(CultureInfo.InvariantCulture)}");
        var first = page.Locator(".offer-table tbody tr").First;
        Assert.Equal(top.Consequent[0], await first.Locator("[data-value='sku']").InnerTextAsync());
        Assert.Equal(string.Join(' ', top.Antecedent) + " → " + top.Consequent[0], await first.Locator("[data-value='because']").InnerTextAsync());
        Assert.Equal(top.Confidence.ToString("P1", CultureInfo.InvariantCulture), await first.Locator("[data-value='confidence']").InnerTextAsync());
    }

    sealed record StoredRule(int Rank, string[] Antecedent, string[] Consequent, double Confidence, double Lift);

    static List<StoredRule> Rules(SqliteConnection db, string version)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT r."Rank", r."Antecedent", r."Consequent", r."Confidence", r."Lift" FROM "AssociationRules" r
            WHERE r."RunId" = (SELECT "Id" FROM "AnalysisRuns" WHERE "Model" = 'rules' AND "Version" = $v ORDER BY "Id" DESC LIMIT 1)
            """;
        cmd.Parameters.AddWithValue("$v", version);
        using var r = cmd.ExecuteReader();
        var rules = new List<StoredRule>();
        while (r.Read())
        {
            rules.Add(new StoredRule(r.GetInt32(0), JsonSerializer.Deserialize<string[]>(r.GetString(1))!, JsonSerializer.Deserialize<string[]>(r.GetString(2))!,
                r.GetDouble(3), r.GetDouble(4)));
        }
        return rules;
    }

    /// <summary>Each customer's merchandise SKUs of completed orders, in customer id order.</summary>
    static SortedDictionary<long, HashSet<string>> Bought(SqliteConnection db)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT o."CustomerId", COALESCE(l."Sku", p."Sku") FROM "Orders" o
            JOIN "OrderLines" l ON l."OrderId" = o."Id" LEFT JOIN "Products" p ON p."Id" = l."ProductId"
            WHERE o."Status" = 'Completed' AND l."IsMerchandise" = 1 AND COALESCE(l."Sku", p."Sku") IS NOT NULL
            """;
        using var r = cmd.ExecuteReader();
        var bought = new SortedDictionary<long, HashSet<string>>();
        while (r.Read())
        {
            if (!bought.TryGetValue(r.GetInt64(0), out var skus))
            {
                bought[r.GetInt64(0)] = skus = new HashSet<string>(StringComparer.Ordinal);
            }
            skus.Add(r.GetString(1));
        }
        return bought;
    }
}
