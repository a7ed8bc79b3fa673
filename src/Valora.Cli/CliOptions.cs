using System.CommandLine;
using Valora.Data;

namespace Valora.Cli;

/// <summary>Options every command understands.</summary>
public static class CliOptions
{
    public const string DatabaseEnvironmentVariable = "VALORA_DB";

    public static Option<string> Database { get; } = new("--db")
    {
        Description = $"SQLite file or PostgreSQL connection string (default: ${DatabaseEnvironmentVariable} or {ValoraDatabase.DefaultSqlitePath})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DatabaseEnvironmentVariable) is { Length: > 0 } v
            ? v
            : ValoraDatabase.DefaultSqlitePath,
    };

    public static Option<OutputFormat> Format { get; } = new("--format")
    {
        Description = "How results are printed on stdout",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static ValoraDatabase DatabaseFrom(ParseResult result) => ValoraDatabase.Parse(result.GetValue(Database));

    /// <summary>
    /// The database of a command that only reads (or adds results to) an existing one: a SQLite file that does not
    /// exist is an error naming it, never a new empty database that then fails with "no such table".
    /// </summary>
    public static ValoraDatabase ExistingDatabaseFrom(ParseResult result)
    {
        var database = DatabaseFrom(result);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString);
            var inMemory = csb.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory
                || string.Equals(csb.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase) || csb.DataSource.Length == 0;
            if (!inMemory && !File.Exists(csb.DataSource))
            {
                throw new FileNotFoundException(
                    $"The database '{csb.DataSource}' does not exist; check --db, or create it with 'valora db migrate' or 'valora import'.",
                    csb.DataSource);
            }
        }
        return database;
    }
}
