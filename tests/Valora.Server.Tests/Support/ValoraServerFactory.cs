using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// The server in-process on a database the test chooses. Demo seeding is off unless the test turns it on; extra
/// settings and a fixed clock can be given.
/// </summary>
public sealed class ValoraServerFactory(
    string connectionString,
    bool seedDemo = false,
    IReadOnlyDictionary<string, string?>? settings = null,
    TimeProvider? time = null) : WebApplicationFactory<Program>
{
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
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }
            config.AddInMemoryCollection(values);
        });
        if (time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(time));
        }
    }
}
