using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The customer list (search, paging) and the customer 360 page opened from a search.</summary>
[Collection(DashboardCollection.Name)]
public sealed class CustomersPagesTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Customers_SearchThenOpen_ShowsTheCustomer360()
    {
        var page = await fixture.OpenAsync("customers");
        await DashboardFixture.WaitForInteractivityAsync(page);
        var rows = page.Locator(".customers tbody tr.mud-table-row");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.customers tbody tr.mud-table-row').length === 25");
        Assert.Equal("300 customers", await page.InnerTextAsync("[data-value='matches']"));
        await DashboardFixture.ScreenshotAsync(page, "customers");

        // Page 2 holds other customers.
        var firstId = await rows.First.Locator("td").First.InnerTextAsync();
        await page.ClickAsync(".mud-table-pagination-actions button[aria-label='Next page']");
        await page.WaitForFunctionAsync($"() => document.querySelector('.customers tbody tr.mud-table-row td')?.innerText !== '{firstId}'");

        // Search by the external id of a customer on page 2: exactly that customer is left.
        var externalId = await rows.Nth(3).Locator("td").First.InnerTextAsync();
        var name = await rows.Nth(3).Locator("td a").InnerTextAsync();
        await page.FillAsync(".customer-search input", externalId);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.customers tbody tr.mud-table-row').length === 1");
        Assert.Equal("1 customer", await page.InnerTextAsync("[data-value='matches']"));
        Assert.Equal(externalId, await rows.First.Locator("td").First.InnerTextAsync());

        await rows.First.Locator("td a").ClickAsync();
        await page.WaitForSelectorAsync("[data-value='customer-name']");
        Assert.Equal(name, await page.InnerTextAsync("[data-value='customer-name']"));
        var orders = int.Parse(await page.InnerTextAsync("[data-value='orders']"), CultureInfo.InvariantCulture);
        Assert.True(orders > 0, "the demo customer has no orders");
        Assert.Equal(Math.Min(orders, 10), await page.Locator(".order-table tbody tr.mud-table-row").CountAsync());
        Assert.True(await page.Locator(".customer-timeline .mud-timeline-item").CountAsync() >= Math.Min(orders, 30), "the timeline misses orders");
        // Latest scores with their as-of dates: RFM and CLV from the first-start analysis.
        var metrics = await page.Locator(".score-table tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Contains("clv", metrics);
        Assert.Contains("rfm_segment", metrics);
        var asOf = await page.Locator(".score-table tbody tr td:nth-child(3)").First.InnerTextAsync();
        Assert.True(DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"as-of '{asOf}'");
        await DashboardFixture.ScreenshotAsync(page, "customer-360");
    }
}
