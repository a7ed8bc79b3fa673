using Valora.Data.Scores;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Clv;
using Valora.Data.Import.Readers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Clv;

/// <summary>
/// The whole path an analyst takes — import the CDNOW sample file, fit, validate, score — on both providers.
/// Expected parameters are the published ones (Fader, Hardie &amp; Lee 2005 BG/NBD and Pareto/NBD on the 2,357-customer
/// sample; Fader &amp; Hardie 2013 Gamma-Gamma), calibration 1997-01-01 .. 1997-09-30, weeks.
/// </summary>
public sealed class ClvUseCaseTests
{
    static readonly DateOnly CalibrationEnd = new(1997, 9, 30);
    static readonly DateOnly HoldoutEnd = new(1998, 6, 30);

    [RealDataFact("cdnow/CDNOW_sample.txt")]
    public Task FitValidateScore_CdnowSampleOnSqlite_MatchesPublishedParameters() => FitValidateScore(DatabaseProvider.Sqlite);

    [PostgresFact("cdnow/CDNOW_sample.txt")]
    public Task FitValidateScore_CdnowSampleOnPostgres_MatchesPublishedParameters() => FitValidateScore(DatabaseProvider.Postgres);

    [Fact]
    public async Task Score_WithoutAFittedModel_SaysWhichModelIsMissingInNeutralWords()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new ScoreClv(test.Database).ExecuteAsync(new ClvScoreRequest()));
        Assert.Equal((NotAnalysableReason.NoModel, "bgnbd"), (error.Reason, error.Model));
        Assert.DoesNotContain("valora", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_OnAnEmptyDatabase_SaysThereIsNothingToFit()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(
            () => new FitClv(test.Database, TimeProvider.System).ExecuteAsync(ClvModelKind.BgNbd, CalibrationEnd));
        Assert.Equal(NotAnalysableReason.NoOrders, error.Reason);
        Assert.Contains("no completed orders", error.Message, StringComparison.Ordinal);
    }

    static async Task FitValidateScore(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var import = await new FileImporter(test.Database).ImportAsync(ImportKind.Orders, SharedData.PathOf("cdnow/CDNOW_sample.txt"),
            new FileImportOptions { CreateMissingCustomers = true, Map = ["customer-id=2", "ordered-at=3:yyyyMMdd", "quantity=4", "line-total=5"] });
        Assert.Equal(6_919, import.Summary.Inserted);

        var fit = new FitClv(test.Database, TimeProvider.System);
        var bg = await fit.ExecuteAsync(ClvModelKind.BgNbd, CalibrationEnd, HoldoutEnd);
        AssertWithin(0.001, [0.2426, 4.4136, 0.7929, 2.4259], bg.Estimates.Select(e => e.Value));
        Assert.Equal(-9582.43, bg.LogLikelihood, 0.01);
        Assert.Equal(2_357, bg.Customers);
        // Holdout weeks 40–78: the actual repeat occasions are counted independently below from the raw file.
        Assert.Equal(CountHoldoutRepeatDays(), bg.Holdout!.TotalActual);
        Assert.InRange(bg.Holdout.TotalPredicted, 0.8 * bg.Holdout.TotalActual, 1.2 * bg.Holdout.TotalActual);

        var pareto = await fit.ExecuteAsync(ClvModelKind.ParetoNbd, CalibrationEnd);
        Assert.Equal(-9594.98, pareto.LogLikelihood, 0.01);
        var gg = await fit.ExecuteAsync(ClvModelKind.GammaGamma, CalibrationEnd);
        AssertWithin(0.001, [6.249, 3.745, 15.448], gg.Estimates.Select(e => e.Value));
        Assert.Equal(946, gg.Customers);

        var scoring = await new ScoreClv(test.Database).ExecuteAsync(new ClvScoreRequest(Horizon: 52, Margin: 0.3, Draws: 50));
        Assert.Equal(HoldoutEnd, scoring.AsOf);
        Assert.Equal("paretonbd", scoring.PurchaseModel);
        Assert.Equal(2_357, scoring.Values.Count);
        Assert.All(scoring.Values, v => Assert.InRange(v.ProbabilityAlive, 0, 1));
        Assert.All(scoring.Intervals!, (c, i) => Assert.InRange(scoring.Values[i].Clv, c.ClvLower - 1e-9, c.ClvUpper + 1e-9));
        // Point values and intervals refer to the same horizon: the expected purchases sit inside their interval too.
        Assert.All(scoring.Intervals!, (c, i) =>
            Assert.InRange(scoring.Values[i].ExpectedPurchases, c.ExpectedPurchasesLower - 1e-9, c.ExpectedPurchasesUpper + 1e-9));

        await using var db = test.Database.CreateContext();
        Assert.Equal(3, await db.ModelRuns.CountAsync());
        Assert.Equal(2_357 * Metrics.Clv.All.Count, await db.CustomerScores.CountAsync(s => s.ModelVersion == scoring.ModelVersion));
    }

    /// <summary>Repeat purchase days of the sample's customers in 1997-10-01 .. 1998-06-30, straight from the file.</summary>
    static long CountHoldoutRepeatDays()
    {
        var days = new HashSet<(string, string)>();
        foreach (var line in File.ReadLines(SharedData.PathOf("cdnow/CDNOW_sample.txt")))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5 && string.CompareOrdinal(f[2], "19971001") >= 0 && string.CompareOrdinal(f[2], "19980630") <= 0)
            {
                days.Add((f[1], f[2]));
            }
        }
        // Every sample customer's first purchase is in 1997-Q1, so each holdout day is a repeat occasion.
        return days.Count;
    }

    static void AssertWithin(double relative, double[] expected, IEnumerable<double> actual)
    {
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected[i]) <= relative * expected[i],
                $"parameter {i}: expected {expected[i]} ± {relative:P1}, got {values[i]}");
        }
    }
}
