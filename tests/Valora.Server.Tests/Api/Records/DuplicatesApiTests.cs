using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>GET /api/customers/duplicates on both databases: scores as worked by hand, limit, masking, bad input.</summary>
public sealed class DuplicatesApiTests
{
    [Fact]
    public Task Duplicates_OnSqlite_ListsScoredPairsMaskedForAnalysts() => Duplicates(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Duplicates_OnPostgres_ListsScoredPairsMaskedForAnalysts() => Duplicates(DatabaseProvider.Postgres);

    /// <summary>
    /// Ann twice (same name, Gmail with and without the dot, one phone in two forms) → 1; Carl twice (same name and
    /// e-mail, other phone) → 0.75 / 0.875 = 6/7; Eve twice (same name only) → 0.4 / 0.7 = 4/7, under the default 0.75.
    /// </summary>
    static async Task Duplicates(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        await using (var db = server.Db())
        {
            db.Customers.AddRange(
                new Customer { ExternalId = "ann1", Name = "Ann Smith", Email = "ann.smith@gmail.com", Phone = "+44 20 7946 0958" },
                new Customer { ExternalId = "ann2", Name = "Ann Smith", Email = "annsmith@gmail.com", Phone = "020 7946 0958" },
                new Customer { ExternalId = "carl1", Name = "Carl Berg", Email = "carl@berg.se", Phone = "070 123 4567" },
                new Customer { ExternalId = "carl2", Name = "Carl Berg", Email = "carl@berg.se", Phone = "070 999 9999" },
                new Customer { ExternalId = "eve1", Name = "Eve Holm", Email = "eve@a.se", Phone = "076 111 1111" },
                new Customer { ExternalId = "eve2", Name = "Eve Holm", Email = "eve@b.se", Phone = "076 222 2222" });
            await db.SaveChangesAsync();
        }
        var counts = await server.CountRowsAsync();

        var list = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/duplicates", UriKind.Relative));
        Assert.Equal((0.75, 6, 3L, 2), (list.GetProperty("threshold").GetDouble(), list.GetProperty("customers").GetInt32(),
            list.GetProperty("comparisons").GetInt64(), list.GetProperty("found").GetInt32()));
        var pairs = list.GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal([("ann1", "ann2"), ("carl1", "carl2")], pairs.Select(p =>
            (p.GetProperty("first").GetProperty("externalId").GetString(), p.GetProperty("second").GetProperty("externalId").GetString())));
        Assert.Equal(1.0, pairs[0].GetProperty("score").GetDouble(), 12);
        Assert.Equal(6.0 / 7, pairs[1].GetProperty("score").GetDouble(), 12);
        Assert.Equal(["name", "email"], pairs[1].GetProperty("matchedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0.0, pairs[1].GetProperty("phoneSimilarity").GetDouble());
        Assert.Equal(("Ann Smith", "ann.smith@gmail.com", "+44 20 7946 0958"), (pairs[0].GetProperty("first").GetProperty("name").GetString(),
            pairs[0].GetProperty("first").GetProperty("email").GetString(), pairs[0].GetProperty("first").GetProperty("phone").GetString()));

        var loose = await server.Client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/duplicates?threshold=0.5&limit=1", UriKind.Relative));
        Assert.Equal((3, 1), (loose.GetProperty("found").GetInt32(), loose.GetProperty("pairs").GetArrayLength()));

        // Only the pairs with one customer: Carl's second record has one pair, the loose threshold finding no more.
        var carl2 = pairs[1].GetProperty("second").GetProperty("id").GetInt64();
        var carls = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/duplicates?customerId={carl2}&threshold=0.5", UriKind.Relative));
        Assert.Equal((1, "carl1"), (carls.GetProperty("found").GetInt32(), carls.GetProperty("pairs")[0].GetProperty("first").GetProperty("externalId").GetString()));

        // An analyst sees the pairs and scores with the personal data masked.
        using (var analyst = server.Factory.CreateClient("analyst"))
        {
            var masked = (await analyst.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/duplicates", UriKind.Relative))).GetProperty("pairs")[0].GetProperty("first");
            Assert.Equal(("ann1", "A. S.", "a***@gmail.com", "***58"), (masked.GetProperty("externalId").GetString(), masked.GetProperty("name").GetString(),
                masked.GetProperty("email").GetString(), masked.GetProperty("phone").GetString()));
        }

        foreach (var (query, field) in new[] { ("threshold=1.5", "threshold"), ("threshold=-0.1", "threshold"), ("limit=0", "limit"), ("limit=1001", "limit") })
        {
            using var bad = await server.Client.GetAsync(new Uri("/api/customers/duplicates?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        using (var notANumber = await server.Client.GetAsync(new Uri("/api/customers/duplicates?threshold=abc", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        }
        Assert.Equal(counts, await server.CountRowsAsync());
    }
}
