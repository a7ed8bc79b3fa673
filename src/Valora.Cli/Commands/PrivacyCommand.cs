using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Privacy;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora privacy export|erase</c>: a data subject's GDPR requests — everything held about one customer as a JSON
/// document (right of access), and erasure of every trace (right to be forgotten). Both are recorded in the audit log.
/// </summary>
public static class PrivacyCommand
{
    /// <summary>Who the audit log names for work done on the database directly.</summary>
    const string Actor = "system";

    public static Command Create()
    {
        var command = new Command("privacy", "GDPR: export everything held about a customer, or erase every trace of them");
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Erase());
        return command;
    }

    static (Option<long?> Id, Option<string?> ExternalId) CustomerOptions() =>
        (new Option<long?>("--id") { Description = "The customer's internal id" },
         new Option<string?>("--external-id") { Description = "The customer's id in the source system" });

    static Command Export()
    {
        var (id, externalId) = CustomerOptions();
        var output = new Option<FileInfo?>("--out") { Description = "Write the JSON document to this file (default: stdout)" };
        var command = new Command("export", "Everything held about one customer, as one JSON document (audited)") { id, externalId, output };
        command.SetAction(async (result, ct) =>
        {
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            var customerId = await ResolveAsync(db, result.GetValue(id), result.GetValue(externalId), ct);
            var export = await CustomerPrivacy.ExportAsync(db, customerId, Actor, DateTime.UtcNow, ct)
                ?? throw new InvalidOperationException($"--id: no customer {customerId}.");
            var json = CustomerPrivacy.ToJson(export);
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, ct);
                await Console.Error.WriteLineAsync($"valora: wrote everything held about customer {customerId} to {file.FullName}");
            }
            else
            {
                Console.WriteLine(json);
            }
            return 0;
        });
        return command;
    }

    static Command Erase()
    {
        var (id, externalId) = CustomerOptions();
        var yes = new Option<bool>("--yes") { Description = "Confirm: the erasure cannot be undone" };
        var command = new Command("erase", "Erase every trace of one customer in one transaction (cannot be undone; audited without the erased data)") { id, externalId, yes };
        command.SetAction(async (result, ct) =>
        {
            if (!result.GetValue(yes))
            {
                throw new InvalidOperationException("--yes: erasure cannot be undone; pass --yes to confirm.");
            }
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            var customerId = await ResolveAsync(db, result.GetValue(id), result.GetValue(externalId), ct);
            var report = await CustomerPrivacy.EraseAsync(db, customerId, Actor, DateTime.UtcNow, ct)
                ?? throw new InvalidOperationException($"--id: no customer {customerId}.");
            var rows = report.RowsDeleted.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ErasedRows(r.Key, r.Value)).ToList();
            rows.Add(new ErasedRows("AuditLog (entries scrubbed)", report.AuditEntriesScrubbed));
            rows.Add(new ErasedRows("IdempotencyKeys", report.IdempotencyRecordsDeleted));
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format), $"Customer {customerId} erased");
            return 0;
        });
        return command;
    }

    sealed record ErasedRows(string Table, int Rows);

    static async Task<long> ResolveAsync(ValoraDbContext db, long? id, string? externalId, CancellationToken ct)
    {
        if (id.HasValue == (externalId is not null))
        {
            throw new InvalidOperationException("--id / --external-id: give exactly one of them.");
        }
        if (id is { } value)
        {
            return value;
        }
        return await db.Customers.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"--external-id: no customer '{externalId}'.");
    }
}
