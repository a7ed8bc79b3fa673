using System.CommandLine;
using System.Globalization;
using System.Text;
using Valora.Analytics.Baskets;
using Valora.Data.Baskets;
using Valora.Data.Tables;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora rules --data lines.csv --basket COL --item COL</c>: frequent itemsets and association rules of a table of
/// (basket, item) lines.
/// </summary>
public static class RulesCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "CSV of lines, one (basket, item) per row, with a header", Required = true };
        var basket = new Option<string>("--basket") { Description = "Column naming the basket (e.g. the invoice)", Required = true };
        var item = new Option<string>("--item") { Description = "Column naming the item (e.g. the product code)", Required = true };
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
        var command = new Command("rules", "Frequent itemsets (FP-Growth, Apriori, Eclat) and association rules of your own basket lines")
        {
            data, basket, item, minSupport, algorithm, minConfidence, minLift, maxLength, top, by, withItem, exclude, output,
        };
        command.SetAction((result, ct) =>
        {
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
                Algorithm = result.GetValue(algorithm) switch
                {
                    "apriori" => MiningAlgorithm.Apriori,
                    "eclat" => MiningAlgorithm.Eclat,
                    _ => MiningAlgorithm.FpGrowth,
                },
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
            return Task.FromResult(0);
        });
        return command;
    }

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
    }

    sealed record RulesSummary(int Baskets, int Items, int Itemsets, int MinCount, int Rules, string Algorithm,
        double MiningSeconds, string Out);
}
