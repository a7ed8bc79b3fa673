using Valora.Analytics.Kpi;

namespace Valora.Analytics.Tests.Kpi;

public class CohortRetentionTests
{
    // Data of CustomerKpisTests as of 2024-06-30 (F's 07-01 purchase is excluded). First-purchase months:
    // Dec 2023: E (active Dec, May)         → row Dec..Jun: 1 0 0 0 0 1 0
    // Jan 2024: C (Jan, Jun)                → 1 0 0 0 0 1
    // Feb 2024: A (Feb, May), F (Feb)       → 2 0 0 1 0
    // Mar 2024: B (Mar), G (Mar, Apr)       → 2 1 0 0
    // Apr 2024: D (Apr)                     → 1 0 0
    // May and Jun 2024 have no first purchase, so no row.
    [Fact]
    public void Build_HandBuiltData_MatchesHandCountedMatrix()
    {
        var matrix = CohortRetention.Build(CustomerKpisTests.Data, new DateOnly(2024, 6, 30));

        Assert.Equal(
            [new DateOnly(2023, 12, 1), new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1)],
            matrix.Cohorts.Select(c => c.Month));
        Assert.Equal([1, 1, 2, 2, 1], matrix.Cohorts.Select(c => c.Size));
        Assert.Equal([1, 0, 0, 0, 0, 1, 0], matrix.Cohorts[0].ActiveCustomers);
        Assert.Equal([1, 0, 0, 0, 0, 1], matrix.Cohorts[1].ActiveCustomers);
        Assert.Equal([2, 0, 0, 1, 0], matrix.Cohorts[2].ActiveCustomers);
        Assert.Equal([1.0, 0, 0, 0.5, 0], matrix.Cohorts[2].ActiveShare);
        Assert.Equal([1.0, 0.5, 0, 0], matrix.Cohorts[3].ActiveShare);
        Assert.Equal([1.0, 0, 0], matrix.Cohorts[4].ActiveShare);
    }

    [Fact]
    public void Build_AsOfBeforeAllPurchases_Throws() =>
        Assert.Throws<ArgumentException>(() => CohortRetention.Build(CustomerKpisTests.Data, new DateOnly(2020, 1, 1)));

    [Fact]
    public void Build_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => CohortRetention.Build([], new DateOnly(2024, 1, 1)));
}
