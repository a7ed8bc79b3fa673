using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

/// <summary>
/// <c>GET /api/customers/{id}/recommendations</c> on completed orders {A, B} (C0), {A, B, C} (C1), {B, C} (C2),
/// {A, D} (C3) and C2's cancelled {D}; C4 has no order. Cosines AB 2/3, AC 1/√6, AD 1/√3, BC 2/√6; for C0 (A, B):
/// C cf 3/√6 (the most similar bought product B, 2/√6 &gt; 1/√6) → .9 + .1·2/3; D cf 1/√3 (because A) →
/// .9·(1/√3)/(3/√6) + .1·1/3 (buyers A 3, B 3, C 2, D 1).
/// </summary>
[Trait("Issue", "14")]
public sealed class RecommendationsApiTests
{
    [Fact]
    public Task Get_OnSqlite_ReturnsTheHandWorkedOffersWithReasons() => ReturnsOffers(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Get_OnPostgres_ReturnsTheHandWorkedOffersWithReasons() => ReturnsOffers(DatabaseProvider.Postgres);

    [Theory]
    [InlineData("/api/customers/1/recommendations?top=0")]
    [InlineData("/api/customers/1/recommendations?top=101")]
    public async Task Get_BadTop_Returns400NamingIt(string url)
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["top"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Get_NoOrdersYet_Returns422AndAnUnknownCustomer404()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        long id;
        await using (var db = test.Database.CreateContext())
        {
            var c = new Customer { ExternalId = "lonely" };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            id = c.Id;
        }
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var client = factory.CreateClient("readonly");
        using var none = await client.GetAsync(new Uri($"/api/customers/{id}/recommendations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal("noOrders", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        using var missing = await client.GetAsync(new Uri($"/api/customers/{id + 1000}/recommendations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    static async Task ReturnsOffers(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var ids = await SeedAsync(test.Database);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var client = factory.CreateClient("readonly");

        var c0 = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids[0]}/recommendations", UriKind.Relative));
        Assert.Equal((ids[0], "itemcf-k10-w0.1", "2024-05-04", 2), (c0.GetProperty("customerId").GetInt64(), c0.GetProperty("version").GetString(), // as of the latest completed order (the cancelled one is a day later)
            c0.GetProperty("asOf").GetString(), c0.GetProperty("bought").GetInt32()));
        var offers = c0.GetProperty("offers").EnumerateArray().ToList();
        Assert.Equal(["C", "D"], offers.Select(o => o.GetProperty("sku").GetString()));
        Assert.Equal(0.9 + 0.1 * 2 / 3, offers[0].GetProperty("score").GetDouble(), 12);
        Assert.Equal(3 / Math.Sqrt(6), offers[0].GetProperty("similarity").GetDouble(), 12);
        Assert.Equal(("B", "often bought with B Banana"), (offers[0].GetProperty("because").GetString(), offers[0].GetProperty("reason").GetString()));
        Assert.Equal(0.9 * (1 / Math.Sqrt(3)) / (3 / Math.Sqrt(6)) + 0.1 / 3, offers[1].GetProperty("score").GetDouble(), 12);
        Assert.Equal("A", offers[1].GetProperty("because").GetString());

        var top1 = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids[0]}/recommendations?top=1", UriKind.Relative));
        Assert.Equal(1, top1.GetProperty("offers").GetArrayLength());

        var c4 = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{ids[4]}/recommendations?top=2", UriKind.Relative));
        Assert.Equal(0, c4.GetProperty("bought").GetInt32());
        var popular = c4.GetProperty("offers").EnumerateArray().ToList();
        Assert.Equal(["A", "B"], popular.Select(o => o.GetProperty("sku").GetString()));
        Assert.All(popular, o => Assert.Equal(JsonValueKind.Null, o.GetProperty("because").ValueKind));
        Assert.Equal("popular: 3 buyers", popular[0].GetProperty("reason").GetString());

        // A read stores nothing.
        await using var db = test.Database.CreateContext();
        Assert.Equal(0, await db.CustomerScores.CountAsync());
    }

    static async Task<long[]> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 5).Select(i => new Customer { ExternalId = $"C{i}" }).ToList();
        db.Customers.AddRange(customers);
        db.Products.Add(new Product { Sku = "B", Name = "Banana" });
        await db.SaveChangesAsync();
        var orders = new (int Customer, string[] Skus, OrderStatus Status)[]
        {
            (0, ["A", "B"], OrderStatus.Completed),
            (1, ["A", "B", "C"], OrderStatus.Completed),
            (2, ["B", "C"], OrderStatus.Completed),
            (3, ["A", "D"], OrderStatus.Completed),
            (2, ["D"], OrderStatus.Cancelled),
        };
        for (var n = 0; n < orders.Length; n++)
        {
            var (c, skus, status) = orders[n];
            db.Orders.Add(new Order
            {
                ExternalId = $"O{n}",
                CustomerId = customers[c].Id,
                Status = status,
                OrderedAt = new DateTime(2024, 5, 1 + n, 10, 0, 0, DateTimeKind.Utc),
                Lines = [.. skus.Select((s, k) => new OrderLine { LineNumber = k + 1, Sku = s, Quantity = 1, UnitPrice = 5, LineTotal = 5, IsMerchandise = true })],
            });
        }
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Id)];
    }
}
