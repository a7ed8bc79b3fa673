using System.Globalization;
using Valora.Analytics.Satisfaction;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Data.Surveys;
using Valora.Domain.Customers;
using Valora.Domain.Surveys;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Surveys;

/// <summary>
/// Four customers. NPS in January 2025: A 10, B 9, C 3 → promoters 2, detractors 1 of 3 → NPS 33.3…; in February:
/// A 6 (A's latest), D 8 → 0 promoters, 1 detractor of 2 → −50. Overall 5 answers: 2 promoters, 2 detractors → 0.
/// CSAT (1–5): A 5 and 3 → mean rescaled ((4 + 2)/4)/2 = 0.75; B 4 → 0.75; top-2 box 2 of 3.
/// </summary>
public sealed class SurveyResultsTests
{
    [Fact]
    public Task Results_OnSqlite_MatchTheHandWorkedFigures() => Results(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Results_OnPostgres_MatchTheHandWorkedFigures() => Results(DatabaseProvider.Postgres);

    static async Task Results(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var surveys = new SurveyResults(test.Database);
        var empty = await Assert.ThrowsAsync<NotAnalysableException>(() => surveys.NpsAsync());
        Assert.Equal(NotAnalysableReason.MissingInput, empty.Reason);

        var ids = await InsertAsync(test);

        var nps = await surveys.NpsAsync();
        Assert.Equal((5, 2L, 1L, 2L), (nps.Overall.Answers, nps.Overall.Promoters, nps.Overall.Passives, nps.Overall.Detractors));
        Assert.Equal(0, nps.Overall.Score, 12);
        Assert.Equal([new DateOnly(2025, 1, 1), new DateOnly(2025, 2, 1)], nps.Trend.Select(m => m.Month));
        Assert.Equal(100.0 / 3, nps.Trend[0].Nps.Score, 9);
        Assert.Equal(-50, nps.Trend[1].Nps.Score, 12);
        var february = await surveys.NpsAsync(new DateOnly(2025, 2, 1), new DateOnly(2025, 3, 1));
        Assert.Equal(2, february.Overall.Answers);

        var question = Assert.Single(await surveys.QuestionsAsync());
        Assert.Equal(("CSAT", 3), (question.Instrument, question.Answers.Answers));
        Assert.Equal(2.0 / 3, question.Answers.TopTwoBox, 12);
        Assert.Equal(4, question.Answers.Mean, 12);

        var (asOf, customers) = await surveys.SaveAsync();
        Assert.Equal((new DateOnly(2025, 2, 10), 4), (asOf, customers));
        await using var db = test.Database.CreateContext();
        var scores = new ScoreQueries(db);
        var run = await scores.LatestRunAsync(Metrics.Satisfaction.Model);
        Assert.NotNull(run);
        var last = await scores.NumbersAsync(run!, Metrics.Satisfaction.LastNps);
        Assert.Equal(6, last[ids["A"]]);
        var groups = await scores.LabelsAsync(run!, Metrics.Satisfaction.NpsGroup);
        Assert.Equal((nameof(NpsGroup.Detractor), nameof(NpsGroup.Promoter), nameof(NpsGroup.Passive)), (groups[ids["A"]], groups[ids["B"]], groups[ids["D"]]));
        var csat = await scores.NumbersAsync(run!, Metrics.Satisfaction.MeanCsat);
        Assert.Equal((0.75, 0.75), (csat[ids["A"]], csat[ids["B"]]));
        Assert.False(csat.ContainsKey(ids["C"]));

        // Re-running the same day replaces the run: still one run and the same scores.
        await surveys.SaveAsync();
        Assert.Single(await scores.RunsAsync(Metrics.Satisfaction.Model));
    }

    static async Task<Dictionary<string, long>> InsertAsync(TestDatabase test)
    {
        await using var db = test.Database.CreateContext();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            var c = new Customer { ExternalId = name, Name = name };
            db.Customers.Add(c);
            await db.SaveChangesAsync();
            ids[name] = c.Id;
        }
        var n = 0;
        void Answer(string customer, string instrument, int score, int min, int max, DateOnly day) => db.SurveyResponses.Add(new SurveyResponse
        {
            ExternalId = string.Create(CultureInfo.InvariantCulture, $"S{++n}"), CustomerId = ids[customer], Instrument = instrument,
            Question = instrument == "NPS" ? "Recommend?" : "Satisfied?", Score = score, ScaleMin = min, ScaleMax = max,
            AnsweredAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
        });
        Answer("A", "NPS", 10, 0, 10, new DateOnly(2025, 1, 5));
        Answer("B", "NPS", 9, 0, 10, new DateOnly(2025, 1, 6));
        Answer("C", "NPS", 3, 0, 10, new DateOnly(2025, 1, 7));
        Answer("A", "NPS", 6, 0, 10, new DateOnly(2025, 2, 3));
        Answer("D", "NPS", 8, 0, 10, new DateOnly(2025, 2, 10));
        Answer("A", "CSAT", 5, 1, 5, new DateOnly(2025, 1, 5));
        Answer("A", "CSAT", 3, 1, 5, new DateOnly(2025, 2, 3));
        Answer("B", "CSAT", 4, 1, 5, new DateOnly(2025, 1, 6));
        await db.SaveChangesAsync();
        return ids;
    }
}
