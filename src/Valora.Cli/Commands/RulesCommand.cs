using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Valora.Analytics.Baskets;
using Valora.Data.Baskets;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora rules --data lines.csv --basket COL --item COL</c>: frequent itemsets and association rules of a table of
/// (basket, item) lines; without <c>--data</c>, of the stored completed orders within a scope
/// (<c>--scope country=… --from D --to D --segment NAME</c>), stored as a rules run.
/// </summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo?>("--data") { Description = "CSV of lines, one (basket, item) per row, with a header (default: the stored orders)" };
        var basket = new Option<string?>("--basket") { Description = "With --data: the column naming the basket (e.g. the invoice)" };
        var item = new Option<string?>("--item") { Description = "With --data: the column naming the item (e.g. the product code)" };
        var scope = new Option<string[]>("--scope") { Description = "Stored orders only: country=NAME, from=yyyy-MM-dd, to=yyyy-MM-dd or segment=NAME (repeatable)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<DateOnly?>("--from") { Description = "Stored orders placed on or after this day (yyyy-MM-dd)" };
        var to = new Option<DateOnly?>("--to") { Description = "Stored orders placed on or before this day (yyyy-MM-dd)" };
        var segment = new Option<string?>("--segment") { Description = "Stored orders of this saved segment's members" };
        var noSave = new Option<bool>("--no-save") { Description = "Stored orders: do not store the run and its rules" };
        var minSupport = new Option<double>("--min-support") { Description = "Least share of baskets an itemset is in, in (0, 1]", DefaultValueFactory = _ => ItemsetOptions.DefaultMinSupport };
        var algorithm = new Option<string>("--algorithm") { Description = "fpgrowth, apriori or eclat (same itemsets)", DefaultValueFactory = _ => "fpgrowth" };
        algorithm.AcceptOnlyFromAmong("fpgrowth", "apriori", "eclat");
        var minConfidence = new Option<double>("--min-confidence") { Description = "Least confidence of a rule, in [0, 1]", DefaultValueFactory = _ => 0 };
        var minLift = new Option<double?>("--min-lift") { Description = "Least lift of a rule (1 = independence)" };
        var maxLength = new Option<int?>("--max-length") { Description = "Most items in an itemset or rule (≥ 2 for rules)" };
        var top = new Option<int?>("--top") { Description = "Keep only the best K rules by --by" };
        var by = new Option<string>("--by") { Description = "Rank rules by support, confidence, lift, leverage, conviction, zhang, jaccard, certainty or kulczynski", DefaultValueFactory = _ => "lift" };
        by.AcceptOnlyFromAmong([.. Enum.GetNames<RuleMetric>().Select(n => n.ToLowerInvariant())]);
        var withItem = new Option<string?>("--with-item") { Description = "Keep only the rules this item is in (either side)" };
        var exclude = new Option<string[]>("--exclude-item") { Description = "Leave this item out (repeatable), e.g. POST or BANK CHARGES", AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the rules to this CSV file (stdout then gets a summary)" };
        var command = new Command("rules", "Frequent itemsets (FP-Growth, Apriori, Eclat) and association rules of the stored orders (stored as a run) or of your own basket lines (--data)")
        {
            data, basket, item, scope, from, to, segment, noSave, minSupport, algorithm, minConfidence, minLift, maxLength, top, by, withItem, exclude, output,
        };
        command.SetAction(async (result, ct) =>
        {
            var stored = result.GetValue(scope) is { Length: > 0 } || result.GetValue(from) is not null
                || result.GetValue(to) is not null || result.GetValue(segment) is not null || result.GetValue(noSave);
            if (result.GetValue(data) is null)
            {
                if (result.GetValue(basket) is not null || result.GetValue(item) is not null)
                {
                    throw new ArgumentException("--basket and --item name columns of --data; the stored orders need neither (basket = order, item = SKU).");
                }
                return await RunStoredAsync(result, ParseScope(result.GetValue(scope) ?? [], result.GetValue(from), result.GetValue(to), result.GetValue(segment)),
                    result.GetValue(minSupport), result.GetValue(algorithm)!, result.GetValue(minConfidence), result.GetValue(minLift),
                    result.GetValue(maxLength), result.GetValue(top), result.GetValue(by)!, result.GetValue(withItem),
                    result.GetValue(exclude) ?? [], result.GetValue(output), result.GetValue(noSave), ct);
            }
            if (stored)
            {
                throw new ArgumentException("--data mines your own file; --scope, --from, --to, --segment and --no-save choose and store stored orders: give one or the other.");
            }
            if (result.GetValue(basket) is null || result.GetValue(item) is null)
            {
                throw new ArgumentException("--data needs --basket and --item: the columns naming the basket and the item.");
            }
            var support = result.GetValue(minSupport);
            if (!(support > 0 && support <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--min-support must be in (0, 1] (a share of baskets, 0.01 = 1 %), not {support}."));
            }
            var confidence = result.GetValue(minConfidence);
            if (!(confidence >= 0 && confidence <= 1))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--min-confidence must be in [0, 1], not {confidence}."));
            }
            if (result.GetValue(maxLength) is < 1 and var ml)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--max-length must be at least 1, not {ml}."));
            }
            if (result.GetValue(top) is < 1 and var k)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--top must be at least 1, not {k}."));
            }
            var table = TableFile.Read(result.GetValue(data)!.FullName);
            foreach (var reject in table.Rejected.Take(5))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {reject.Line} skipped: {reject.Reason}"));
            }
            if (table.Rejected.Count > 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.Rejected.Count} line(s) of '{table.Path}' were not read (see above)."));
            }
            var baskets = TableRules.ReadBaskets(table, result.GetValue(basket)!, result.GetValue(item)!, result.GetValue(exclude));
            int? itemId = null;
            if (result.GetValue(withItem) is { } name)
            {
                var id = baskets.IdOf(name);
                itemId = id >= 0 ? id : throw new ArgumentException($"--with-item: no basket holds the item '{name}'.");
            }
            var metric = Enum.Parse<RuleMetric>(result.GetValue(by)!, ignoreCase: true);
            var itemsetOptions = new ItemsetOptions
            {
                MinSupport = support,
                MaxLength = result.GetValue(maxLength),
                Algorithm = Algorithm(result.GetValue(algorithm)!),
            };
            var ruleOptions = new RuleOptions
            {
                MinConfidence = confidence,
                MinLift = result.GetValue(minLift),
                MaxLength = result.GetValue(maxLength) is { } m ? Math.Max(2, m) : null,
                Item = itemId,
                Top = result.GetValue(top),
                By = metric,
            };
            var mined = TableRules.Mine(baskets, itemsetOptions, ruleOptions);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{baskets.Count} baskets, {baskets.ItemCount} items: {mined.Itemsets.Itemsets.Count} frequent itemsets ({itemsetOptions.Algorithm}, min count {mined.Itemsets.MinCount}) in {mined.MiningSeconds:0.000} s; {mined.Rules.Count} rules in {mined.RuleSeconds:0.000} s"));
            var rows = mined.Rules.Select(r => RuleLine.From(r, mined.Itemsets)).ToList();
            var format = result.GetValue(CliOptions.Format);
            if (result.GetValue(output) is { } file)
            {
                WriteCsv(file.FullName, rows);
                ResultWriter.WriteObject(new RulesSummary(baskets.Count, baskets.ItemCount, mined.Itemsets.Itemsets.Count,
                    mined.Itemsets.MinCount, rows.Count, itemsetOptions.Algorithm.ToString(), mined.MiningSeconds, file.FullName), format, "Rules");
            }
            else
            {
                ResultWriter.WriteRows(rows, format, string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules by {metric}"));
            }
            return 0;
        });
        return command;
    }

    /// <summary>--scope values (country=…, from=…, to=…, segment=…) merged with --from, --to and --segment.</summary>
    static RuleScope ParseScope(string[] values, DateOnly? from, DateOnly? to, string? segment)
    {
        var scope = new RuleScope { From = from, To = to, Segment = segment };
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? value[..eq].Trim().ToLowerInvariant() : "";
            var text = eq > 0 ? value[(eq + 1)..].Trim() : "";
            if (text.Length == 0)
            {
                throw new ArgumentException($"--scope '{value}': give key=value with a key of country, from, to or segment, e.g. --scope country=\"United Kingdom\".");
            }
            scope = key switch
            {
                "country" => scope with { Country = text },
                "segment" => scope with { Segment = text },
                "from" => scope with { From = Day(text, value) },
                "to" => scope with { To = Day(text, value) },
                _ => throw new ArgumentException($"--scope '{value}': unknown key '{key}'; use country, from, to or segment."),
            };
        }
        return scope;

        static DateOnly Day(string text, string value) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new ArgumentException($"--scope '{value}': '{text}' is not a date (yyyy-MM-dd).");
    }

    static async Task<int> RunStoredAsync(ParseResult result, RuleScope scope, double support, string algorithm, double confidence,
        double? minLift, int? maxLength, int? top, string by, string? withItem, string[] exclude, FileInfo? output, bool noSave, CancellationToken ct)
    {
        var options = new MineRulesOptions
        {
            MinSupport = support,
            Algorithm = Algorithm(algorithm),
            MinConfidence = confidence,
            MinLift = minLift,
            MaxLength = maxLength,
            Top = top,
            By = Enum.Parse<RuleMetric>(by, ignoreCase: true),
            ExcludeItems = exclude,
            Scope = scope,
        };
        if (options.Check() is { } bad)
        {
            throw new ArgumentException($"--{Flag(bad.Field)}: {bad.Rule}");
        }
        var run = await new MineOrderRules(CliOptions.ExistingDatabaseFrom(result)).ExecuteAsync(options, !noSave, ct: ct);
        CliRunner.Messages.WriteLine(Summary(run));
        if (!noSave)
        {
            CliRunner.Messages.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored run {run.RunId} as {run.Version} (as of {run.AsOf:yyyy-MM-dd})"));
        }
        var rows = run.Rules
            .Where(r => withItem is null || r.Antecedent.Contains(withItem, StringComparer.Ordinal) || r.Consequent.Contains(withItem, StringComparer.Ordinal))
            .Select(RuleLine.From).ToList();
        var format = result.GetValue(CliOptions.Format);
        if (output is not null)
        {
            WriteCsv(output.FullName, rows);
            ResultWriter.WriteObject(new StoredRulesSummary(run.RunId, run.Version, run.AsOf, scope.Describe(), run.Baskets, run.Customers,
                run.Items, run.Itemsets, run.MinCount, rows.Count, MineOrderRules.Name(options.Algorithm), output.FullName), format, "Rules");
        }
        else
        {
            ResultWriter.WriteRows(rows, format, string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules by {options.By} ({scope.Describe()})"));
        }
        return 0;
    }

    /// <summary>A stored run as <c>valora demo</c> shows it: the summary line and its best <paramref name="show"/> rules.</summary>
    public static void Print(RulesRun run, OutputFormat format, int show)
    {
        ArgumentNullException.ThrowIfNull(run);
        CliRunner.Messages.WriteLine(Summary(run));
        var rows = run.Rules.Take(show).Select(RuleLine.From).ToList();
        ResultWriter.WriteRows(rows, format, string.Create(CultureInfo.InvariantCulture,
            $"The {rows.Count} best of {run.Rules.Count} rules by {run.Options.By.ToString().ToLowerInvariant()} ({run.Options.Scope.Describe()})"));
    }

    static string Summary(RulesRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{run.Options.Scope.Describe()}: {run.Baskets} orders of {run.Customers} customers, {run.Items} items: {run.Itemsets} frequent itemsets ({run.Options.Algorithm}, min count {run.MinCount}) in {run.MiningSeconds:0.000} s; {run.Rules.Count} rules{(run.Truncated ? $" (the best {MineOrderRules.MaxStoredRules} kept)" : "")}");

    static MiningAlgorithm Algorithm(string name) => name switch
    {
        "apriori" => MiningAlgorithm.Apriori,
        "eclat" => MiningAlgorithm.Eclat,
        _ => MiningAlgorithm.FpGrowth,
    };

    /// <summary>An options field as its flag: minSupport → min-support; from, to, segment, country as the scope's.</summary>
    static string Flag(string field) => field switch
    {
        "country" => "scope country",
        "excludeItems" => "exclude-item",
        _ => string.Concat(field.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString())),
    };

    /// <summary>Full precision ("R"): what the file holds reads back as the same doubles.</summary>
    static void WriteCsv(string path, List<RuleLine> rows)
    {
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            writer.WriteLine("antecedent,consequent,count,support,antecedent_support,consequent_support,confidence,lift,leverage,conviction,zhang,jaccard,certainty,kulczynski");
            foreach (var r in rows)
            {
                var values = new[] { r.Support, r.AntecedentSupport, r.ConsequentSupport, r.Confidence, r.Lift, r.Leverage, r.Conviction, r.Zhang, r.Jaccard, r.Certainty, r.Kulczynski };
                writer.Write(Quote(r.Antecedent));
                writer.Write(',');
                writer.Write(Quote(r.Consequent));
                writer.Write(',');
                writer.Write(r.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var v in values)
                {
                    writer.Write(',');
                    writer.Write(double.IsPositiveInfinity(v) ? "inf" : v.ToString("R", CultureInfo.InvariantCulture));
                }
                writer.WriteLine();
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>A rule as printed: items by name, sides joined by a space in id order of the input.</summary>
    sealed record RuleLine(string Antecedent, string Consequent, int Count, double Support, double AntecedentSupport,
        double ConsequentSupport, double Confidence, double Lift, double Leverage, double Conviction, double Zhang,
        double Jaccard, double Certainty, double Kulczynski)
    {
        public static RuleLine From(AssociationRule r, FrequentItemsets sets) => new(
            string.Join(' ', sets.Names(r.Antecedent).Order(StringComparer.Ordinal)),
            string.Join(' ', sets.Names(r.Consequent).Order(StringComparer.Ordinal)),
            r.Count, r.Support, r.AntecedentSupport, r.ConsequentSupport, r.Confidence, r.Lift, r.Leverage, r.Conviction,
            r.Zhang, r.Jaccard, r.Certainty, r.Kulczynski);

        public static RuleLine From(RuleView r) => new(string.Join(' ', r.Antecedent), string.Join(' ', r.Consequent),
            r.Count, r.Support, r.AntecedentSupport, r.ConsequentSupport, r.Confidence, r.Lift, r.Leverage,
            r.Conviction ?? double.PositiveInfinity, r.Zhang, r.Jaccard, r.Certainty, r.Kulczynski);
    }

    sealed record RulesSummary(int Baskets, int Items, int Itemsets, int MinCount, int Rules, string Algorithm,
        double MiningSeconds, string Out);

    sealed record StoredRulesSummary(long RunId, string Version, DateOnly AsOf, string Scope, int Baskets, int Customers, int Items,
        int Itemsets, int MinCount, int Rules, string Algorithm, string Out);
}
