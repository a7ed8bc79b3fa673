using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Satisfaction;
using Valora.Data.Analysis;
using Valora.Data.Scores;

namespace Valora.Data.Surveys;

/// <summary>
/// Use case: satisfaction from the stored survey answers. NPS is every answered question of instrument <c>NPS</c>
/// (0–10) with its 95 % interval and its monthly trend; satisfaction is each other (instrument, question) on its own
/// scale (CSAT per dimension: mean, distribution, top-2 box with its Wilson interval). <see cref="SaveAsync"/> stores
/// per customer the latest NPS answer and group and the mean CSAT through the runs-and-scores module.
/// </summary>
public sealed class SurveyResults(ValoraDatabase database)
{
    /// <summary>The instrument name of Net Promoter answers.</summary>
    public const string NpsInstrument = "NPS";

    /// <summary>The instrument name of customer-satisfaction answers (the per-customer mean CSAT reads these).</summary>
    public const string CsatInstrument = "CSAT";

    /// <summary>The NPS over answers in [from, to) (null = open), and its trend by calendar month (UTC).</summary>
    public async Task<NpsReport> NpsAsync(DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        if (from is { } f && to is { } t && t <= f)
        {
            throw new ArgumentException($"The window is empty: its end ({t:yyyy-MM-dd}, exclusive) must be after its start ({f:yyyy-MM-dd}).");
        }
        await using var db = database.CreateContext();
        var query = db.SurveyResponses.AsNoTracking().Where(s => s.Instrument == NpsInstrument && s.Score != null);
        if (from is { } start)
        {
            var s0 = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(s => s.AnsweredAt >= s0);
        }
        if (to is { } end)
        {
            var e0 = end.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(s => s.AnsweredAt < e0);
        }
        var answers = await query.Select(s => new { s.AnsweredAt, Score = s.Score!.Value }).ToListAsync(ct);
        if (answers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.MissingInput, "There are no NPS answers (instrument 'NPS') in the window.") { Model = "nps" };
        }
        var bad = answers.FirstOrDefault(a => a.Score is < 0 or > 10);
        if (bad is not null)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                string.Create(CultureInfo.InvariantCulture, $"An NPS answer of {bad.Score} (at {bad.AnsweredAt:yyyy-MM-dd}) is outside 0–10; fix the survey data.")) { Model = "nps" };
        }
        var trend = answers
            .GroupBy(a => new DateOnly(a.AnsweredAt.Year, a.AnsweredAt.Month, 1))
            .OrderBy(g => g.Key)
            .Select(g => new NpsMonth(g.Key, NetPromoterScore.Compute([.. g.Select(a => a.Score)])))
            .ToList();
        return new NpsReport(from, to, NetPromoterScore.Compute([.. answers.Select(a => a.Score)]), trend);
    }

    /// <summary>Every non-NPS question on its scale: mean, distribution, top-2 box and its interval.</summary>
    public async Task<IReadOnlyList<QuestionSatisfaction>> QuestionsAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var answers = await db.SurveyResponses.AsNoTracking()
            .Where(s => s.Instrument != NpsInstrument && s.Score != null)
            .Select(s => new { s.Instrument, s.Question, s.ScaleMin, s.ScaleMax, Score = s.Score!.Value })
            .ToListAsync(ct);
        if (answers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.MissingInput, "There are no scored survey answers besides NPS.") { Model = Metrics.Satisfaction.Model };
        }
        return [.. answers
            .GroupBy(a => (a.Instrument, a.Question, a.ScaleMin, a.ScaleMax))
            .Where(g => g.Key.ScaleMax - g.Key.ScaleMin >= 2)
            .OrderBy(g => g.Key.Instrument, StringComparer.Ordinal).ThenBy(g => g.Key.Question, StringComparer.Ordinal)
            .Select(g => new QuestionSatisfaction(g.Key.Instrument, g.Key.Question,
                SatisfactionScores.Likert([.. g.Select(a => Math.Clamp(a.Score, g.Key.ScaleMin, g.Key.ScaleMax))], g.Key.ScaleMin, g.Key.ScaleMax),
                g.Count(a => a.Score < g.Key.ScaleMin || a.Score > g.Key.ScaleMax)))];
    }

    /// <summary>
    /// Stores per customer, as of <paramref name="asOf"/> (default: the day of the latest answer), the latest NPS answer
    /// and its group and the mean CSAT rescaled to 0–1, from answers on or before that day.
    /// </summary>
    public async Task<(DateOnly AsOf, int Customers)> SaveAsync(DateOnly? asOf = null, CancellationToken ct = default)
    {
        List<(long CustomerId, string Instrument, int Score, int Min, int Max, DateTime At)> answers;
        await using (var db = database.CreateContext())
        {
            answers = [.. (await db.SurveyResponses.AsNoTracking().Where(s => s.Score != null)
                .Select(s => new { s.CustomerId, s.Instrument, Score = s.Score!.Value, s.ScaleMin, s.ScaleMax, s.AnsweredAt })
                .ToListAsync(ct)).Select(s => (s.CustomerId, s.Instrument, s.Score, s.ScaleMin, s.ScaleMax, s.AnsweredAt))];
        }
        if (answers.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.MissingInput, "There are no scored survey answers.") { Model = Metrics.Satisfaction.Model };
        }
        var day = asOf ?? DateOnly.FromDateTime(answers.Max(a => a.At));
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = new List<ScoreRow>();
        var customers = 0;
        foreach (var c in answers.Where(a => a.At < end).GroupBy(a => a.CustomerId))
        {
            customers++;
            var nps = c.Where(a => a.Instrument == NpsInstrument && a.Score is >= 0 and <= 10).OrderBy(a => a.At).LastOrDefault();
            if (nps.Instrument is not null)
            {
                rows.Add(Metrics.Satisfaction.LastNps.Of(c.Key, nps.Score));
                rows.Add(Metrics.Satisfaction.NpsGroup.OfLabel(c.Key, NetPromoterScore.GroupOf(nps.Score).ToString()));
            }
            var csat = c.Where(a => a.Instrument == CsatInstrument && a.Max > a.Min).Select(a => (double)(Math.Clamp(a.Score, a.Min, a.Max) - a.Min) / (a.Max - a.Min)).ToList();
            if (csat.Count > 0)
            {
                rows.Add(Metrics.Satisfaction.MeanCsat.Of(c.Key, csat.Average()));
            }
        }
        var run = new ScoringRun(Metrics.Satisfaction.Model, Metrics.Satisfaction.Model + "-1", day, Metrics.Satisfaction.All, customers);
        await RunWriter.WriteAsync(database, run, rows, ct: ct);
        return (day, customers);
    }
}

/// <summary>NPS over a window and by month.</summary>
public sealed record NpsReport(DateOnly? From, DateOnly? To, NpsResult Overall, IReadOnlyList<NpsMonth> Trend);

/// <summary>The NPS of the answers given in one calendar month.</summary>
public sealed record NpsMonth(DateOnly Month, NpsResult Nps);

/// <summary>One question's answers on its scale.</summary>
/// <param name="OutOfScale">Answers outside the question's scale (counted at the nearest end of the scale).</param>
public sealed record QuestionSatisfaction(string Instrument, string Question, LikertDistribution Answers, int OutOfScale);
