using System.Net;
using System.Text.RegularExpressions;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Dashboard;

public sealed partial class HomePageTests(OverviewFixture fixture) : IClassFixture<OverviewFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Home_RendersEveryCountAsHtml()
    {
        using var response = await _client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        var shown = CountPattern().Matches(html).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
        // The page names the tiles in kebab case; the API in camel case.
        Assert.Equal(OverviewData.Expected.Count, shown.Count);
        foreach (var (key, count) in OverviewData.Expected)
        {
            var kebab = key == "orderLines" ? "order-lines" : key;
            Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), shown[kebab]);
        }
    }

    [Fact]
    public async Task Home_LinksToApiReferenceAndHealthAndLoadsOnlyLocalStylesheets()
    {
        var html = await _client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("href=\"/scalar\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/health\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var stylesheets = StylesheetPattern().Matches(html).Select(m => m.Groups["href"].Value).ToList();
        // MudBlazor (from its package), app.css and the scoped bundle.
        Assert.Equal(3, stylesheets.Count);
        foreach (var href in stylesheets)
        {
            using var css = await _client.GetAsync(new Uri("/" + href.TrimStart('/'), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        }
    }

    [GeneratedRegex("""data-count="(?<key>[a-z-]+)"[^>]*>(?<value>[0-9,]+)<""")]
    private static partial Regex CountPattern();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex StylesheetPattern();
}
