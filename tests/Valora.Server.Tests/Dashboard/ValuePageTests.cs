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
        Assert.Equal(3, SvgPattern().Count(html));
        Assert.Contains("Champions: 2", html, StringComparison.Ordinal);
        Assert.Contains("Lost: 1", html, StringComparison.Ordinal);
        Assert.Contains("class=\"lorenz\"", html, StringComparison.Ordinal);
        // The Lorenz polyline starts at the bottom-left corner and ends at the top-right one.
        var points = LorenzPattern().Match(html).Groups["points"].Value.Split(' ');
        Assert.Equal("0,280", points[0]);
        Assert.Equal("280,0", points[^1]);
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

    [GeneratedRegex("<svg ")]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<polyline class=\"lorenz\" points=\"(?<points>[^\"]+)\"")]
    private static partial Regex LorenzPattern();

    [GeneratedRegex("<a href=\"/api/customers/\\d+\"[^>]*>(?<name>[^<]+)</a>")]
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
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
    }
}
