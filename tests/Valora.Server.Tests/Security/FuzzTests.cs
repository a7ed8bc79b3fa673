using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Server.Tests.Support;
using Xunit.Abstractions;

namespace Valora.Server.Tests.Security;

/// <summary>
/// Hostile and malformed requests against every operation of the OpenAPI document, as an admin (so they reach the
/// handlers): bad JSON, wrong JSON types, deep nesting, huge and injection strings in every query and path parameter,
/// path tricks, wrong methods and content types, bad API keys. None may answer 5xx, and no table may change.
/// </summary>
public sealed partial class FuzzTests(CustomersFixture fixture, ITestOutputHelper output) : IClassFixture<CustomersFixture>
{
    static readonly string[] HostileValues =
    [
        "' OR 1=1 --", "'; DROP TABLE \"Customers\"; --", "<script>alert(1)</script>", "../../../../etc/passwd",
        "%00", "\0", "1e400", "-99999999999999999999", "NaN", "Infinity", "-1", "2147483648", "9999-99-99",
        "${jndi:ldap://x}", "{{7*7}}", "\u202e\ufeff", new string('9', 400), new string('x', 5000), "null", "[]", "😀",
    ];

    static readonly string[] HostileBodies =
    [
        "{", "[1,2", "[]", "\"x\"", "12", "null", "true", "{\"a\":", "{\"model\":\"' OR 1=1 --\",\"calibrationEnd\":\"x\"}",
        "{\"trainer\":12345}", "{\"trainer\":\"../../x\"}", "{\"role\":\"root\",\"name\":\"\"}",
        "{\"asOf\":\"9999-99-99\"}", "{\"horizon\":1e400}", "{\"horizon\":-1,\"discountRate\":\"abc\"}",
        new string('[', 5000) + new string(']', 5000), "{\"x\":\"" + new string('y', 200_000) + "\"}", "\uFFFE\uFFFF",
    ];

    static readonly string[] PathTricks =
    [
        "/api/customers/..%2f..%2fetc%2fpasswd", "/api/customers/-1", "/api/customers/99999999999999999999",
        "/api/customers/1;DROP%20TABLE%20Customers", "//api//customers", "/api/customers/%2e%2e/",
        "/api/./overview/counts", "/api/jobs/' OR '1'='1", "/api/campaigns/%3Cscript%3E/results", "/api/admin/keys/abc",
        "/api/admin/users/%27%20OR%201=1/role", "/api/" + new string('a', 3000), "/api/customers/1/scores/../../../admin/keys",
    ];

    [Fact]
    public async Task HostileRequests_NeverAnswer5xx_AndChangeNoTable()
    {
        using var client = fixture.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var before = await CountRowsAsync(fixture.Factory.Database);
        var sent = 0;
        var failures = new List<string>();

        async Task SendAsync(HttpMethod method, string url, HttpContent? content = null, string? apiKey = null)
        {
            using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
            if (apiKey is not null)
            {
                request.Headers.Remove("X-Api-Key");
                request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
            }
            using var response = await client.SendAsync(request);
            sent++;
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {url[..Math.Min(url.Length, 120)]} [{content?.Headers.ContentType}]: {(int)response.StatusCode}");
            }
        }

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                var queryNames = parameters.Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList();
                var pathNames = parameters.Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList();
                var plain = PathParameter().Replace(path.Name, "987654");
                var hasBody = method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch;

                // Each query parameter alone set to each hostile value (one at a time, so none of them can be valid).
                foreach (var name in queryNames)
                {
                    foreach (var value in HostileValues)
                    {
                        await SendAsync(method, $"{plain}?{name}={Uri.EscapeDataString(value)}", hasBody ? Json("{\"x\":\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}") : null);
                    }
                }
                // Each path parameter set to each hostile value.
                foreach (var name in pathNames)
                {
                    // A NUL in the path is refused by the in-process test client itself (Kestrel answers 400).
                    foreach (var value in HostileValues.Where(v => !v.Contains('\0', StringComparison.Ordinal) && v != "%00"))
                    {
                        await SendAsync(method, path.Name.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal)
                            .Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), hasBody ? Json("[") : null);
                    }
                }
                // Malformed bodies, also with the wrong content type, where the operation reads a body (one that reads
                // none ignores them and runs: a valid request).
                if (hasBody && operation.Value.TryGetProperty("requestBody", out _))
                {
                    foreach (var body in HostileBodies)
                    {
                        await SendAsync(method, plain, Json(body));
                    }
                    await SendAsync(method, plain, new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
                    await SendAsync(method, plain, new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded"));
                    await SendAsync(method, plain, new ByteArrayContent([0xff, 0xfe, 0x00, 0xc3]) { Headers = { ContentType = new("application/json") } });
                }
                // Methods the operation does not have.
                foreach (var wrong in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
                {
                    if (wrong != method && !path.Value.TryGetProperty(wrong.Method.ToLowerInvariant(), out _))
                    {
                        await SendAsync(wrong, plain, wrong == HttpMethod.Get || wrong == HttpMethod.Delete ? null : Json("{"));
                    }
                }
                // Broken credentials on the operation itself.
                foreach (var key in new[] { "vk_", "vk_aaaaaaaaaaaa_", "vk_' OR 1=1 --_x", new string('k', 10_000) })
                {
                    await SendAsync(method, plain, hasBody ? Json("{") : null, key);
                }
            }
        }
        foreach (var trick in PathTricks)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
            {
                await SendAsync(method, trick, method == HttpMethod.Post ? Json("{") : null);
            }
        }

        var after = await CountRowsAsync(fixture.Factory.Database);
        output.WriteLine($"{sent} hostile requests");
        Assert.True(sent >= 1000, $"only {sent} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        var changed = before.Where(t => after[t.Key] != t.Value).Select(t => $"{t.Key}: {t.Value} → {after[t.Key]}").ToList();
        Assert.True(changed.Count == 0, "changed: " + string.Join(", ", changed));
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Rows per table of the whole model, API keys and users included.</summary>
    static async Task<Dictionary<string, long>> CountRowsAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct(StringComparer.Ordinal))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex PathParameter();
}
