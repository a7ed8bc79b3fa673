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
}
