using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Domain.Sales;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class SegmentsApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    [Fact]
    public Task SaveReadCompareDelete_OnSqlite_MembersMatchTheOrders() => SaveReadCompareDelete(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    public async Task SaveReadCompareDelete_OnPostgres_MembersMatchTheOrders()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await SaveReadCompareDelete(client, factory.Database);
    }

    [Theory]
    [InlineData("orders_12m >", "rule", "At position 13: the rule ends after '>'")]
    [InlineData("country > 'France'", "rule", "At position 9: 'country' is a text")]
    [InlineData("frequency > 2", "rule", "At position 1: unknown field 'frequency'")]
    public async Task Save_BadRule_Is400NamingThePositionAndStoresNothing(string rule, string field, string message)
    {
        var client = fixture.CreateClient();
        using var response = await client.PutAsJsonAsync(new Uri("/api/segments/Broken", UriKind.Relative), new { rule });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.StartsWith(message, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        using var after = await client.GetAsync(new Uri("/api/segments/Broken", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);

        using var check = await client.PostAsJsonAsync(new Uri("/api/segments/validate", UriKind.Relative), new { rule });
        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
    }

    [Theory]
    [InlineData("PUT", "/api/segments/-bad", """{"rule":"orders > 1"}""", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/segments/Nobody", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/segments/Nobody/members", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/segments/compare?a=Nobody&b=Else", null, HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/segments/Nobody", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/segments/Nobody/members?pageSize=0", null, HttpStatusCode.BadRequest)]
    public async Task BadNamesAndUnknownSegments_GetTheRightStatus(string method, string url, string? body, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await fixture.CreateClient().SendAsync(request);
        Assert.Equal(status, response.StatusCode);
    }

    /// <summary>The members of "orders_12m >= 3" are recomputed here from the completed orders of the 365 days up to the as-of day.</summary>
    static async Task SaveReadCompareDelete(HttpClient client, ValoraDatabase database)
    {
        using var saved = await client.PutAsJsonAsync(new Uri("/api/segments/Frequent buyers", UriKind.Relative),
            new { rule = "orders_12m >= 3", description = "Three orders or more in a year" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var segment = await saved.Content.ReadFromJsonAsync<JsonElement>();
        var asOf = DateOnly.Parse(segment.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);

        await using var db = database.CreateContext();
        var end = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var start = end.AddDays(-365);
        var frequent = (await db.Orders.AsNoTracking().Where(o => o.Status == OrderStatus.Completed && o.OrderedAt >= start && o.OrderedAt < end)
                .Select(o => o.CustomerId).ToListAsync())
            .CountBy(id => id).Where(kv => kv.Value >= 3).Select(kv => kv.Key).Order().ToArray();
        Assert.NotEmpty(frequent);
        Assert.Equal(frequent.Length, segment.GetProperty("customers").GetInt32());
        var members = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/segments/Frequent%20buyers/members?pageSize=1000", UriKind.Relative));
        Assert.Equal(frequent, members.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(frequent.Length, members.GetProperty("total").GetInt32());

        using (var other = await client.PutAsJsonAsync(new Uri("/api/segments/Everyone who bought", UriKind.Relative), new { rule = "orders > 0" }))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        var overlap = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/segments/compare?a=Frequent%20buyers&b=Everyone%20who%20bought", UriKind.Relative));
        Assert.Equal((frequent.Length, 0), (overlap.GetProperty("both").GetInt32(), overlap.GetProperty("onlyA").GetInt32()));

        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/segments", UriKind.Relative));
        Assert.Equal(["Everyone who bought", "Frequent buyers"], list.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var check = await client.PostAsJsonAsync(new Uri("/api/segments/validate", UriKind.Relative), new { rule = "tag = 'vip' and clv > 10" });
        Assert.Equal(["tag", "clv"], (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

        using var deleted = await client.DeleteAsync(new Uri("/api/segments/Everyone%20who%20bought", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var job = await JobPolling.StartAndWaitAsync(client, "/api/segments/recompute", new { asOf = asOf.AddDays(-30) });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var history = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/segments/Frequent%20buyers", UriKind.Relative));
        Assert.Equal(2, history.GetArrayLength());
    }
}
