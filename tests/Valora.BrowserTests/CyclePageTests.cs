using System.Globalization;
using Valora.Data;
using Valora.Data.Cycles;
using Valora.TestSupport;

namespace Valora.BrowserTests;

/// <summary>The Purchase cycles page on the cycles the server computes of the demo at first start (k 1, 30-day window).</summary>
[Collection(DashboardCollection.Name)]
public sealed class CyclePageTests(DashboardFixture fixture)
{
    static string Days(double? d) => d?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";

    static string P(double? p) => p?.ToString("0.000", CultureInfo.InvariantCulture) ?? "–";

    [BrowserFact]
    public async Task Cycle_OnTheDemo_ShowsTheStoredCountsTheMostOverdueCustomerTheChartAndTheCategories()
    {
        var page = await fixture.OpenAsync("cycle");

        Assert.True(await page.Locator(".mud-drawer a[href='/cycle']").CountAsync() == 1, "no Purchase cycles link in the drawer");
        // The stored rows read twice: with the tests' own SQL, and through CycleView as the API and the CLI read them.
        (string Version, string AsOf, string Summary) run;
        Dictionary<long, (double? Value, string? Label)> status, overdueDays;
        CycleRunView view;
        using (var db = fixture.OpenDatabase())
        {
            db.Open();
            run = StoredScores.LatestRun(db, "cycle");
            status = StoredScores.Of(db, run, "cycle_status");
            overdueDays = StoredScores.Of(db, run, "cycle_days_overdue");
            await using var context = ValoraDatabase.Parse(db.ConnectionString).CreateContext();
            view = (await CycleView.LoadAsync(context, overdueOnly: true, top: 20))!;
        }
        Assert.NotNull(view);
        var overdue = status.Values.Count(s => s.Label == "overdue");
        var withRhythm = overdue + status.Values.Count(s => s.Label == "on-track");
        Assert.True(overdue > 0, "the demo has overdue customers");
        Assert.Equal(run.Version, view.Version);
        Assert.Equal(overdue, view.Statuses.Single(s => s.Status == "overdue").Customers);
        Assert.Equal(withRhythm, view.Statuses.Where(s => s.Status != "no-rhythm").Sum(s => s.Customers));

        Assert.Equal(withRhythm.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='with-rhythm']"));
        Assert.Equal(status.Count.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='scored']"));
        Assert.Equal(view.Scored, status.Count);
        Assert.Equal(overdue.ToString("N0", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='overdue']"));
        Assert.Equal(((double)overdue / withRhythm).ToString("P1", CultureInfo.InvariantCulture), await page.InnerTextAsync("[data-value='overdue-share']"));
        Assert.Equal(run.AsOf, await page.InnerTextAsync("[data-value='as-of']"));
        Assert.Equal(view.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), run.AsOf);
        // The server fitted BG/NBD before the cycles, so P(alive) comes from that fit.
        Assert.NotNull(view.BtydModel);
        Assert.Equal(view.BtydModel, await page.InnerTextAsync("[data-value='btyd-model']"));

        // The most overdue customer first: the one with the most days overdue among the overdue (lowest id on a tie).
        var rows = page.Locator(".cycle-overdue tbody tr");
        Assert.Equal(Math.Min(20, overdue), await rows.CountAsync());
        var mostOverdue = status.Where(s => s.Value.Label == "overdue").Select(s => s.Key)
            .OrderByDescending(id => overdueDays[id].Value).ThenBy(id => id).First();
        var first = view.Customers[0];
        Assert.Equal(mostOverdue, first.CustomerId);
        var row = rows.First;
        var link = row.Locator("a[data-customer]");
        Assert.Equal(first.CustomerId.ToString(CultureInfo.InvariantCulture), await link.GetAttributeAsync("data-customer"));
        Assert.Equal($"/customers/{first.CustomerId.ToString(CultureInfo.InvariantCulture)}", await link.GetAttributeAsync("href"));
        Assert.Equal(first.Name ?? first.ExternalId, await link.InnerTextAsync());
        Assert.Equal(Days(first.MeanIntervalDays), await row.Locator("[data-value='mean']").InnerTextAsync());
        Assert.Equal(Days(first.SdIntervalDays), await row.Locator("[data-value='sd']").InnerTextAsync());
        Assert.Equal(view.AsOf.AddDays(-first.DaysSinceLast).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await row.Locator("[data-value='last']").InnerTextAsync());
        Assert.Equal(first.NextExpected!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await row.Locator("[data-value='next']").InnerTextAsync());
        Assert.Equal(Days(overdueDays[mostOverdue].Value), await row.Locator("[data-value='days-overdue']").InnerTextAsync());
        Assert.Equal(Days(first.DaysOverdue), await row.Locator("[data-value='days-overdue']").InnerTextAsync());
        Assert.Equal(P(first.ProbabilityAlive), await row.Locator("[data-value='p-alive']").InnerTextAsync());
        Assert.Equal(P(first.ProbabilityInWindow), await row.Locator("[data-value='p-window']").InnerTextAsync());
        Assert.NotEqual("–", await row.Locator("[data-value='p-alive']").InnerTextAsync());

        // The distribution's bars have the lengths of the customers per band (empty bands draw no bar); together the
        // bands hold every customer with a rhythm.
        var bins = view.MeanIntervals.Select(b => (double)b.Customers).ToArray();
        Assert.Equal(withRhythm, bins.Sum());
        var lengths = await DashboardFixture.BarLengthsAsync(page, ".cycle-intervals");
        var nonZero = bins.Where(c => c > 0).ToArray();
        var shown = lengths.Where(l => l > 0).ToArray();
        Assert.Equal(nonZero.Length, shown.Length);
        for (var i = 0; i < shown.Length; i++)
        {
            Assert.Equal(nonZero[i] / nonZero.Max(), shown[i] / shown.Max(), 3);
        }

        // The categories as stored, most repeat buyers first.
        Assert.NotEmpty(view.Categories);
        var categories = page.Locator(".cycle-categories tbody tr");
        Assert.Equal(Math.Min(25, view.Categories.Count), await categories.CountAsync());
        var top = view.Categories[0];
        Assert.Equal(top.Group, await categories.First.Locator("[data-group]").GetAttributeAsync("data-group"));
        Assert.Equal(top.Repeaters.ToString("N0", CultureInfo.InvariantCulture), await categories.First.Locator("[data-value='repeaters']").InnerTextAsync());
        Assert.Equal(Days(top.MedianDays), await categories.First.Locator("[data-value='median']").InnerTextAsync());
        await DashboardFixture.ScreenshotAsync(page, "cycle");

        // Fewer customers listed after the circuit is up: the first ten of the same order.
        await DashboardFixture.WaitForInteractivityAsync(page);
        if (overdue > 10)
        {
            await page.ClickAsync("button[data-top='10']");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.cycle-overdue tbody tr').length === 10");
            Assert.Equal(first.CustomerId.ToString(CultureInfo.InvariantCulture), await rows.First.Locator("a[data-customer]").GetAttributeAsync("data-customer"));
        }
    }
}
