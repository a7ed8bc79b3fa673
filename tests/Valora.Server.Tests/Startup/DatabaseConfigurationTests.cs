using Microsoft.Extensions.Configuration;
using Valora.Data;
using Valora.Server.Startup;

namespace Valora.Server.Tests.Startup;

public sealed class DatabaseConfigurationTests
{
    static readonly string ContentRoot = Path.Combine(Path.GetTempPath(), "valora-root");

    [Fact]
    public void Resolve_WithoutAnySetting_UsesValoraDbInTheContentRoot()
    {
        var database = DatabaseConfiguration.Resolve(new ConfigurationBuilder().Build(), ContentRoot);

        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
        Assert.Equal($"SQLite {Path.Combine(ContentRoot, "valora.db")}", database.Describe());
    }

    [Theory]
    [InlineData("data/crm.db", "data/crm.db")]
    [InlineData("Data Source=other.db", "other.db")]
    public void Resolve_WithRelativeSqlitePath_AnchorsItAtTheContentRoot(string setting, string relative)
    {
        var database = DatabaseConfiguration.Resolve(Config(("ConnectionStrings:Valora", setting)), ContentRoot);

        Assert.Equal($"SQLite {Path.Combine(ContentRoot, relative)}", database.Describe());
    }

    [Theory]
    [InlineData("/var/lib/valora/crm.db", "SQLite /var/lib/valora/crm.db")]
    [InlineData("Data Source=x;Mode=Memory;Cache=Shared", "SQLite x")]
    [InlineData("Host=db.example;Port=5433;Database=crm;Username=u;Password=secret", "PostgreSQL db.example:5433/crm")]
    public void Resolve_WithAbsolutePathInMemoryOrPostgres_KeepsItAsGiven(string setting, string described)
    {
        var database = DatabaseConfiguration.Resolve(Config(("ConnectionStrings:Valora", setting)), ContentRoot);

        Assert.Equal(described, database.Describe());
    }

    [Fact]
    public void AddValoraDbVariable_BeatsAppSettingsButNotTheCommandLine()
    {
        var appSettings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["ConnectionStrings:Valora"] = "appsettings.db" };

        var withoutCommandLine = new ConfigurationBuilder().AddInMemoryCollection(appSettings);
        DatabaseConfiguration.AddValoraDbVariable(withoutCommandLine, "/env/valora-db.db");
        var withCommandLine = new ConfigurationBuilder().AddInMemoryCollection(appSettings)
            .AddCommandLine(["--ConnectionStrings:Valora=/cli/command-line.db"]);
        DatabaseConfiguration.AddValoraDbVariable(withCommandLine, "/env/valora-db.db");
        var unset = new ConfigurationBuilder().AddInMemoryCollection(appSettings);
        DatabaseConfiguration.AddValoraDbVariable(unset, "  ");

        Assert.Equal("/env/valora-db.db", withoutCommandLine.Build().GetConnectionString("Valora"));
        Assert.Equal("/cli/command-line.db", withCommandLine.Build().GetConnectionString("Valora"));
        Assert.Equal("appsettings.db", unset.Build().GetConnectionString("Valora"));
    }

    static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
