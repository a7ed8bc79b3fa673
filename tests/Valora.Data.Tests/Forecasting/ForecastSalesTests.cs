using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Forecasting;
using Valora.Data.Analysis;
using Valora.Data.Forecasting;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Sales;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Forecasting;

public sealed class ForecastSalesTests
{
    static readonly DateOnly Start = new(2024, 1, 1); // a Monday
    static readonly int[] Pattern = [1, 2, 3, 4, 5, 1, 1];
    const int Days = 84;

    [Fact]
    public Task Execute_OnSqlite_ChoosesMultiplicativeBeatsNaiveAndStoresTheRun() => ForecastsAndStores(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_ChoosesMultiplicativeBeatsNaiveAndStoresTheRun() => ForecastsAndStores(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_OnAnEmptyDatabase_IsNotAnalysableForWantOfOrders()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new ForecastSales(test.Database).ExecuteAsync(new ForecastRequest()));
        Assert.Equal((NotAnalysableReason.NoOrders, Metrics.Forecast.Model), (error.Reason, error.Model));
    }

    [Fact]
    public async Task Execute_TooShortHistoryOrBadHorizon_SaysWhich()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await SeedAsync(test.Database);
        // 12 complete weeks held out 12: no season fits (even 4 needs 2·4 + 12 = 20 periods).
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new ForecastSales(test.Database).ExecuteAsync(new ForecastRequest(SeriesMetric.Orders, SeriesGranularity.Week, Horizon: 12, Holdout: 12)));
        Assert.Equal(NotAnalysableReason.NotEnoughData, error.Reason);
        Assert.Contains("12 complete periods", error.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => new ForecastSales(test.Database).ExecuteAsync(new ForecastRequest(Horizon: 0)));
        Assert.Equal("horizon", bad.ParamName);
    }

    [Fact]
    public void Series_ByWeekAndDay_HandCounted()
    {
        // Orders: Mon 2024-01-01 (A, 10), Wed 01-03 (B, 20), Wed 01-03 (A, 5), Mon 01-15 (C, 7), Thu 01-18 (A, 1).
        // Weeks from Monday: 01-01 → 35 revenue, 3 orders, 2 active; 01-08 → 0; 01-15 → 8, 2 orders, 2 active (C, A)
        // but only when as-of reaches Sunday 01-21: as of Sat 01-20 that week is partial and left out.
        Purchase P(long c, int day, decimal revenue) => new(c, new DateTime(2024, 1, day, 12, 0, 0, DateTimeKind.Utc), revenue, 0);
        Purchase[] purchases = [P(1, 1, 10), P(2, 3, 20), P(1, 3, 5), P(3, 15, 7), P(1, 18, 1)];

        var revenue = SalesSeries.Build(purchases, SeriesMetric.Revenue, SeriesGranularity.Week, new DateOnly(2024, 1, 21));
        var active = SalesSeries.Build(purchases, SeriesMetric.Active, SeriesGranularity.Week, new DateOnly(2024, 1, 21));
        var partial = SalesSeries.Build(purchases, SeriesMetric.Orders, SeriesGranularity.Week, new DateOnly(2024, 1, 20));
        var daily = SalesSeries.Build(purchases, SeriesMetric.Orders, SeriesGranularity.Day, new DateOnly(2024, 1, 3));
        var monthly = SalesSeries.Build(purchases, SeriesMetric.Revenue, SeriesGranularity.Month, new DateOnly(2024, 1, 31));

        Assert.Equal([new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 15)], revenue.Select(p => p.Start));
        Assert.Equal([35.0, 0, 8], revenue.Select(p => p.Value));
        Assert.Equal([2.0, 0, 2], active.Select(p => p.Value));
        Assert.Equal([3.0, 0], partial.Select(p => p.Value));
        Assert.Equal([1.0, 0, 2], daily.Select(p => p.Value));
        Assert.Equal(43, Assert.Single(monthly).Value);
        Assert.Equal(new DateOnly(2024, 1, 1), SalesSeries.PeriodStart(new DateOnly(2024, 1, 7), SeriesGranularity.Week));
        Assert.True(SalesSeries.TryParseMetric("Active", out var m) && m == SeriesMetric.Active);
        Assert.False(SalesSeries.TryParseMetric("2", out _));
        Assert.False(SalesSeries.TryParseGranularity("year", out _));
    }

    static async Task ForecastsAndStores(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await SeedAsync(test.Database);

        // Day i (0..83) has Pattern[i mod 7] orders of 100 + i each: revenue_i = Pattern[i mod 7]·(100 + i), a weekly
        // multiplicative season on a linear trend. Seasonal naive repeats last week's value, short by 7·Pattern per day.
        var report = await new ForecastSales(test.Database).ExecuteAsync(new ForecastRequest(SeriesMetric.Revenue, SeriesGranularity.Day, Horizon: 7, Holdout: 7));

        Assert.Equal(Days, report.History.Count);
        Assert.Equal(100, report.History[0].Value, 6);       // Monday 01-01: 1 order × 100
        Assert.Equal(4 * 110, report.History[10].Value, 6);  // Thursday 01-11: 4 orders × 110
        Assert.Equal(7, report.Result.Period);
        Assert.Equal(ForecastMethod.HoltWintersMultiplicative, report.Result.Chosen);
        Assert.True(report.Result.BeatsBaseline);
        // Naive on the holdout (days 77..83): |error| = 7·Pattern, mean 7·(17/7) = 17 (ΣPattern = 17); the in-sample scale is the same 17.
        Assert.Equal(17, report.Result.BaselineErrors.Mae, 6);
        Assert.Equal(1, report.Result.BaselineErrors.Mase!.Value, 6);
        Assert.True(report.Result.ChosenErrors.Mase < 0.2, $"MASE {report.Result.ChosenErrors.Mase}");
        // Next Monday is day 84: 1·(100 + 84) = 184.
        Assert.Equal(new DateOnly(2024, 3, 25), report.ForecastStarts[0]);
        Assert.InRange(report.Result.Forecast[0].Mean, 180, 188);
        Assert.Equal(new DateOnly(2024, 3, 24), report.AsOf);
        Assert.Equal("hw1-revenue-day", report.Version);

        await using var db = test.Database.CreateContext();
        var run = await db.AnalysisRuns.SingleAsync(r => r.Model == Metrics.Forecast.Model);
        Assert.Equal(("hw1-revenue-day", new DateOnly(2024, 3, 24)), (run.Version, run.AsOf));
        using var summary = JsonDocument.Parse(run.SummaryJson);
        Assert.Equal("hw-multiplicative", summary.RootElement.GetProperty("chosen").GetString());
        Assert.Equal(7, summary.RootElement.GetProperty("forecast").GetArrayLength());
        Assert.Equal(3, summary.RootElement.GetProperty("holdout").GetArrayLength());
        Assert.Equal(Days, summary.RootElement.GetProperty("history").GetArrayLength());

        // A re-run of the same version and date replaces the run.
        await new ForecastSales(test.Database).ExecuteAsync(new ForecastRequest(SeriesMetric.Revenue, SeriesGranularity.Day, Horizon: 7, Holdout: 7));
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.Forecast.Model));
    }

    static async Task SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var customers = Enumerable.Range(0, 5).Select(i => new Customer { ExternalId = $"C{i}" }).ToArray();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var n = 0;
        for (var i = 0; i < Days; i++)
        {
            for (var k = 0; k < Pattern[i % 7]; k++)
            {
                db.Orders.Add(new Order
                {
                    ExternalId = $"O{n}",
                    CustomerId = customers[n++ % 5].Id,
                    OrderedAt = Start.AddDays(i).ToDateTime(new TimeOnly(9 + k, 0), DateTimeKind.Utc),
                    Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 100 + i, LineTotal = 100 + i }],
                });
            }
        }
        await db.SaveChangesAsync();
    }
}
