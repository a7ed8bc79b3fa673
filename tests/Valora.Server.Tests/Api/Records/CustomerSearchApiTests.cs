using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Scores;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// Searching customers on both databases: each filter alone and together, the RFM segment and churn tier of the
/// latest runs only, sorts with ties, and cursor paging that visits every customer once in the sort's order.
/// </summary>
public sealed class CustomerSearchApiTests
{
    [Fact]
    public Task Search_OnSqlite_FiltersSortsAndPagesByCursor() => Search(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Search_OnPostgres_FiltersSortsAndPagesByCursor() => Search(DatabaseProvider.Postgres);

    static async Task Search(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        // Names sort the same under any collation (capitalised ASCII); two share a name and two a sign-up date.
        (string Ext, string? Name, string? Email, string? Phone, string? Country, DateOnly? Signup)[] rows =
        [
            ("K1", "Bruno", "bruno@shop.example", "+33 1 23 45 67 89", "FR", new DateOnly(2023, 5, 1)),
            ("K2", "Alma", "alma@mail.example", "(020) 555-0101", "GB", new DateOnly(2022, 1, 1)),
            ("K3", "Bruno", "b2@mail.example", null, "FR", null),
            ("K4", "Chen", null, "555 0101", "CN", new DateOnly(2023, 5, 1)),
            ("K5", null, "anon@mail.example", null, null, new DateOnly(2024, 2, 2)),
            ("K6", "Dana", "dana@shop.example", "+1 212 555 0199", "US", new DateOnly(2021, 7, 7)),
        ];
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var db = server.Db())
        {
            foreach (var r in rows)
            {
                var c = new Customer { ExternalId = r.Ext, Name = r.Name, Email = r.Email, Phone = r.Phone, Country = r.Country, SignupDate = r.Signup };
                db.Customers.Add(c);
                await db.SaveChangesAsync();
                ids[r.Ext] = c.Id;
            }
            // An older churn run says K1 is high; the latest says K2 and K4 are, K1 is low. Only the latest counts.
            var old = new DateOnly(2024, 1, 1);
            var latest = new DateOnly(2024, 6, 1);
            db.AnalysisRuns.AddRange(
                Run(Metrics.Churn.Model, "churn-v1", old), Run(Metrics.Churn.Model, "churn-v1", latest), Run(Metrics.Rfm.Model, "rfm-b5", latest));
            await db.SaveChangesAsync();
            db.CustomerScores.AddRange(
                Label(ids["K1"], Metrics.Churn.Tier, "high", old, "churn-v1"),
                Label(ids["K1"], Metrics.Churn.Tier, "low", latest, "churn-v1"),
                Label(ids["K2"], Metrics.Churn.Tier, "high", latest, "churn-v1"),
                Label(ids["K4"], Metrics.Churn.Tier, "high", latest, "churn-v1"),
                Label(ids["K6"], Metrics.Rfm.Segment, "Champions", latest, "rfm-b5"),
                Label(ids["K2"], Metrics.Rfm.Segment, "At Risk", latest, "rfm-b5"));
            await db.SaveChangesAsync();
        }
        using (var tag = await server.SendAsync(HttpMethod.Post, $"/api/customers/{ids["K3"]}/tags", """{"tags":["wholesale"]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, tag.StatusCode);
        }

        async Task<string[]> Find(string query) =>
            [.. (await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers?pageSize=100&" + query, UriKind.Relative)))
                .GetProperty("items").EnumerateArray().Select(c => c.GetProperty("externalId").GetString()!)];

        Assert.Equal(["K1", "K3"], await Find("name=BRUN"));
        Assert.Equal(["K2", "K3", "K5"], await Find("email=MAIL.example"));
        Assert.Equal(["K2", "K4"], await Find("phone=5550101"));        // punctuation ignored on both sides
        Assert.Equal(["K2", "K4"], await Find("phone=555-0101"));
        Assert.Equal(["K1", "K3"], await Find("country=fr"));
        Assert.Equal(["K3"], await Find("tag=Wholesale"));
        Assert.Equal(["K2", "K4"], await Find("churnTier=high"));
        Assert.Equal(["K1"], await Find("churnTier=LOW"));
        Assert.Equal(["K6"], await Find("segment=champions"));
        Assert.Equal(["K2"], await Find("churnTier=high&country=GB&email=alma"));
        Assert.Empty(await Find("tag=nobody"));
        Assert.Equal(["K5"], await Find("search=anon"));

        // Sorts (ties and missing values broken by id; no name sorts as empty, no date as earliest).
        Assert.Equal(["K5", "K2", "K1", "K3", "K4", "K6"], await Find("sort=name"));
        Assert.Equal(["K6", "K4", "K3", "K1", "K2", "K5"], await Find("sort=-name"));
        Assert.Equal(["K5", "K4", "K1", "K2", "K6", "K3"], await Find("sort=-signupDate"));
        Assert.Equal(["K6", "K5", "K4", "K3", "K2", "K1"], await Find("sort=-id"));

        // Cursor paging in pages of 2 visits every customer once, in the sort's order, for every sort.
        foreach (var sort in new[] { "id", "-id", "name", "-name", "signupDate", "-signupDate" })
        {
            var all = await Find("sort=" + sort);
            var walked = new List<string>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await server.Client.GetFromJsonAsync<JsonElement>(new Uri(
                    $"/api/customers?pageSize=2&sort={sort}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), UriKind.Relative));
                walked.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("externalId").GetString()!));
                Assert.Equal(6, page.GetProperty("total").GetInt32());
                cursor = page.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null && pages < 10);
            Assert.Equal(all, walked);
            Assert.Equal(3, pages);
        }

        // Bad parameters: 400 naming each.
        var first = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers?pageSize=2&sort=name", UriKind.Relative));
        var nameCursor = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);
        foreach (var (query, field) in new[]
        {
            ("sort=age", "sort"), ("cursor=not-a-cursor", "cursor"), ("cursor=" + nameCursor, "cursor"), ("sort=name&page=2&cursor=" + nameCursor, "cursor"),
            ("country=FRA", "country"), ("pageSize=0", "pageSize"),
        })
        {
            using var response = await server.Client.GetAsync(new Uri("/api/customers?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }
    }

    static AnalysisRun Run(string model, string version, DateOnly asOf) =>
        new() { Model = model, Version = version, AsOf = asOf, RanAt = DateTime.UtcNow, ParametersJson = "{}", SummaryJson = "{}" };

    static CustomerScore Label(long customer, ScoreMetric metric, string label, DateOnly asOf, string version) =>
        new() { CustomerId = customer, Metric = metric.Name, Label = label, AsOf = asOf, ModelVersion = version };
}
