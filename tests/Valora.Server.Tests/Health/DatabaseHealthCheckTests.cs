using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Health;

public sealed class DatabaseHealthCheckTests
{
    [Fact]
    public async Task Health_OnMigratedDatabase_IsHealthyJsonWithDatabaseCheck()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.StartsWith("SQLite ", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WhenCustomersTableIsGone_IsUnhealthyWith503()
    {
        using var database = new InMemorySqlite();
        await using var factory = new ValoraServerFactory(database.ConnectionString);
        using var client = factory.CreateClient();
        await using (var db = factory.Database.CreateContext())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA foreign_keys = OFF; DROP TABLE \"Customers\";";
            await command.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks")[0].GetProperty("status").GetString());
    }
}
