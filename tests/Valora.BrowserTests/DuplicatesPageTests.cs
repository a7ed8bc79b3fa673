using System.Globalization;
using Microsoft.Playwright;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>
/// The Duplicates page on the demo: the planted pairs listed with their scores, a preview whose row counts are the
/// stored ones, a merge through the page checked in the database, and its undo putting the customer and its rows back.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DuplicatesPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task Duplicates_OnTheDemo_ListsThePlantedPairsAndMergesAndUndoesOne()
    {
        var page = await fixture.OpenAsync("duplicates");
        Assert.True(await page.Locator(".mud-drawer a[href='/duplicates']").CountAsync() == 1, "no Duplicates link in the drawer");

        // The demo (300 customers) plants customers 100, 200 and 300 as duplicates of 99, 199 and 299: the same contact
        // details written differently (score 1), a surname typo with the same phone, the name reversed with the same
        // e-mail (0.75 / 0.875 = 0.857).
        var planted = new[] { ("C0000099", "C0000100"), ("C0000199", "C0000200"), ("C0000299", "C0000300") };
        foreach (var (first, second) in planted)
        {
            Assert.True(await page.Locator($".duplicates-table td[data-pair='{first}|{second}']").CountAsync() == 1, $"{first} / {second} not listed");
        }
        var scores = await page.Locator(".duplicates-table [data-value='score']").AllInnerTextsAsync();
        Assert.Equal("1.000", scores[0]);
        Assert.Contains("0.857", scores);
        await DashboardFixture.ScreenshotAsync(page, "duplicates");

        var survivorId = Scalar("SELECT Id FROM Customers WHERE ExternalId = 'C0000099'");
        var mergedId = Scalar("SELECT Id FROM Customers WHERE ExternalId = 'C0000100'");
        var survivorOrders = Scalar($"SELECT COUNT(*) FROM Orders WHERE CustomerId = {survivorId}");
        var orders = Scalar($"SELECT COUNT(*) FROM Orders WHERE CustomerId = {mergedId}");
        var row = page.Locator(".duplicates-table tbody tr", new() { Has = page.Locator("td[data-pair='C0000099|C0000100']") });
        await row.Locator(".preview-merge").ClickAsync();
        await page.WaitForSelectorAsync($".merge-preview[data-survivor='{survivorId}'][data-merged='{mergedId}']");
        Assert.Equal(orders.ToString(CultureInfo.InvariantCulture), await page.InnerTextAsync(".merge-tables tr[data-table='Orders'] [data-value='moved']"));
        Assert.Equal("survivor", await page.GetAttributeAsync(".merge-fields tr[data-field='email']", "data-winner"));

        await page.ClickAsync(".do-merge");
        await page.WaitForSelectorAsync(".merge-message[data-failed='false']");
        Assert.Equal(0L, Scalar($"SELECT COUNT(*) FROM Customers WHERE Id = {mergedId}"));
        Assert.Equal(survivorOrders + orders, Scalar($"SELECT COUNT(*) FROM Orders WHERE CustomerId = {survivorId}"));
        var mergeId = Scalar($"SELECT Id FROM CustomerMerges WHERE MergedId = {mergedId} AND UndoneAt IS NULL");
        Assert.Equal(0, await page.Locator(".duplicates-table td[data-pair='C0000099|C0000100']").CountAsync());

        var merge = page.Locator(".merges-table tbody tr", new() { Has = page.Locator($"td[data-merge='{mergeId}']") });
        await merge.Locator(".undo-merge").ClickAsync();
        await page.WaitForFunctionAsync("id => { const c = document.querySelector(`.merges-table td[data-merge='${id}']`); return c && c.parentElement.querySelector(\"[data-value='state']\").textContent.trim().startsWith('undone'); }", mergeId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM Customers WHERE Id = {mergedId} AND ExternalId = 'C0000100'"));
        Assert.Equal((orders, survivorOrders), (Scalar($"SELECT COUNT(*) FROM Orders WHERE CustomerId = {mergedId}"), Scalar($"SELECT COUNT(*) FROM Orders WHERE CustomerId = {survivorId}")));
        Assert.Equal(1L, Scalar($"SELECT COUNT(*) FROM CustomerMerges WHERE Id = {mergeId} AND UndoneAt IS NOT NULL AND UndoneBy = '{ServerProcess.AdminUserName}'"));
        await page.WaitForSelectorAsync(".duplicates-table td[data-pair='C0000099|C0000100']");

        // From the customer's page: its own pairs only.
        var customer = await fixture.OpenAsync($"customers/{mergedId}");
        await customer.ClickAsync(".find-duplicates");
        await customer.WaitForSelectorAsync($".duplicates-customer[data-customer='{mergedId}']");
        await customer.WaitForFunctionAsync("() => document.querySelectorAll('.duplicates-table tbody tr').length === 1");
        Assert.Equal(1, await customer.Locator(".duplicates-table td[data-pair='C0000099|C0000100']").CountAsync());
    }

    long Scalar(string sql)
    {
        using var db = fixture.OpenDatabase();
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
