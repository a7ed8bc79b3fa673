using System.Globalization;
using System.Text.Json;
using Valora.TestSupport;

namespace Valora.Cli.Tests.Commands;

/// <summary>
/// <c>valora rules --data</c> on UCI Online Retail. The test writes the cleaned United Kingdom lines (no "C"
/// invoices, a customer, quantity and price &gt; 0, stock code starting with five digits) as a two-column CSV, and the
/// tool must find the 248 itemsets at 2 % and the pandas peer's 86 rules (bench/peers/baskets.py), best by
/// lift 22697 → 22698 22699 at 24.119178654925847.
/// </summary>
[Trait("Issue", "14")]
public sealed class RulesCommandTests : IDisposable
{
    const string File = "online-retail/online_retail.csv";
    readonly string _dir = Directory.CreateTempSubdirectory("valora-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RealDataFact(File)]
    public async Task Rules_OnlineRetailUnitedKingdom_FindsThePeersItemsetsAndRulesAndWritesTheCsv()
    {
        var lines = Path.Combine(_dir, "uk.csv");
        WriteCleanedLines(lines, "United Kingdom");
        var output = Path.Combine(_dir, "rules.csv");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "invoice",
            "--item", "sku", "--min-support", "0.02", "--out", output, "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var summary = json.RootElement;
        Assert.Equal(16579, summary.GetProperty("baskets").GetInt32());
        Assert.Equal(248, summary.GetProperty("itemsets").GetInt32());
        Assert.Equal(86, summary.GetProperty("rules").GetInt32());

        var csv = System.IO.File.ReadAllLines(output);
        Assert.Equal(87, csv.Length);
        Assert.StartsWith("antecedent,consequent,count,support,", csv[0], StringComparison.Ordinal);
        // Two rules tie on the best lift; the one from 22697 is the peer's 341-basket rule.
        var best = csv.Skip(1).Take(2).Select(l => l.Split(',')).Single(f => f[0] == "22697");
        Assert.Equal("22698 22699", best[1]);
        Assert.Equal("341", best[2]);
        Assert.Equal(0.55718954248366, double.Parse(best[6], CultureInfo.InvariantCulture), 12);
        Assert.Equal(24.119178654925847, double.Parse(best[7], CultureInfo.InvariantCulture), 12);
    }

    [RealDataFact(File)]
    public async Task Rules_TopByConfidenceWithAnItem_PrintsOnlyThoseRules()
    {
        var lines = Path.Combine(_dir, "uk.csv");
        WriteCleanedLines(lines, "United Kingdom");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "invoice",
            "--item", "sku", "--min-support", "0.02", "--with-item", "22697", "--by", "confidence", "--top", "3", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Contains("22697", r.GetProperty("antecedent").GetString() + " " + r.GetProperty("consequent").GetString(), StringComparison.Ordinal));
        var confidences = rows.Select(r => r.GetProperty("confidence").GetDouble()).ToList();
        Assert.Equal(confidences.OrderDescending(), confidences);
    }

    [Fact]
    public async Task Rules_UnknownColumnOrBadSupport_FailsNamingTheOption()
    {
        var lines = Path.Combine(_dir, "small.csv");
        System.IO.File.WriteAllText(lines, "invoice,sku\n1,a\n1,b\n2,a\n");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "order", "--item", "sku");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("--basket", stderr, StringComparison.Ordinal);
        Assert.Contains("order", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "invoice", "--item", "sku", "--min-support", "0");
        Assert.Equal(1, code);
        Assert.Contains("--min-support must be in (0, 1]", stderr, StringComparison.Ordinal);

        System.IO.File.WriteAllText(lines, "invoice,sku\n1,a\n,b\n");
        (code, _, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "invoice", "--item", "sku");
        Assert.Equal(1, code);
        Assert.Contains("line 3: column 'invoice' is empty", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_TinyTable_CountsAWorkedExample()
    {
        // Baskets {a,b}, {a,b,c}, {a}, {b,c}: s(a)=s(b)=3/4, s(a,b)=1/2, so a → b has confidence 2/3 and lift 8/9.
        var lines = Path.Combine(_dir, "tiny.csv");
        System.IO.File.WriteAllText(lines, "invoice,sku\n1,a\n1,b\n1,b\n2,a\n2,b\n2,c\n3,a\n4,b\n4,c\n");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("rules", "--data", lines, "--basket", "invoice",
            "--item", "sku", "--min-support", "0.5", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var ab = json.RootElement.EnumerateArray().Single(r => r.GetProperty("antecedent").GetString() == "a" && r.GetProperty("consequent").GetString() == "b");
        Assert.Equal(2, ab.GetProperty("count").GetInt32());
        Assert.Equal(2.0 / 3, ab.GetProperty("confidence").GetDouble(), 12);
        Assert.Equal(8.0 / 9, ab.GetProperty("lift").GetDouble(), 12);
    }

    /// <summary>The cleaning, read with a plain quoted-CSV split independent of the tool's reader.</summary>
    static void WriteCleanedLines(string path, string country)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("invoice,sku");
        foreach (var raw in System.IO.File.ReadLines(SharedData.PathOf(File)).Skip(1))
        {
            var f = Split(raw);
            var code = f[1];
            if (f[0].StartsWith('C') || f[6].Length == 0 || f[7] != country || code.Length < 5
                || code.AsSpan(0, 5).ContainsAnyExceptInRange('0', '9')
                || int.Parse(f[3], CultureInfo.InvariantCulture) <= 0 || double.Parse(f[5], CultureInfo.InvariantCulture) <= 0)
            {
                continue;
            }
            writer.Write(f[0]);
            writer.Write(',');
            writer.WriteLine(code);
        }
    }

    internal static string[] Split(string line)
    {
        var fields = new List<string>(8);
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (ch == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
