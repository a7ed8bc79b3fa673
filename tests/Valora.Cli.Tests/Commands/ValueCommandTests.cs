using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora value concentration</c>, <c>valora rfm --customers</c> columns and the CLI's words for data that cannot be analysed.</summary>
public sealed class ValueCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-cli-value-").FullName;

    string Db => Path.Combine(_dir, "value.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    async Task ImportFourCustomersAsync()
    {
        // Profits (no costs) 10, 20, 30 and 40 from one order each.
        var csv = Path.Combine(_dir, "orders.csv");
        await File.WriteAllTextAsync(csv,
            "order_id,customer_id,order_date,sku,quantity,unit_price\nO1,A,2024-01-02,S,1,10\nO2,B,2024-01-03,S,1,20\nO3,C,2024-01-04,S,1,30\nO4,D,2024-01-05,S,1,40\n");
        var import = await ValoraProcess.RunAsync("import", "orders", csv, "--db", Db, "--create-missing-customers");
        Assert.True(import.Code == 0, import.Err);
    }

    [Fact]
    public async Task Concentration_OfFourKnownProfits_MatchesTheHandComputedGiniAndShares()
    {
        await ImportFourCustomersAsync();

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", Db, "value", "concentration", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        // Sorted x = 10, 20, 30, 40, Σ = 100: G = Σ (2i − n − 1) x_i / (n Σx) = (−30 − 20 + 30 + 120) / 400 = 0.25.
        Assert.Equal(0.25, root.GetProperty("gini").GetDouble(), 12);
        // Top 10 % and 20 % are both ⌈0.4⌉ = ⌈0.8⌉ = 1 customer: 40 / 100. 80 % needs 40 + 30 + 20: 3 of 4 customers.
        Assert.Equal(0.4, root.GetProperty("top10PercentShare").GetDouble(), 12);
        Assert.Equal(0.4, root.GetProperty("top20PercentShare").GetDouble(), 12);
        Assert.Equal(0.75, root.GetProperty("customerFractionFor80PercentOfProfit").GetDouble(), 12);
        Assert.Equal(25m, root.GetProperty("medianProfit").GetDecimal());

        var lorenz = await ValoraProcess.RunAsync("--db", Db, "value", "concentration", "--lorenz", "--format", "csv");
        Assert.True(lorenz.Code == 0, lorenz.Err);
        var lines = lorenz.Out.Trim().Split('\n').Select(l => l.Trim()).ToArray();
        // (0, 0), then each customer from the least: 1/4 → 0.1, 2/4 → 0.3, 3/4 → 0.6, 1 → 1.
        Assert.Equal(["0,0", "0.25,0.1", "0.5,0.3", "0.75,0.6", "1,1"], lines[1..]);
    }

    [Fact]
    public async Task RfmCustomersAsCsv_NamesScoresAndMeasuresApart()
    {
        await ImportFourCustomersAsync();

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", Db, "rfm", "--customers", "--format", "csv", "--no-save");

        Assert.True(code == 0, stderr);
        Assert.Equal("CustomerId,DaysSinceLastPurchase,Orders,Monetary,RecencyScore,FrequencyScore,MonetaryScore,Cell,Segment",
            stdout.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task Concentration_OnAnEmptyDatabase_SaysWhatToRun()
    {
        Assert.Equal(0, (await ValoraProcess.RunAsync("--db", Db, "db", "migrate")).Code);

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("--db", Db, "value", "concentration");

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal("valora: error: Concentration needs completed orders; there are none. Import orders first: valora import orders <file> (or valora demo).",
            stderr.Trim());
    }
}
