using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Valora.Data;
using Valora.Data.Security;
using Valora.Domain.Security;

namespace Valora.Server.Tests.Support;

/// <summary>
/// The server in-process on a database the test chooses. Demo seeding is off unless the test turns it on; extra
/// settings and a fixed clock can be given.
/// <para>
/// Every client from <c>CreateClient()</c> is signed in as an <b>admin</b>: it carries an admin API key the factory
/// creates on first use, so a test of what an endpoint does needs nothing more. A test of who may call uses
/// <see cref="CreateClient(string)"/> (a key of that role), <see cref="CreateAnonymousClient"/> (no credentials) or
/// signs in with the cookie (<see cref="AdminUserName"/> / <see cref="AdminPassword"/>, see <c>CookieSignIn</c>).
/// Rate limits are raised out of the way unless the settings give them.
/// </para>
/// </summary>
public sealed class ValoraServerFactory(
    string connectionString,
    bool seedDemo = false,
    IReadOnlyDictionary<string, string?>? settings = null,
    TimeProvider? time = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "test-admin-password";

    readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    /// <summary>The database the running server resolved from its configuration.</summary>
    public ValoraDatabase Database => Services.GetRequiredService<ValoraDatabase>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, config) =>
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["ConnectionStrings:Valora"] = connectionString,
                ["Valora:SeedDemoOnFirstStart"] = seedDemo ? "true" : "false",
                ["Valora:Security:AdminUserName"] = AdminUserName,
                ["Valora:Security:AdminPassword"] = AdminPassword,
                ["Valora:Security:ApiRequestsPerMinute"] = "1000000",
                ["Valora:Security:SignInsPerMinute"] = "1000000",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }
            config.AddInMemoryCollection(values);
        });
        if (time is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton(time));
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>A client acting with <paramref name="role"/> through an API key of that role.</summary>
    public HttpClient CreateClient(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, KeyFor(role));
        return client;
    }

    /// <summary>A client with no credentials at all (cookies are kept, so it can sign in).</summary>
    public HttpClient CreateAnonymousClient(bool followRedirects = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        return client;
    }

    /// <summary>A new API key of <paramref name="role"/>, created in the server's database as an admin would.</summary>
    public string CreateApiKey(string role, string name = "test")
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ValoraDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        return ApiKeys.CreateAsync(db, name, role, "test", now).GetAwaiter().GetResult().Token;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, KeyFor(Roles.Admin));
    }

    string KeyFor(string role)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(role, out var key))
            {
                key = _keys[role] = CreateApiKey(role, $"test {role}");
            }
            return key;
        }
    }
}
