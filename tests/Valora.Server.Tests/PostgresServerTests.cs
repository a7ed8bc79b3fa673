using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Server.Api;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests;

/// <summary>
/// The server on PostgreSQL: each test gets its own schema (<see cref="TestDatabase"/>) and its own server, and
/// checks what differs by provider — startup migration and seeding, counting, case-insensitive search, revenue.
/// </summary>
public sealed class PostgresServerTests
{
    [PostgresFact]
    public async Task Health_OnPostgres_IsHealthy()
    {
        await using var test = await TestDatabase.CreatePostgresAsync(migrate: false);
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        using var client = factory.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.StartsWith("PostgreSQL ", body.GetProperty("checks")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Counts_OnPostgres_ReportEachTableItsOwnCountOnApiAndPage()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        await using (var db = factory.Database.CreateContext())
        {
            await OverviewData.InsertAsync(db);
        }
        using var client = factory.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/overview/counts", UriKind.Relative));
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        foreach (var (key, count) in OverviewData.Expected)
        {
            Assert.Equal(count, body.GetProperty(key).GetInt32());
        }
        Assert.Contains("data-count=\"tickets\"", html, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Customers_OnPostgres_SearchIgnoresCaseAndPagingAndRevenueMatchSqlite()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        long alice;
        await using (var db = factory.Database.CreateContext())
        {
            alice = await CustomerData.InsertAsync(db);
        }
        using var client = factory.CreateClient();

        var search = await client.GetFromJsonAsync<CustomerPage>(new Uri("/api/customers?search=ALI", UriKind.Relative));
        var literal = await client.GetFromJsonAsync<CustomerPage>(new Uri("/api/customers?search=%25", UriKind.Relative));
        var third = await client.GetFromJsonAsync<CustomerPage>(new Uri("/api/customers?page=3&pageSize=3", UriKind.Relative));
        var detail = await client.GetFromJsonAsync<CustomerDetail>(new Uri($"/api/customers/{alice}", UriKind.Relative));
        using var invalid = await client.GetAsync(new Uri("/api/customers?pageSize=0", UriKind.Relative));
        using var missing = await client.GetAsync(new Uri("/api/customers/987654321", UriKind.Relative));

        Assert.Equal(CustomerData.MatchingAli, search!.Items.Select(c => c.ExternalId));
        Assert.Equal(["C-006"], literal!.Items.Select(c => c.ExternalId));
        Assert.Equal(["X-ALI-7"], third!.Items.Select(c => c.ExternalId));
        Assert.Equal(CustomerData.Count, third.Total);
        Assert.Equal(CustomerData.AliceOrders, detail!.Orders);
        Assert.Equal(
            [new MoneyAmount("EUR", CustomerData.AliceRevenueEur), new MoneyAmount("USD", CustomerData.AliceRevenueUsd)],
            detail.Revenue);
        Assert.Equal(CustomerData.AliceFirstCompleted, detail.FirstOrderAt);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [PostgresFact]
    public async Task Start_OnEmptyPostgresWithSeedingOn_SeedsOnlyOnce()
    {
        await using var test = await TestDatabase.CreatePostgresAsync(migrate: false);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Valora:DemoCustomers"] = "20" };

        async Task<(int Customers, int Orders)> StartAndCountAsync()
        {
            await using var factory = new ValoraServerFactory(test.Database.ConnectionString, seedDemo: true, settings);
            await using var db = factory.Database.CreateContext();
            return (await db.Customers.CountAsync(), await db.Orders.CountAsync());
        }

        var first = await StartAndCountAsync();
        var second = await StartAndCountAsync();

        Assert.Equal(20, first.Customers);
        Assert.True(first.Orders >= 20, $"{first.Orders} orders");
        Assert.Equal(first, second);
    }
}
