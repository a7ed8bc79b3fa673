using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Valora.Cli.Commands;

/// <summary><c>valora db migrate|status</c>.</summary>
public static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Create or upgrade the database schema (SQLite or PostgreSQL)");
        migrate.SetAction(async (result, ct) =>
        {
            var database = CliOptions.DatabaseFrom(result);
            await using var db = database.CreateContext();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            // The database's own migrate also rebuilds indexes a killed bulk load left dropped.
            await database.MigrateAsync(ct);
            CliRunner.Messages.MarkupLine($"[green]{database.Describe()}[/]: applied {pending.Count} migration(s); schema is current.");
            return 0;
        });

        var status = new Command("status", "Show applied and pending migrations");
        status.SetAction(async (result, ct) =>
        {
            var database = CliOptions.ExistingDatabaseFrom(result);
            await using var db = database.CreateContext();
            var applied = await db.Database.GetAppliedMigrationsAsync(ct);
            var pending = await db.Database.GetPendingMigrationsAsync(ct);
            var rows = applied.Select(m => new MigrationRow(m, "applied")).Concat(pending.Select(m => new MigrationRow(m, "pending")));
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format), database.Describe());
            return 0;
        });

        return new Command("db", "Database schema") { migrate, status };
    }

    sealed record MigrationRow(string Migration, string State);
}
