using System.Globalization;
using System.Text.Json;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Forecast page on the weekly revenue forecast the server makes of the demo at first start.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ForecastPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Forecast_OnTheDemo_ShowsTheStoredForecastItsErrorsAndTheChart()
    {
        var page = await fixture.OpenAsync("forecast");

        Assert.True(await page.Locator(".mud-drawer a[href='/forecast']").CountAsync() == 1, "no Forecast link in the drawer");
        (string Version, string AsOf, string Summary) run;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            run = StoredScores.LatestRun(db, "forecast");
        }
        Assert.Equal("hw1-revenue-week", run.Version);
        using var summary = JsonDocument.Parse(run.Summary);
        var root = summary.RootElement;
        var currency = root.GetProperty("currency").GetString();
        string Money(double v) => $"{v.ToString("N0", CultureInfo.InvariantCulture)} {currency}";

        Assert.Equal(run.AsOf, await page.InnerTextAsync("[data-value='as-of']"));
        Assert.Equal(root.GetProperty("chosen").GetString(), await page.InnerTextAsync("[data-value='chosen']"));
        var forecast = root.GetProperty("forecast").EnumerateArray().ToArray();
        Assert.Equal(Money(forecast.Sum(p => p.GetProperty("mean").GetDouble())), await page.InnerTextAsync("[data-value='total']"));
        var rows = page.Locator(".forecast-periods tbody tr");
        Assert.Equal(forecast.Length, await rows.CountAsync());
        for (var i = 0; i < forecast.Length; i++)
        {
            var row = rows.Nth(i);
            Assert.Equal(forecast[i].GetProperty("start").GetString(), await row.Locator("[data-start]").GetAttributeAsync("data-start"));
            foreach (var field in new[] { "mean", "lower", "upper", "baseline" })
            {
                Assert.Equal(Money(forecast[i].GetProperty(field).GetDouble()), await row.Locator($"[data-value='{field}']").InnerTextAsync());
            }
        }
        foreach (var method in root.GetProperty("holdout").EnumerateArray())
        {
            var row = page.Locator(".forecast-errors tbody tr", new() { Has = page.Locator($"[data-method='{method.GetProperty("method").GetString()}']") });
            Assert.Equal(Money(method.GetProperty("mae").GetDouble()), await row.Locator("[data-value='mae']").InnerTextAsync());
        }
        Assert.Equal(root.GetProperty("beatsBaseline").GetBoolean() ? "true" : "false", await page.GetAttributeAsync(".forecast-verdict", "data-beats"));
        // Actual-then-forecast, the two bounds and seasonal naive.
        Assert.Equal(4, await page.Locator(".forecast-chart path.mud-chart-line").CountAsync());
        await DashboardFixture.ScreenshotAsync(page, "forecast");
    }
}
