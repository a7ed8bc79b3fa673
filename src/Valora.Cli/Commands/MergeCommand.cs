using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Valora.Analytics.Matching;
using Valora.Data.Customers;
using Valora.Data.Records;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora duplicates [--threshold 0.75] [--limit 100]</c>: likely duplicate customers, best first.
/// <c>valora merge SURVIVOR MERGED [--rule mostComplete] [--field name=merged …] [--preview]</c>: merge one customer into
/// another (or show what that would do); <c>valora merge undo MERGE</c> undoes a recorded merge;
/// <c>valora merge list</c> shows the recorded merges.
/// </summary>
public static class MergeCommand
{
    /// <summary>Who the merge record names for work done on the database directly.</summary>
    const string Actor = "system";

    public static Command Duplicates()
    {
        var threshold = new Option<double>("--threshold") { Description = "Least score of a pair, 0 to 1", DefaultValueFactory = _ => DuplicateOptions.DefaultThreshold };
        var limit = new Option<int>("--limit") { Description = $"Most pairs listed, 1 to {DuplicateCandidates.MaxLimit}", DefaultValueFactory = _ => DuplicateCandidates.DefaultLimit };
        var command = new Command("duplicates", "Likely duplicate customers by exact and fuzzy match on normalised name, e-mail and phone, best first") { threshold, limit };
        command.SetAction(async (result, ct) =>
        {
            var t = result.GetValue(threshold);
            if (double.IsNaN(t) || t is < 0 or > 1)
            {
                throw new ArgumentException($"--threshold: must be between 0 and 1 but was {t.ToString(CultureInfo.InvariantCulture)}.");
            }
            var n = result.GetValue(limit);
            if (n is < 1 or > DuplicateCandidates.MaxLimit)
            {
                throw new ArgumentException($"--limit: must be 1 to {DuplicateCandidates.MaxLimit} but was {n.ToString(CultureInfo.InvariantCulture)}.");
            }
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            var list = await DuplicateCandidates.FindAsync(db, t, n, ct);
            PrintDuplicates(list, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The candidate pairs as <c>valora duplicates</c> prints them (also after <c>valora demo</c>): ids, score, matched
    /// fields and names in the table (e-mails and phones in the JSON form).
    /// </summary>
    public static void PrintDuplicates(DuplicateCandidateList list, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(list);
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(list, format);
            return;
        }
        ResultWriter.WriteRows(list.Pairs.Select(p => new
        {
            First = p.First.Id, Second = p.Second.Id, Score = Math.Round(p.Score, 3), Matched = string.Join('+', p.MatchedFields),
            FirstName = p.First.Name, SecondName = p.Second.Name,
        }), format, string.Create(CultureInfo.InvariantCulture,
            $"{list.Pairs.Count} of {list.Found} pairs scoring {list.Threshold} or more among {list.Customers} customers ({list.Comparisons} pairs compared, {list.SkippedBlocks} oversized blocks skipped, {list.Elapsed.TotalMilliseconds:0} ms)"));
    }

    public static Command Merge()
    {
        var survivor = new Argument<long>("survivorId") { Description = "The customer that stays (keeps its id and external id)" };
        var merged = new Argument<long>("mergedId") { Description = "The customer merged into the survivor and deleted" };
        var rule = new Option<string>("--rule") { Description = $"How every field is chosen: {MergeRules.RuleNames}", DefaultValueFactory = _ => "mostComplete" };
        var fields = new Option<string[]>("--field") { Description = "A rule for one field, e.g. --field email=mostRecent --field city=merged", AllowMultipleArgumentsPerToken = false };
        var preview = new Option<bool>("--preview") { Description = "Show what the merge would do; change nothing" };
        var command = new Command("merge", "Merge one customer into another: winning field values, every related row moved, recorded so it can be undone")
        {
            survivor, merged, rule, fields, preview,
        };
        command.SetAction(async (result, ct) =>
        {
            var request = Request(result.GetValue(survivor), result.GetValue(merged), result.GetValue(rule), result.GetValue(fields) ?? []);
            var format = result.GetValue(CliOptions.Format);
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            if (result.GetValue(preview))
            {
                var previewed = await MergeCustomers.PreviewAsync(db, request, ct);
                var p = Done(previewed);
                if (format == OutputFormat.Json)
                {
                    ResultWriter.WriteObject(p, format);
                    return 0;
                }
                ResultWriter.WriteObject(new { p.SurvivorId, p.MergedId, p.SurvivorLastActivity, p.MergedLastActivity, p.MoreRecent }, format,
                    string.Create(CultureInfo.InvariantCulture, $"Preview: merge customer {p.MergedId} into {p.SurvivorId} (nothing changed)"));
                ResultWriter.WriteRows(p.Fields.Select(f => new { f.Field, f.Rule, Survivor = Show(f.SurvivorValue), Merged = Show(f.MergedValue), f.Winner, f.Changes }),
                    format, "Fields");
                ResultWriter.WriteRows(p.Tables, format, "Rows per table (moved to the survivor; dropped as duplicates of its own)");
                return 0;
            }
            var summary = Done(await MergeCustomers.MergeAsync(db, request, null, Actor, DateTime.UtcNow, ct));
            Print(summary, format, string.Create(CultureInfo.InvariantCulture,
                $"Merge {summary.Id}: customer {summary.MergedId} merged into {summary.SurvivorId} (undo: valora merge undo {summary.Id})"));
            return 0;
        });
        command.Subcommands.Add(Undo());
        command.Subcommands.Add(List());
        return command;
    }

    static Command Undo()
    {
        var id = new Argument<long>("mergeId") { Description = "The merge to undo (valora merge list)" };
        var command = new Command("undo", "Undo a merge: the merged customer back with its id, exactly the recorded rows moved back, the survivor's fields restored") { id };
        command.SetAction(async (result, ct) =>
        {
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            var undo = Done(await MergeCustomers.UndoAsync(db, result.GetValue(id), Actor, DateTime.UtcNow, ct));
            var format = result.GetValue(CliOptions.Format);
            if (format == OutputFormat.Json)
            {
                ResultWriter.WriteObject(undo, format);
                return 0;
            }
            ResultWriter.WriteObject(new { undo.Merge.Id, undo.Merge.SurvivorId, undo.Merge.MergedId, RestoredFields = string.Join(", ", undo.RestoredFields),
                KeptFields = string.Join(", ", undo.KeptFields) }, format,
                string.Create(CultureInfo.InvariantCulture, $"Merge {undo.Merge.Id} undone: customer {undo.Merge.MergedId} is back"));
            ResultWriter.WriteRows(undo.Restored.Select(r => new { r.Table, MovedBack = r.Moved, Reinserted = r.Dropped }), format, "Rows put back per table");
            return 0;
        });
        return command;
    }

    static Command List()
    {
        var limit = new Option<int>("--limit") { Description = $"Most merges listed, 1 to {MergeCustomers.MaxListed}", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "Recorded merges, newest first") { limit };
        command.SetAction(async (result, ct) =>
        {
            var n = result.GetValue(limit);
            if (n is < 1 or > MergeCustomers.MaxListed)
            {
                throw new ArgumentException($"--limit: must be 1 to {MergeCustomers.MaxListed} but was {n.ToString(CultureInfo.InvariantCulture)}.");
            }
            await using var db = CliOptions.ExistingDatabaseFrom(result).CreateContext();
            var merges = await MergeCustomers.ListAsync(db, n, ct);
            ResultWriter.WriteRows(merges.Select(m => new
            {
                m.Id, m.SurvivorId, m.MergedId, m.MergedExternalId, m.MergedName, m.Actor, m.MergedAt, m.UndoneAt,
                Moved = m.Tables.Sum(t => t.Moved), Dropped = m.Tables.Sum(t => t.Dropped),
            }), result.GetValue(CliOptions.Format), "Merges, newest first");
            return 0;
        });
        return command;
    }

    static MergeRequest Request(long survivor, long merged, string? rule, string[] fields)
    {
        var byField = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--field: '{field}' must be name=rule, e.g. email=mostRecent.");
            }
            byField[field[..eq].Trim()] = field[(eq + 1)..].Trim();
        }
        try
        {
            return MergeRules.Request(survivor, merged, rule, byField);
        }
        catch (RecordValidationException ex)
        {
            throw new ArgumentException(string.Join(" ", ex.Errors.Select(e =>
                (e.Key.StartsWith("fields.", StringComparison.Ordinal) ? "--field " + e.Key["fields.".Length..] : "--" + e.Key) + ": " + string.Join(" ", e.Value))), ex);
        }
    }

    static T Done<T>(WriteOutcome<T> outcome)
        where T : class =>
        outcome.Value ?? throw new InvalidOperationException(outcome.Message);

    static string Show(JsonNode? value) => value is null ? "" : value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    static void Print(MergeSummary m, OutputFormat format, string title)
    {
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(m, format);
            return;
        }
        ResultWriter.WriteObject(new { m.Id, m.SurvivorId, m.MergedId, m.MergedExternalId, ChangedFields = string.Join(", ", m.ChangedFields), m.MergedAt }, format, title);
        ResultWriter.WriteRows(m.Tables, format, "Rows per table (moved to the survivor; dropped as duplicates of its own)");
    }
}
