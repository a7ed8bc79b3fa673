using System.CommandLine;
using System.Globalization;
using Valora.Analytics.Segments;
using Valora.Data;
using Valora.Data.Segments;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora segment create|list|show|members|compare|recompute|delete|presets|fields</c>: rule-based segments over
/// the customers' measures, fields, tags and stored scores.
/// </summary>
public static class SegmentCommand
{
    public static Command Create()
    {
        var command = new Command("segment", "Rule-based segments: name a rule such as \"orders_12m > 10 and clv > 500\", store its members, compare segments")
        {
            CreateCommand(), List(), Show(), Members(), Compare(), Recompute(), Delete(), Presets(), Fields(),
        };
        command.Aliases.Add("segments");
        return command;
    }

    static Argument<string> NameArgument() => new("name") { Description = "The segment's name (quote it when it has spaces)" };

    static Option<DateOnly?> AsOfOption() => new("--as-of") { Description = "Members as of this date (yyyy-MM-dd); default: the day of the latest purchase" };

    static Command CreateCommand()
    {
        var name = new Option<string>("--name") { Description = "The segment's name (letters, digits, spaces, - _ .; at most 56)", Required = true };
        var rule = new Option<string>("--rule") { Description = "The rule, e.g. \"days_since_last_purchase > 90 and clv > 500\" (valora segment fields lists the fields)", Required = true };
        var description = new Option<string?>("--description") { Description = "What the segment is for" };
        var asOf = AsOfOption();
        var command = new Command("create", "Create or replace a segment and store its members (saving again edits it)") { name, rule, description, asOf };
        command.SetAction(async (result, ct) =>
        {
            var segment = await SaveAsync(CliOptions.ExistingDatabaseFrom(result), result.GetValue(name)!, result.GetValue(rule)!, result.GetValue(description), result.GetValue(asOf), ct);
            Print([segment], result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    /// <summary>Saves a segment, turning a bad rule into a message that names --rule and the position.</summary>
    public static async Task<SegmentView> SaveAsync(ValoraDatabase database, string name, string rule, string? description, DateOnly? asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            return await new CustomerSegments(database).SaveAsync(name, rule, description, asOf, ct);
        }
        catch (SegmentRuleException ex)
        {
            throw new ArgumentException($"--rule: {ex.Message} (in: {rule})");
        }
        catch (ArgumentException ex) when (ex.ParamName == "name")
        {
            throw new ArgumentException($"--name: {ex.Message.Replace(" (Parameter 'name')", "", StringComparison.Ordinal)}");
        }
    }

    static Command List()
    {
        var command = new Command("list", "Every segment with its size, revenue, CLV and churn risk as of its latest run");
        command.SetAction(async (result, ct) =>
        {
            Print(await new CustomerSegments(CliOptions.ExistingDatabaseFrom(result)).ListAsync(ct), result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Show()
    {
        var name = NameArgument();
        var command = new Command("show", "One segment's definition and the history of its runs") { name };
        command.SetAction(async (result, ct) =>
        {
            var history = await new CustomerSegments(CliOptions.ExistingDatabaseFrom(result)).HistoryAsync(result.GetValue(name)!, ct);
            if (history.Count == 0)
            {
                throw new ArgumentException($"There is no segment '{result.GetValue(name)}' (valora segment list shows them).");
            }
            Print(history, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Members()
    {
        var name = NameArgument();
        var command = new Command("members", "The customers in a segment's latest run") { name };
        command.SetAction(async (result, ct) =>
        {
            var database = CliOptions.ExistingDatabaseFrom(result);
            var ids = await new CustomerSegments(database).MembersAsync(result.GetValue(name)!, ct)
                ?? throw new ArgumentException($"There is no segment '{result.GetValue(name)}' (valora segment list shows them).");
            await using var db = database.CreateContext();
            var customers = db.Customers.Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).Select(c => new { c.Id, c.ExternalId, c.Name, c.Email, c.Country }).ToList();
            ResultWriter.WriteRows(customers, result.GetValue(CliOptions.Format), $"{customers.Count} customers in {result.GetValue(name)}");
            return 0;
        });
        return command;
    }

    static Command Compare()
    {
        var a = new Argument<string>("a") { Description = "A segment" };
        var b = new Argument<string>("b") { Description = "Another segment" };
        var command = new Command("compare", "How two segments overlap: in both, in one only, Jaccard") { a, b };
        command.SetAction(async (result, ct) =>
        {
            var overlap = await new CustomerSegments(CliOptions.ExistingDatabaseFrom(result)).CompareAsync(result.GetValue(a)!, result.GetValue(b)!, ct)
                ?? throw new ArgumentException($"Both segments must exist: '{result.GetValue(a)}', '{result.GetValue(b)}' (valora segment list shows them).");
            ResultWriter.WriteObject(overlap with { Jaccard = Math.Round(overlap.Jaccard, 4) }, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Recompute()
    {
        var asOf = AsOfOption();
        var command = new Command("recompute", "Re-evaluate every segment's rule as of a date (earlier runs kept as history)") { asOf };
        command.SetAction(async (result, ct) =>
        {
            Print(await new CustomerSegments(CliOptions.ExistingDatabaseFrom(result)).RecomputeAllAsync(result.GetValue(asOf), ct), result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Delete()
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete a segment with its history") { name };
        command.SetAction(async (result, ct) =>
        {
            if (!await new CustomerSegments(CliOptions.ExistingDatabaseFrom(result)).DeleteAsync(result.GetValue(name)!, ct))
            {
                throw new ArgumentException($"There is no segment '{result.GetValue(name)}' (valora segment list shows them).");
            }
            Console.Error.WriteLine($"deleted {result.GetValue(name)}");
            return 0;
        });
        return command;
    }

    static Command Presets()
    {
        var asOf = AsOfOption();
        var command = new Command("presets", "Create the source article's three segments (High spender, Loyal, At risk) as editable defaults") { asOf };
        command.SetAction(async (result, ct) =>
        {
            var database = CliOptions.ExistingDatabaseFrom(result);
            var saved = new List<SegmentView>();
            foreach (var (name, rule, description) in CustomerSegments.Presets)
            {
                saved.Add(await new CustomerSegments(database).SaveAsync(name, rule, description, result.GetValue(asOf), ct));
            }
            Print(saved, result.GetValue(CliOptions.Format));
            return 0;
        });
        return command;
    }

    static Command Fields()
    {
        var command = new Command("fields", "The fields a rule may name, with their types");
        command.SetAction(result =>
        {
            var own = SegmentFields.Own.Select(f => new { Field = f.Name, Type = f.Type.ToString().ToLowerInvariant(), f.Description });
            var scores = Valora.Data.Scores.Metrics.All.Where(m => SegmentFields.All.ContainsKey(m.Name))
                .Select(m => new { Field = m.Name, Type = (m.Kind == Valora.Data.Scores.MetricKind.Number ? FieldType.Number : FieldType.Text).ToString().ToLowerInvariant(), Description = $"{m.Description} (latest {m.Model} run)" });
            ResultWriter.WriteRows(own.Concat(scores), result.GetValue(CliOptions.Format), "Segment rule fields");
            return 0;
        });
        return command;
    }

    /// <summary>Segments as a table.</summary>
    public static void Print(IEnumerable<SegmentView> segments, OutputFormat format) =>
        ResultWriter.WriteRows(segments.Select(s => new
            {
                Segment = s.Name,
                s.Rule,
                AsOf = s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                s.Customers,
                Share = Math.Round(s.Share, 4),
                Revenue12m = Math.Round(s.Revenue12m, 2),
                Clv = s.Clv is { } c ? Math.Round(c, 2) : (double?)null,
                ChurnRisk = s.MeanChurnProbability is { } p ? Math.Round(p, 4) : (double?)null,
            }),
            format, "Segments");
}
