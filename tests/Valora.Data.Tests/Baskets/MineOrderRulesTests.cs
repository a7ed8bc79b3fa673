using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Baskets;
using Valora.Data.Analysis;
using Valora.Data.Baskets;
using Valora.Data.Segments;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Baskets;

/// <summary>
/// Hand-made orders. United Kingdom: C0 {a,b} 01-10, C1 {a,b,c} 01-20, C2 {a} 02-05, C3 {b,c,b} 02-15, C0 {a,b,POST}
/// 03-01, and a cancelled {c} of C1 and a returned {a,c} of C2 that are no baskets (POST is non-merchandise). France:
/// C4 {a,c} 01-15, C5 {a,c,d} 02-20, C4 {b,d} 03-05 (all 2024).
/// <para>UK, n = 5: s(a) = s(b) = 4/5, s(c) = 2/5, s(ab) = 3/5, s(bc) = 2/5, s(ac) = s(abc) = 1/5. At support 0.4 (count
/// ≥ 2) the itemsets are a, b, c, ab, bc and the rules: b → c (confidence 1/2, lift (1/2)/(2/5) = 5/4, leverage 0.4 −
/// 0.8·0.4 = 0.08, conviction 0.6/0.5 = 1.2, Zhang 0.08/max(0.4·0.2, 0.8·0) = 1, Jaccard 0.4/0.8 = 1/2, certainty
/// 0.1/0.6 = 1/6, Kulczynski (1/2 + 1)/2 = 3/4); c → b (confidence 1, lift 5/4, conviction +∞); a → b and b → a
/// (confidence 3/4, lift 15/16, leverage −0.04, conviction 0.2/0.25 = 0.8, Zhang −0.04/max(0.12, 0.16) = −1/4, Jaccard
/// 0.6, certainty −1/4, Kulczynski 3/4).</para>
/// </summary>
[Trait("Issue", "14")]
public sealed class MineOrderRulesTests
{
    static readonly MineRulesOptions Uk = new() { MinSupport = 0.4, Scope = new RuleScope { Country = "United Kingdom" } };

