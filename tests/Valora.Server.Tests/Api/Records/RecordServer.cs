using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Server.Tests.Support;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// A server on its own fresh database of one provider, for one test of the record endpoints (which write, so no test
/// shares a database), with helpers to send JSON and to snapshot tables for "nothing changed" checks.
/// </summary>
public sealed class RecordServer : IAsyncDisposable
{
    readonly TestDatabase _test;

    RecordServer(TestDatabase test, TimeProvider? time, IReadOnlyDictionary<string, string?>? settings)
    {
        _test = test;
        Factory = new ValoraServerFactory(test.Database.ConnectionString, settings: settings, time: time);
        Client = Factory.CreateClient();
    }

    public ValoraServerFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<RecordServer> StartAsync(
        DatabaseProvider provider, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync(provider), time, settings);

    public ValoraDbContext Db() => Factory.Database.CreateContext();

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null,
        string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return Client.SendAsync(request);
    }

    /// <summary>Rows per table of the whole model (audit log left out: every write records itself there).</summary>
    public async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var db = Db();
        await db.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct(StringComparer.Ordinal)
            .Where(t => t != "AuditLog" && !t.StartsWith("AspNet", StringComparison.Ordinal) && t != "ApiKeys"))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await _test.DisposeAsync();
    }
}
