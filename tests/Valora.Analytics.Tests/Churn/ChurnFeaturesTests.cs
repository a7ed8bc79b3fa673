using Valora.Analytics.Churn;
using Valora.Domain.Sales;

namespace Valora.Analytics.Tests.Churn;

public sealed class ChurnFeaturesTests
{
    static Purchase P(long customer, int year, int month, int day, decimal revenue) =>
        new(customer, new DateTime(year, month, day, 15, 30, 0, DateTimeKind.Utc), revenue, 0);

    static readonly Purchase[] History =
    [
        P(1, 2024, 1, 1, 10), P(1, 2024, 3, 1, 30), P(1, 2024, 5, 30, 20),
        P(2, 2024, 6, 1, 50),
    ];

    [Fact]
    public void From_WorkedExample_GivesEachFeatureByHand()
    {
        var asOf = new DateOnly(2024, 7, 1);
        var set = ChurnFeatures.From(History, asOf);

        Assert.Equal([1L, 2L], set.CustomerIds);
        // Customer 1: orders on days 0, 60 and 150 of 2024 (Jan 1, Mar 1, May 30); as of Jul 1 (day 182):
        // since last 182 − 150 = 32, tenure 182, revenue 60 over 3 orders, last 90 days (Apr 2 – Jun 30) one order,
        // the 90 before (Jan 3 – Apr 1) one (Mar 1; Jan 1 is 182 days ago), gaps 60 and 90 → mean 75, ratio 32/75.
        Assert.Equal(["32", "3", "60", "20", "182", "1", "1", "0", "75", (32 / 75.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture)], set.Rows[0]);
        // Customer 2: one order 30 days ago; no gap, so the gap features are blank.
        Assert.Equal(["30", "1", "50", "50", "30", "1", "0", "1", "", ""], set.Rows[1]);
    }

    [Fact]
    public void From_IgnoresPurchasesOnAndAfterTheAsOfDay()
    {
        var asOf = new DateOnly(2024, 7, 1);
        Purchase[] later = [.. History, P(1, 2024, 7, 1, 999), P(2, 2024, 8, 1, 999), P(3, 2024, 9, 1, 5)];

        var before = ChurnFeatures.From(History, asOf);
        var after = ChurnFeatures.From(later, asOf);

        Assert.Equal(before.CustomerIds, after.CustomerIds);
        Assert.Equal(before.Rows, after.Rows);
    }

    [Fact]
    public void Labels_ChurnedMeansNoPurchaseInTheWindowFromTheAsOfDay()
    {
        var asOf = new DateOnly(2024, 6, 1);
        var set = ChurnFeatures.From(History, asOf);     // customer 1 only (customer 2's order is on the as-of day)
        Purchase[] future = [.. History, P(1, 2024, 6, 30, 5)];

        Assert.Equal([1L], set.CustomerIds);
        Assert.Equal([true], ChurnFeatures.Labels(set, History, 30));   // nothing in Jun 1 – Jun 30
        Assert.Equal([false], ChurnFeatures.Labels(set, future, 30));   // Jun 30 is inside [Jun 1, Jul 1)
        Assert.Equal([true], ChurnFeatures.Labels(set, future, 29));    // … but not inside [Jun 1, Jun 30)
    }
}
