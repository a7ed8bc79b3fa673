using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Scores;
using Valora.Domain.Interactions;
using Valora.Domain.Tickets;

namespace Valora.Data.Interactions;

/// <summary>Why a customer should be contacted: <c>openComplaint</c> or <c>highChurnRisk</c>, with the detail.</summary>
public sealed record FollowUpReason(string Kind, string Detail);

/// <summary>A customer who calls for a follow-up and has no open one, the reasons, and a suggested task.</summary>
public sealed record SuggestedFollowUp(
    long CustomerId, string? Name, IReadOnlyList<FollowUpReason> Reasons, double? ChurnProbability, DateTime? OldestOpenComplaintAt,
    string SuggestedTitle, DateOnly SuggestedDueOn);

/// <summary>
/// Query: customers who call for a follow-up — an open complaint ticket (not resolved), or a <c>high</c> churn tier in
/// the latest stored churn run — and have no open follow-up task yet. Complaints come first (oldest first: they have
/// waited longest), then churn risk (most likely to leave first). A complaint is due today, a churn risk within
/// <see cref="ChurnDueDays"/> days. No churn run: only complaints are suggested (<see cref="Result.ChurnScored"/> false).
/// </summary>
public static class SuggestedFollowUps
{
    public const int MaxLimit = 500;
    public const int ChurnDueDays = 3;

    /// <param name="ChurnRun">The churn run's version and as-of date, when there is one.</param>
    public sealed record Result(bool ChurnScored, string? ChurnRun, IReadOnlyList<SuggestedFollowUp> Suggestions);

    public static async Task<Result> LoadAsync(ValoraDbContext db, DateOnly today, int limit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        var withTask = db.FollowUpTasks.Where(f => f.Status == FollowUpStatus.Open).Select(f => f.CustomerId);

        var complaints = await db.Tickets.AsNoTracking()
            .Where(t => t.Kind == TicketKind.Complaint && t.ResolvedAt == null && (t.Status == TicketStatus.Open || t.Status == TicketStatus.InProgress)
                && !withTask.Contains(t.CustomerId))
            .GroupBy(t => t.CustomerId)
            .Select(g => new { CustomerId = g.Key, Oldest = g.Min(t => t.OpenedAt), Count = g.Count() })
            .OrderBy(g => g.Oldest).ThenBy(g => g.CustomerId)
            .Take(limit)
            .ToListAsync(ct);

        var queries = new ScoreQueries(db);
        var run = await queries.LatestRunAsync(Metrics.Churn.Model, ct);
        var risky = new List<long>();
        if (run is not null)
        {
            var (asOf, version, tier) = (run.AsOf, run.Version, Metrics.Churn.Tier.Name);
            var probability = Metrics.Churn.Probability.Name;
            risky = await db.CustomerScores.AsNoTracking()
                .Where(s => s.Metric == tier && s.AsOf == asOf && s.ModelVersion == version && s.Label == "high" && !withTask.Contains(s.CustomerId))
                .Select(s => new
                {
                    s.CustomerId,
                    P = db.CustomerScores.Where(p => p.CustomerId == s.CustomerId && p.Metric == probability && p.AsOf == asOf && p.ModelVersion == version)
                        .Select(p => p.Value).FirstOrDefault(),
                })
                .OrderByDescending(s => s.P).ThenBy(s => s.CustomerId)
                .Take(limit)
                .Select(s => s.CustomerId)
                .ToListAsync(ct);
        }
        var ids = complaints.Select(c => c.CustomerId).Concat(risky).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var probabilities = run is null ? [] : await queries.NumbersAsync(run, Metrics.Churn.Probability, risky, ct);
        var reasons = run is null ? [] : await queries.LabelsAsync(run, Metrics.Churn.Reasons, risky, ct);
        var byComplaint = complaints.ToDictionary(c => c.CustomerId);
        var riskySet = risky.ToHashSet();

        var suggestions = ids.Take(limit).Select(id =>
        {
            var list = new List<FollowUpReason>();
            var complaint = byComplaint.GetValueOrDefault(id);
            if (complaint is not null)
            {
                list.Add(new FollowUpReason("openComplaint", string.Create(CultureInfo.InvariantCulture,
                    $"{complaint.Count} open complaint{(complaint.Count == 1 ? "" : "s")}, the oldest opened {complaint.Oldest:yyyy-MM-dd HH:mm} UTC")));
            }
            double? p = riskySet.Contains(id) && probabilities.TryGetValue(id, out var value) ? value : null;
            if (riskySet.Contains(id))
            {
                var why = reasons.GetValueOrDefault(id);
                list.Add(new FollowUpReason("highChurnRisk", string.Create(CultureInfo.InvariantCulture,
                    $"churn tier high{(p is { } q ? $" (probability {q:0.00})" : "")} as of {run!.AsOf:yyyy-MM-dd}{(string.IsNullOrEmpty(why) ? "" : ": " + why)}")));
            }
            return new SuggestedFollowUp(id, names.GetValueOrDefault(id), list, p, complaint?.Oldest,
                complaint is not null ? "Call back about the open complaint" : "Retention call: high churn risk",
                complaint is not null ? today : today.AddDays(ChurnDueDays));
        }).ToList();
        return new Result(run is not null, run is null ? null : $"{run.Version} as of {run.AsOf:yyyy-MM-dd}", suggestions);
    }
}
