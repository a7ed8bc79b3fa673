using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Valora.Server.Tests.Support;
using Xunit.Abstractions;

namespace Valora.Server.Tests.Security;

/// <summary>
/// Walks every operation of the OpenAPI document (so a new endpoint cannot escape) for each role and for an anonymous
/// caller, and fails on any allow or deny the permission matrix of docs/SECURITY.md does not expect. Denied is a 401 or
/// 403; anything else (200, 202, 400, 404, 422…) means the request got past authorization.
/// </summary>
public sealed partial class PermissionMatrixTests(EmptyServerFixture fixture, ITestOutputHelper output) : IClassFixture<EmptyServerFixture>
{
    // The matrix as docs/SECURITY.md states it, written out here rather than read from the server's code.
    static readonly string[] Everyone = ["admin", "analyst", "sales", "service", "readonly"];
    static readonly string[] Analysts = ["admin", "analyst"];
    static readonly string[] Writers = ["admin", "sales", "service"];
    static readonly string[] Admins = ["admin"];

    /// <summary>Operations that are not plain reads, with who may call them.</summary>
    static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["POST /api/rfm/run"] = Analysts,
        ["POST /api/campaigns/{id}/attribute"] = Analysts,
        ["POST /api/clv/fit"] = Analysts,
        ["POST /api/clv/score"] = Analysts,
        ["POST /api/clv/validate"] = Analysts,
        ["POST /api/churn/train"] = Analysts,
        ["POST /api/clusters/run"] = Analysts,
        ["POST /api/potential/score"] = Analysts,
        ["POST /api/potential/learn"] = Analysts,
        ["POST /api/lifecycle/run"] = Analysts,
        ["POST /api/forecast/run"] = Analysts,
        ["POST /api/cycle/run"] = Analysts,
        ["POST /api/rules/run"] = Analysts,
        ["POST /api/segments/validate"] = Analysts,
        ["PUT /api/segments/{name}"] = Analysts,
        ["POST /api/segments/recompute"] = Analysts,
        ["DELETE /api/segments/{name}"] = Analysts,
        ["POST /api/surveys/scores"] = Analysts,
        ["POST /api/text/score-interactions"] = Analysts,
        ["POST /api/propensity/train"] = Analysts,
        ["POST /api/customers"] = Writers,
        ["PUT /api/customers/{id}"] = Writers,
        ["PATCH /api/customers/{id}"] = Writers,
        ["DELETE /api/customers/{id}"] = Writers,
        ["POST /api/customers/{id}/tags"] = Writers,
        ["DELETE /api/customers/{id}/tags/{tag}"] = Writers,
        ["POST /api/customers/merge/preview"] = Writers,
        ["POST /api/customers/merge"] = Writers,
        ["POST /api/customers/merges/{id}/undo"] = Writers,
        ["POST /api/customers/{id}/interactions"] = Writers,
        ["POST /api/followups"] = Writers,
        ["PATCH /api/followups/{id}"] = Writers,
        ["POST /api/tickets"] = Writers,
        ["PATCH /api/tickets/{id}"] = Writers,
        ["POST /api/tickets/{id}/responses"] = Writers,
        ["POST /api/opportunities"] = Writers,
        ["POST /api/orders"] = Writers,
        ["POST /api/orders/batch"] = Writers,
        ["POST /api/campaigns"] = Writers,
        ["POST /api/campaigns/{id}/outcomes"] = Writers,
        ["PATCH /api/opportunities/{id}"] = Writers,
    };

    static readonly string[] Callers = ["anonymous", .. Everyone];

    [Fact]
    public async Task EveryOperation_ForEveryRoleAndAnonymous_IsAllowedExactlyAsTheMatrixSays()
    {
        using var documentClient = fixture.CreateClient();
        var document = await documentClient.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var clients = Callers.ToDictionary(c => c, c => c == "anonymous" ? fixture.CreateAnonymousClient() : fixture.CreateClient(c), StringComparer.Ordinal);
        var failures = new List<string>();
        var operations = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject())
                {
                    var method = operation.Name.ToUpperInvariant();
                    if (method is "PARAMETERS" or "SUMMARY" or "DESCRIPTION")
                    {
                        continue;
                    }
                    operations++;
                    var key = $"{method} {path.Name}";
                    seen.Add(key);
                    var (allowed, exact) = Allowed(method, path.Name);
                    foreach (var caller in Callers)
                    {
                        var status = await SendAsync(clients[caller], method, path.Name);
                        var denied = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                        var expectAllowed = allowed.Contains(caller, StringComparer.Ordinal);
                        // Not in the table (an endpoint added since): a read is checked in full; a write must at least
                        // be open to admin and closed to readonly and to anonymous callers.
                        var checkedHere = exact || caller is "anonymous" or "admin" or "readonly";
                        if (checkedHere && expectAllowed == denied)
                        {
                            failures.Add($"{key} as {caller}: {(int)status}, expected {(expectAllowed ? "allowed" : "denied")}");
                        }
                        if (caller == "anonymous" && status != HttpStatusCode.Unauthorized)
                        {
                            failures.Add($"{key} as anonymous: {(int)status}, expected 401");
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
        output.WriteLine($"{operations} operations × {Callers.Length} callers");
        Assert.True(operations >= 25, $"only {operations} operations in the document");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // A row of the table that names no operation of the document (a typo, a moved route) checks nothing.
        var unknown = Expected.Keys.Where(k => !seen.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, "not in the document: " + string.Join(", ", unknown));
    }

    static (string[] Roles, bool Exact) Allowed(string method, string path)
    {
        if (Expected.TryGetValue($"{method} {path}", out var roles))
        {
            return (roles, true);
        }
        if (path.StartsWith("/api/admin/", StringComparison.Ordinal))
        {
            return (Admins, true);
        }
        if (method == "GET")
        {
            return (Everyone, true);
        }
        return (Writers, false);
    }

    static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path)
    {
        // Ids that exist nowhere, so an allowed call cannot change what the next caller finds.
        var concrete = PathParameter().Replace(path, "987654");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(concrete, UriKind.Relative));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex PathParameter();
}
