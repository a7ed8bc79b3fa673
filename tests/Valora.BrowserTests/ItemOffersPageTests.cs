using System.Globalization;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The customer page's item-based offers, stored at first start, against the stored recommend_* scores.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ItemOffersPageTests(DashboardFixture fixture)
{
    [BrowserFact]
    public async Task CustomerPage_ShowsTheStoredItemOffersWithTheirReasons()
    {
        long customer;
        var expected = new List<(string Sku, double Score, string Because)>();
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT CustomerId FROM CustomerScores WHERE Metric = 'recommend_3' ORDER BY CustomerId LIMIT 1";
            customer = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            for (var rank = 1; rank <= 3; rank++)
            {
                using var read = db.CreateCommand();
                read.CommandText = $"""
                    SELECT p.Label, s.Value, b.Label FROM CustomerScores p
                    JOIN CustomerScores s ON s.CustomerId = p.CustomerId AND s.Metric = 'recommend_{rank}_score' AND s.ModelVersion = p.ModelVersion
                    JOIN CustomerScores b ON b.CustomerId = p.CustomerId AND b.Metric = 'recommend_{rank}_because' AND b.ModelVersion = p.ModelVersion
                    WHERE p.CustomerId = {customer} AND p.Metric = 'recommend_{rank}'
                    """;
                using var r = read.ExecuteReader();
                Assert.True(r.Read(), $"no stored offer {rank}");
                expected.Add((r.GetString(0), r.GetDouble(1), r.GetString(2)));
            }
        }
        var page = await fixture.OpenAsync($"customers/{customer.ToString(CultureInfo.InvariantCulture)}");
        var rows = page.Locator(".item-offer-table tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Sku, await rows.Nth(i).Locator("[data-value='sku']").InnerTextAsync());
            Assert.Equal(expected[i].Score.ToString("0.000", CultureInfo.InvariantCulture), await rows.Nth(i).Locator("[data-value='score']").InnerTextAsync());
            var because = await rows.Nth(i).Locator("[data-value='because']").InnerTextAsync();
            Assert.Equal(expected[i].Because == "popular" ? "popular with all customers" : $"similar to {expected[i].Because}, which they bought", because);
        }
    }
}
