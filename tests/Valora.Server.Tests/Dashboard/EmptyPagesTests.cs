using System.Net;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Dashboard;

/// <summary>Every dashboard page on a database with nothing analysed: it answers 200 and says what to run.</summary>
public sealed class EmptyPagesTests(EmptyServerFixture fixture) : IClassFixture<EmptyServerFixture>
{
    [Theory]
    [InlineData("/rfm", "data-empty=\"rfm\"", "valora rfm")]
    [InlineData("/churn", "data-empty=\"churn\"", "valora churn train")]
    [InlineData("/clusters", "data-empty=\"clusters\"", "valora cluster --log1p --standardize")]
    [InlineData("/potential", "data-empty=\"potential\"", "valora potential score")]
    [InlineData("/propensity", "data-empty=\"propensity\"", "valora propensity train")]
    [InlineData("/lifecycle", "data-empty=\"lifecycle\"", "valora lifecycle")]
    [InlineData("/forecast", "data-empty=\"forecast\"", "valora forecast")]
    [InlineData("/cycle", "data-empty=\"cycle\"", "valora cycle")]
    [InlineData("/baskets", "data-empty=\"baskets\"", "valora rules")]
    [InlineData("/pipeline", "data-empty=\"pipeline\"", "valora pipeline report")]
    [InlineData("/duplicates", "data-empty=\"duplicates\"", "valora duplicates --threshold 0.6")]
    [InlineData("/segments", "data-empty=\"segments\"", "valora segment create")]
    [InlineData("/clv", "data-empty=\"purchase-model\"", "valora clv fit --model bgnbd")]
    [InlineData("/clv", "data-empty=\"spend-model\"", "valora clv fit --model gammagamma")]
    [InlineData("/customers/424242", "data-empty=\"customer\"", "no customer with id 424242")]
    public async Task Page_WithoutData_SaysSoAndNamesTheCommand(string path, string marker, string command)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(marker, html, StringComparison.Ordinal);
        Assert.Contains(command, html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"mud-chart ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Layout_ListsEveryPageOfTheNavList()
    {
        using var client = fixture.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        foreach (var page in Valora.Server.Dashboard.Layout.DashboardPages.All)
        {
            Assert.Contains($"href=\"/{page.Href}\"", html, StringComparison.Ordinal);
        }
    }
}