    [Fact]
    public Task Execute_OnSqlite_MinesTheHandWorkedRulesStoresAndListsThem() => MinesStoresAndLists(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_MinesTheHandWorkedRulesStoresAndListsThem() => MinesStoresAndLists(DatabaseProvider.Postgres);

    [Fact]
    public Task Scopes_OnSqlite_TakeOnlyTheirOrders() => ScopesTakeOnlyTheirOrders(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Scopes_OnPostgres_TakeOnlyTheirOrders() => ScopesTakeOnlyTheirOrders(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyScope_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test.Database);
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new MineOrderRules(test.Database).ExecuteAsync(
            Uk with { Scope = new RuleScope { Country = "Japan" } }));
        Assert.Equal((NotAnalysableReason.NoOrders, MineOrderRules.Model), (error.Reason, error.Model));
        Assert.Contains("country Japan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownSegmentOrBadSetting_NamesTheField()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test.Database);
        var mine = new MineOrderRules(test.Database);
        var segment = await Assert.ThrowsAsync<ArgumentException>(() => mine.ExecuteAsync(Uk with { Scope = new RuleScope { Segment = "Nobody" } }));
        Assert.Equal("segment", segment.ParamName);
        Assert.Contains("'Nobody'", segment.Message, StringComparison.Ordinal);
        foreach (var (options, field) in new (MineRulesOptions, string)[]
        {
            (Uk with { MinSupport = 0 }, "minSupport"),
            (Uk with { MinConfidence = 1.5 }, "minConfidence"),
            (Uk with { MinLift = double.NaN }, "minLift"),
            (Uk with { MaxLength = 1 }, "maxLength"),
            (Uk with { Top = 0 }, "top"),
            (Uk with { Scope = new RuleScope { From = new DateOnly(2024, 3, 1), To = new DateOnly(2024, 2, 1) } }, "from"),
        })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => mine.ExecuteAsync(options));
            Assert.Equal(field, error.ParamName);
        }
        await using var db = test.Database.CreateContext();
        Assert.Equal(0, await db.AnalysisRuns.CountAsync(r => r.Model == MineOrderRules.Model));
    }

    static async Task MinesStoresAndLists(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await SeedAsync(test.Database);

        var run = await new MineOrderRules(test.Database).ExecuteAsync(Uk);

        Assert.Equal((5, 4, 3, 5, 2), (run.Baskets, run.Customers, run.Items, run.Itemsets, run.MinCount));
        Assert.Equal(new DateOnly(2024, 3, 1), run.AsOf);
        Assert.StartsWith("rules-", run.Version, StringComparison.Ordinal);
        // Ranked by lift; b → c and c → b tie on lift and support, then antecedent ids (b was seen before c).
        Assert.Equal(["b → c", "c → b", "a → b", "b → a"], run.Rules.Select(r => r.ToString()));
        AssertBToC(run.Rules[0]);
        Assert.Equal(1, run.Rules[1].Confidence, 12);
        Assert.Null(run.Rules[1].Conviction);
        AssertAToB(run.Rules[2]);

        await using (var db = test.Database.CreateContext())
        {
            var view = new RulesView(db);
            var stored = await view.LatestAsync();
            Assert.NotNull(stored);
            Assert.Equal((run.RunId, run.Version, run.AsOf), (stored.RunId, stored.Version, stored.AsOf));
            Assert.Equal((5, 4, 3, 5, 4), (stored.Baskets, stored.Customers, stored.Items, stored.Itemsets, stored.StoredRules));
            Assert.Equal("country United Kingdom", stored.Options.Scope.Describe());
            Assert.Equal(0.4, stored.Options.MinSupport);
            Assert.Equal(["b → c", "c → b", "a → b", "b → a"], stored.Rules.Select(r => r.ToString()));
            AssertBToC(stored.Rules[0]);
            Assert.Null(stored.Rules[1].Conviction);
            AssertAToB(stored.Rules[2]);

            var lifted = await view.LatestAsync(new RulesQuery { MinLift = 1 });
            Assert.Equal(["b → c", "c → b"], lifted!.Rules.Select(r => r.ToString()));
            var withA = await view.LatestAsync(new RulesQuery { Item = "A", Sort = RuleMetric.Leverage });
            Assert.Equal(["a → b", "b → a"], withA!.Rules.Select(r => r.ToString()));
            var confident = await view.LatestAsync(new RulesQuery { Sort = RuleMetric.Confidence, MinConfidence = 0.6, Top = 2 });
            Assert.Equal(["c → b", "a → b"], confident!.Rules.Select(r => r.ToString()));
            var byConviction = await view.LatestAsync(new RulesQuery { Sort = RuleMetric.Conviction });
            Assert.Equal("c → b", byConviction!.Rules[0].ToString());
        }

        // A re-run with the same settings on the same data replaces the run and its rules.
        var again = await new MineOrderRules(test.Database).ExecuteAsync(Uk);
        Assert.Equal(run.Version, again.Version);
        await using (var db = test.Database.CreateContext())
        {
            Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == MineOrderRules.Model));
            Assert.Equal(4, await db.AssociationRules.CountAsync());
            Assert.Equal(again.RunId, Assert.Single(await db.AssociationRules.Select(r => r.RunId).Distinct().ToListAsync()));
        }

        // Other settings are another version, kept beside it; the latest is listed.
        var all = await new MineOrderRules(test.Database).ExecuteAsync(Uk with { MinLift = 1 });
        Assert.NotEqual(run.Version, all.Version);
        await using (var db = test.Database.CreateContext())
        {
            Assert.Equal(2, await db.AnalysisRuns.CountAsync(r => r.Model == MineOrderRules.Model));
            Assert.Equal(6, await db.AssociationRules.CountAsync());
            var latest = await new RulesView(db).LatestAsync();
            Assert.Equal((all.RunId, 2), (latest!.RunId, latest.Rules.Count));
            Assert.Equal(2, (await new RulesView(db).RunsAsync()).Count);
        }
    }

    static void AssertBToC(RuleView r)
    {
        Assert.Equal(2, r.Count);
        Assert.Equal((0.4, 0.8, 0.4), (r.Support, r.AntecedentSupport, r.ConsequentSupport));
        Assert.Equal(0.5, r.Confidence, 12);
        Assert.Equal(1.25, r.Lift, 12);
        Assert.Equal(0.08, r.Leverage, 12);
        Assert.Equal(1.2, r.Conviction!.Value, 12);
        Assert.Equal(1, r.Zhang, 12);
        Assert.Equal(0.5, r.Jaccard, 12);
        Assert.Equal(1.0 / 6, r.Certainty, 12);
        Assert.Equal(0.75, r.Kulczynski, 12);
    }

    static void AssertAToB(RuleView r)
    {
        Assert.Equal(3, r.Count);
        Assert.Equal(0.6, r.Support, 12);
        Assert.Equal(0.75, r.Confidence, 12);
        Assert.Equal(15.0 / 16, r.Lift, 12);
        Assert.Equal(-0.04, r.Leverage, 12);
        Assert.Equal(0.8, r.Conviction!.Value, 12);
        Assert.Equal(-0.25, r.Zhang, 12);
        Assert.Equal(0.6, r.Jaccard, 12);
        Assert.Equal(-0.25, r.Certainty, 12);
        Assert.Equal(0.75, r.Kulczynski, 12);
    }

    static async Task ScopesTakeOnlyTheirOrders(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await SeedAsync(test.Database);
        var mine = new MineOrderRules(test.Database);

        // France (any case), n = 3, support 0.6 → count ≥ 2: a, c, d and ac; a → c and c → a have confidence 1
        // (conviction +∞) and lift 1/(2/3) = 3/2.
        var france = await mine.ExecuteAsync(new MineRulesOptions { MinSupport = 0.6, Scope = new RuleScope { Country = " france " } });
        Assert.Equal((3, 2, 4), (france.Baskets, france.Customers, france.Itemsets));
        Assert.Equal(["a → c", "c → a"], france.Rules.Select(r => r.ToString()));
        Assert.All(france.Rules, r => Assert.Equal(1.5, r.Lift, 12));
        Assert.All(france.Rules, r => Assert.Null(r.Conviction));
        Assert.Equal(new DateOnly(2024, 3, 5), france.AsOf);

        // 2024-02-01 to 2024-02-20, the last day whole: {a} 02-05, {b,c} 02-15, {a,c,d} 02-20 10:00; n = 3, at 0.6 only
        // a and c are frequent (ac is in one basket): no rules.
        var february = await mine.ExecuteAsync(new MineRulesOptions
        {
            MinSupport = 0.6, Scope = new RuleScope { From = new DateOnly(2024, 2, 1), To = new DateOnly(2024, 2, 20) },
        });
        Assert.Equal((3, 2), (february.Baskets, february.Itemsets));
        Assert.Empty(february.Rules);
        Assert.Equal(new DateOnly(2024, 2, 20), february.AsOf);

        // Segment "Repeat" (orders ≥ 2 as of 03-31: C0 and C4; C1's cancelled and C2's returned orders do not count):
        // {a,b}, {a,b}, {a,c}, {b,d}; n = 4, at 0.5: a, b, ab; a → b has confidence 2/3 and lift (2/3)/(3/4) = 8/9.
        await new CustomerSegments(test.Database).SaveAsync("Repeat", "orders >= 2", asOf: new DateOnly(2024, 3, 31));
        var repeat = await mine.ExecuteAsync(new MineRulesOptions { MinSupport = 0.5, Scope = new RuleScope { Segment = "Repeat" } });
        Assert.Equal((4, 2, 3), (repeat.Baskets, repeat.Customers, repeat.Itemsets));
        Assert.Equal(2, repeat.SegmentMembers);
        Assert.Equal(["a → b", "b → a"], repeat.Rules.Select(r => r.ToString()));
        Assert.All(repeat.Rules, r => Assert.Equal(8.0 / 9, r.Lift, 12));
        Assert.All(repeat.Rules, r => Assert.Equal(2.0 / 3, r.Confidence, 12));

        // Leaving c out of the UK baskets keeps all five baskets (n = 5) and only a, b and ab: s(ab) = 3/5.
        var noC = await mine.ExecuteAsync(Uk with { ExcludeItems = ["c"] });
        Assert.Equal((5, 2, 3), (noC.Baskets, noC.Items, noC.Itemsets));
        Assert.Equal(["a → b", "b → a"], noC.Rules.Select(r => r.ToString()));
        Assert.All(noC.Rules, r => Assert.Equal(0.6, r.Support, 12));

        // Country and dates together: UK in January is {a,b}, {a,b,c}: n = 2.
        var ukJanuary = await mine.ExecuteAsync(Uk with { Scope = new RuleScope { Country = "United Kingdom", To = new DateOnly(2024, 1, 31) } });
        Assert.Equal(2, ukJanuary.Baskets);
        Assert.Equal("country United Kingdom, the first order to 2024-01-31", ukJanuary.Options.Scope.Describe());
    }

    static async Task SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 6).Select(i => new Customer { ExternalId = $"C{i}", Country = i < 4 ? "United Kingdom" : "France" }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var orders = new (int Customer, string[] Skus, OrderStatus Status, DateTime At)[]
        {
            (0, ["a", "b"], OrderStatus.Completed, new(2024, 1, 10, 9, 0, 0, DateTimeKind.Utc)),
            (1, ["a", "b", "c"], OrderStatus.Completed, new(2024, 1, 20, 9, 0, 0, DateTimeKind.Utc)),
            (2, ["a"], OrderStatus.Completed, new(2024, 2, 5, 9, 0, 0, DateTimeKind.Utc)),
            (3, ["b", "c", "b"], OrderStatus.Completed, new(2024, 2, 15, 9, 0, 0, DateTimeKind.Utc)),
            (0, ["a", "b", "POST"], OrderStatus.Completed, new(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc)),
            (1, ["c"], OrderStatus.Cancelled, new(2024, 3, 10, 9, 0, 0, DateTimeKind.Utc)),
            (2, ["a", "c"], OrderStatus.Returned, new(2024, 3, 12, 9, 0, 0, DateTimeKind.Utc)),
            (4, ["a", "c"], OrderStatus.Completed, new(2024, 1, 15, 9, 0, 0, DateTimeKind.Utc)),
            (5, ["a", "c", "d"], OrderStatus.Completed, new(2024, 2, 20, 10, 0, 0, DateTimeKind.Utc)),
            (4, ["b", "d"], OrderStatus.Completed, new(2024, 3, 5, 9, 0, 0, DateTimeKind.Utc)),
        };
        for (var n = 0; n < orders.Length; n++)
        {
            var (c, skus, status, at) = orders[n];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{n}",
                CustomerId = customers[c].Id,
                Status = status,
                OrderedAt = at,
                Lines = [.. skus.Select((s, k) => new OrderLine
                {
                    LineNumber = k + 1, Sku = s, Quantity = 1, UnitPrice = 5, LineTotal = 5, IsMerchandise = s != "POST",
                })],
            });
        }
        await db.SaveChangesAsync();
    }
}
