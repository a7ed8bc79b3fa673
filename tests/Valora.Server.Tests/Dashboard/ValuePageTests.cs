using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Valora.Data;
using Valora.Domain.Scores;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Dashboard;

/// <summary>
/// Three customers with saved scores: CLV 100 (Alice), 10 (Carl) and 50 (Bob); RFM segments Champions, Lost,
/// Champions. Written straight to the runs and scores tables, as a scoring run would.
/// </summary>
public sealed class ValuePageFixture : ServerFixture
{
    protected override async Task InsertAsync(ValoraDbContext db)
    {
        (string Name, double Clv, string Segment)[] rows = [("Alice", 100, "Champions"), ("Carl", 10, "Lost"), ("Bob", 50, "Champions")];
        var asOf = new DateOnly(2025, 6, 30);
        foreach (var (name, clv, segment) in rows)
        {
            var id = await SalesData.CustomerAsync(db, name);
            db.Customers.Find(id)!.Name = name;
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "clv", Value = clv, ModelVersion = "bgnbd-test+gammagamma" });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "clv_p_alive", Value = 0.5, ModelVersion = "bgnbd-test+gammagamma" });
            db.CustomerScores.Add(new CustomerScore { CustomerId = id, AsOf = asOf, Metric = "rfm_segment", Label = segment, ModelVersion = "rfm-b5-total" });
        }
        db.AnalysisRuns.Add(new AnalysisRun { Model = "clv", Version = "bgnbd-test+gammagamma", AsOf = asOf, Customers = 3, ParametersJson = "{}", SummaryJson = "{}" });
        db.AnalysisRuns.Add(new AnalysisRun { Model = "rfm", Version = "rfm-b5-total", AsOf = asOf, Customers = 3, ParametersJson = "{}", SummaryJson = "{}" });
        await db.SaveChangesAsync();
    }
}

public sealed partial class ValuePageTests(ValuePageFixture fixture) : IClassFixture<ValuePageFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Value_WithScores_RendersSegmentBarsLorenzHistogramAndTopTable()
    {
        using var response = await _client.GetAsync(new Uri("/value", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        // Three library charts (MudBlazor), prerendered as SVG: segment bars, Lorenz curve, CLV histogram.
        Assert.Equal(3, ChartPattern().Count(html));
        var segments = Chart(html, "segments-chart");
        Assert.Contains(">Champions</text>", segments, StringComparison.Ordinal);
        Assert.Contains(">Lost</text>", segments, StringComparison.Ordinal);
        // One bar per segment, largest first: Champions (2 customers) is twice as tall as Lost (1).
        var bars = BarPattern().Matches(segments).Select(m => double.Parse(m.Groups["base"].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups["top"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, bars.Count);
        Assert.Equal(2.0, bars[0] / bars[1], 3);
        // The Lorenz curve (first series) starts at 0 % and ends at 100 %, where the equal-shares line ends too.
        var lorenz = Chart(html, "lorenz-chart");
        var points = PointPattern().Matches(lorenz).Select(m => (Series: m.Groups["stroke"].Value, Y: double.Parse(m.Groups["cy"].Value, CultureInfo.InvariantCulture))).ToList();
        var series = points.Select(p => p.Series).Distinct().ToList();
        Assert.Equal(2, series.Count);
        var curve = points.Where(p => p.Series == series[0]).Select(p => p.Y).ToList();
        var diagonal = points.Where(p => p.Series == series[1]).Select(p => p.Y).ToList();
        Assert.Equal(diagonal[0], curve[0], 3);
        Assert.Equal(diagonal[^1], curve[^1], 3);
        Assert.True(curve[0] > curve[^1], "the Lorenz curve does not rise");
        // Top customers by CLV, highest first.
        var names = RowNamePattern().Matches(html).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal(["Alice", "Bob", "Carl"], names);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_NavigationLinksToTheValuePage()
    {
        var html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("href=\"/value\"", html, StringComparison.Ordinal);
    }

    /// <summary>The markup of the chart whose class is given, up to the next chart.</summary>
    static string Chart(string html, string chartClass)
    {
        var start = html.IndexOf(chartClass + "\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {chartClass}");
        var next = ChartPattern().Match(html, start + chartClass.Length);
        return next.Success ? html[start..next.Index] : html[start..];
    }

    [GeneratedRegex("class=\"mud-chart [^\"]*-chart\"")]
    private static partial Regex ChartPattern();

    [GeneratedRegex("<path class=\"mud-chart-bar\"[^>]* d=\"M [0-9.]+ (?<base>[0-9.]+) L [0-9.]+ (?<top>[0-9.]+)\"")]
    private static partial Regex BarPattern();

    [GeneratedRegex("<circle class=\"mud-chart-serie mud-chart-point[^\"]*\"[^>]* stroke=\"(?<stroke>[^\"]+)\"[^>]* cy=\"(?<cy>[0-9.]+)\"")]
    private static partial Regex PointPattern();

    [GeneratedRegex("<a href=\"/customers/\\d+\"[^>]*>(?<name>[^<]+)</a>")]
    private static partial Regex RowNamePattern();
}

public sealed class ValuePageEmptyTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Fact]
    public async Task Value_WithoutScores_SaysHowToGetThemAndDrawsNoChart()
    {
        using var client = fixture.CreateClient();

        var html = await client.GetStringAsync(new Uri("/value", UriKind.Relative));

        Assert.Contains("No RFM scores yet", html, StringComparison.Ordinal);
        Assert.Contains("No CLV scores yet", html, StringComparison.Ordinal);
        Assert.Contains("/api/clv/fit", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"mud-chart ", html, StringComparison.Ordinal);
    }
}
