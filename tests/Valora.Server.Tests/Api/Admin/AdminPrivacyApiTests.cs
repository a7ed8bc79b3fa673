using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Server.Tests.Api.Records;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Admin;

/// <summary>GDPR export and erasure through HTTP: records written through the API (so audited), then exported and erased.</summary>
public sealed class AdminPrivacyApiTests
{
    [Fact]
    public Task ExportErase_OnSqlite_DocumentThenNoTrace() => ExportErase(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ExportErase_OnPostgres_DocumentThenNoTrace() => ExportErase(DatabaseProvider.Postgres);

    static async Task ExportErase(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        long id;
        using (var created = await server.SendAsync(HttpMethod.Post, "/api/customers",
            """{"externalId":"gdpr-1","name":"Greta Privacy","email":"greta.private@example.org","country":"SE"}""", headers: ("Idempotency-Key", "k-greta")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        using (var logged = await server.SendAsync(HttpMethod.Post, $"/api/customers/{id}/interactions",
            """{"channel":"phone","direction":"inbound","occurredAt":"2026-11-01T10:00:00Z","text":"greta-private-call"}""", headers: ("Idempotency-Key", "k-call")))
        {
            Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        }
        await using (var db = server.Db())
        {
            Assert.True(await db.AuditLog.AnyAsync(a => a.ChangesJson.Contains("greta.private@example.org")), "the writes were audited with her e-mail");
        }

        using (var analyst = server.Factory.CreateClient("analyst"))
        using (var denied = await analyst.GetAsync(new Uri($"/api/admin/privacy/customers/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var export = await server.SendAsync(HttpMethod.Get, $"/api/admin/privacy/customers/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
            var document = await export.Content.ReadFromJsonAsync<JsonElement>();
            var tables = document.GetProperty("tables");
            Assert.Equal("greta.private@example.org", tables.GetProperty("Customers")[0].GetProperty("Email").GetString());
            Assert.Equal("greta-private-call", tables.GetProperty("Interactions")[0].GetProperty("Text").GetString());
        }

        using (var erase = await server.SendAsync(HttpMethod.Delete, $"/api/admin/privacy/customers/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            var report = await erase.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, report.GetProperty("rowsDeleted").GetProperty("Customers").GetInt32());
            Assert.Equal(1, report.GetProperty("rowsDeleted").GetProperty("Interactions").GetInt32());
            Assert.Equal(2, report.GetProperty("idempotencyRecordsDeleted").GetInt32());
        }
        using (var again = await server.SendAsync(HttpMethod.Delete, $"/api/admin/privacy/customers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }
        using (var gone = await server.SendAsync(HttpMethod.Get, $"/api/admin/privacy/customers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        await using (var db = server.Db())
        {
            var audit = await db.AuditLog.AsNoTracking().ToListAsync();
            Assert.DoesNotContain(audit, a => a.ChangesJson.Contains("greta", StringComparison.Ordinal));
            var idText = id.ToString(CultureInfo.InvariantCulture);
            Assert.Contains(audit, a => a.Action == "export" && a.EntityId == idText && a.Actor.StartsWith("apikey:", StringComparison.Ordinal));
            Assert.Contains(audit, a => a.Action == "erase" && a.EntityId == idText && a.Actor.StartsWith("apikey:", StringComparison.Ordinal));
            Assert.False(await db.Customers.AnyAsync(c => c.Id == id));
        }
    }
}
