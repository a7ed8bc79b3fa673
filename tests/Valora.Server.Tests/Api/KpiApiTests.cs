using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

/// <summary>
/// Window [2025-02-01, 2025-03-01) (28 days), previous window [2025-01-04, 2025-02-01). Five customers buy on
/// 2025-01-10 (the base); three of them buy again on 2025-02-10; a sixth, new customer buys on 2025-02-15. Every
/// order is 10.00. So: base 5, retained 3 → retention 0.6, churn 0.4; in the window 4 orders by 4 customers, revenue
/// 40, order value 10; repeat purchase to date: 3 of 6 customers have two orders → 0.5.
/// </summary>
public sealed class KpiFixture : ServerFixture
{
    protected override async Task InsertAsync(ValoraDbContext db)
    {
        for (var i = 1; i <= 6; i++)
        {
            var id = await SalesData.CustomerAsync(db, string.Create(CultureInfo.InvariantCulture, $"K-{i}"));
            if (i <= 5)
            {
                SalesData.Order(db, id, new DateOnly(2025, 1, 10), 10m, $"K-{i}-a");
            }
            if (i <= 3)
            {
                SalesData.Order(db, id, new DateOnly(2025, 2, 10), 10m, $"K-{i}-b");
            }
            if (i == 6)
            {
                SalesData.Order(db, id, new DateOnly(2025, 2, 15), 10m, $"K-{i}-a");
            }
        }
        await db.SaveChangesAsync();
    }
}

public sealed class KpiApiTests(KpiFixture fixture) : IClassFixture<KpiFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Get_FiveBaseCustomersThreeRetained_RetentionIsPointSix()
    {
        var report = await _client.GetFromJsonAsync<JsonElement>(new Uri("/api/kpi?from=2025-02-01&to=2025-03-01", UriKind.Relative));

        var retention = report.GetProperty("retention");
        Assert.Equal(5, retention.GetProperty("baseCustomers").GetInt32());
        Assert.Equal(3, retention.GetProperty("retained").GetInt32());
        Assert.Equal(0.6, retention.GetProperty("retentionRate").GetDouble(), 12);
        Assert.Equal(0.4, retention.GetProperty("churnRate").GetDouble(), 12);
        var window = report.GetProperty("window");
        Assert.Equal(4, window.GetProperty("orders").GetInt32());
        Assert.Equal(4, window.GetProperty("customers").GetInt32());
        Assert.Equal(40m, window.GetProperty("revenue").GetDecimal());
        Assert.Equal(10m, window.GetProperty("averageOrderValue").GetDecimal());
        Assert.Equal(0.5, report.GetProperty("repeatPurchaseRate").GetDouble(), 12);
    }

    [Fact]
    public async Task Get_ToNotAfterFrom_Returns400NamingTo()
    {
        using var response = await _client.GetAsync(new Uri("/api/kpi?from=2025-02-01&to=2025-02-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("to", out _), problem.ToString());
    }
}

public sealed class KpiApiEmptyTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Fact]
    public async Task Get_WithoutOrders_Returns422WithTheReason()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/kpi?from=2025-02-01&to=2025-03-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("No order in [2025-02-01, 2025-03-01)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
