using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;
using Valora.Data;

namespace Valora.Server.Startup;

/// <summary>
/// Which database the server uses. Sources, strongest first: command line (<c>--ConnectionStrings:Valora=…</c>),
/// the <c>VALORA_DB</c> environment variable (as for the CLI), <c>ConnectionStrings__Valora</c> and appsettings
/// <c>ConnectionStrings:Valora</c>; when none is set, <c>valora.db</c>. A relative SQLite path is taken relative to
/// the content root (the directory the server runs from), not to wherever the process happened to start.
/// </summary>
public static class DatabaseConfiguration
{
    public const string ConnectionStringName = "Valora";
    public const string EnvironmentVariable = "VALORA_DB";

    /// <summary>
    /// Puts <c>VALORA_DB</c> into configuration as <c>ConnectionStrings:Valora</c>, just below the command line, so it
    /// beats appsettings and ordinary environment variables while tests and <c>--ConnectionStrings:Valora</c>, which
    /// come later, still beat it.
    /// </summary>
    public static void AddValoraDbVariable(IConfigurationBuilder configuration, string? value)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        var source = new MemoryConfigurationSource
        {
            InitialData = [new KeyValuePair<string, string?>($"ConnectionStrings:{ConnectionStringName}", value)],
        };
        var commandLine = configuration.Sources.ToList().FindIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0)
        {
            configuration.Sources.Add(source);
        }
        else
        {
            configuration.Sources.Insert(commandLine, source);
        }
    }

    /// <summary>The database named by configuration, with a relative SQLite path anchored at <paramref name="contentRoot"/>.</summary>
    public static ValoraDatabase Resolve(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var database = ValoraDatabase.Parse(configuration.GetConnectionString(ConnectionStringName));
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return database;
        }
        var sqlite = new SqliteConnectionStringBuilder(database.ConnectionString);
        var inMemory = sqlite.Mode == SqliteOpenMode.Memory
            || string.Equals(sqlite.DataSource, ":memory:", StringComparison.Ordinal)
            || sqlite.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (inMemory || sqlite.DataSource.Length == 0 || Path.IsPathRooted(sqlite.DataSource))
        {
            return database;
        }
        sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRoot, sqlite.DataSource));
        return database with { ConnectionString = sqlite.ConnectionString };
    }
}
