using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Valora.Analytics.Campaigns;
using Valora.Analytics.Segments;
using Valora.Data.Bulk;
using Valora.Data.Records;
using Valora.Data.Segments;
using Valora.Domain.Campaigns;

namespace Valora.Data.Campaigns;

/// <summary>
/// A campaign to plan: its name and channel, the target — a stored segment's latest members or a segment rule
/// evaluated now — budget, dates, and the share held out as a random control group (default 10 %) with its seed
/// (default: drawn and recorded). An unknown field is refused, so a misspelt one is not silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CampaignPlan(
    string? Name, string? Channel, string? Segment = null, string? Rule = null, decimal? Budget = null, DateOnly? StartsOn = null,
    DateOnly? EndsOn = null, double? ControlShare = null, int? Seed = null, string? ExternalId = null);

/// <summary>
/// A planned campaign: how many customers the target held, how many were left out for lack of consent to the
/// channel, how many will be contacted and how many are held out, with the share and seed of the draw.
/// </summary>
public sealed record PlannedCampaign(
    string Id, string Name, string Channel, string? Segment, string? Rule, DateOnly TargetAsOf, decimal Budget, DateOnly StartsOn, DateOnly? EndsOn,
    int Targeted, int WithoutConsent, int Contacted, int Control, double ControlShare, int Seed);

/// <summary>
/// Use case: plan a campaign. The target list is resolved (segment members or rule matches, ids ascending), customers
/// who have not consented to the channel (e-mail, SMS, phone) are left out, and exactly round(share × n) of the rest are
/// held out as control by <see cref="ControlGroup.Draw"/> with the recorded seed — the same target, share and seed give
/// the same groups. Campaign and members are written in one transaction; optionally under an idempotency key.
/// </summary>
public sealed class PlanCampaign(ValoraDatabase database)
{
    public const string Scope = "campaigns.plan";
    public const double DefaultControlShare = 0.1;

    /// <summary>The channels a campaign may use; e-mail, SMS and phone require the customer's consent to it.</summary>
    public static IReadOnlyList<string> Channels { get; } = ["email", "sms", "phone", "mail", "social", "other"];

    public async Task<WriteOutcome<PlannedCampaign>> RunAsync(CampaignPlan plan, string? idempotencyKey, DateTime nowUtc, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var errors = new RecordErrors();
        if (idempotencyKey is not null && Idempotency.Check(idempotencyKey) is { } bad)
        {
            errors.Add("Idempotency-Key", bad);
        }
        var name = errors.Text("name", plan.Name, 200, required: true);
        var channel = errors.Text("channel", plan.Channel, 20, required: true)?.ToLowerInvariant();
        if (channel is not null && !Channels.Contains(channel))
        {
            errors.Add("channel", $"must be one of {string.Join(", ", Channels)}.");
        }
        var segment = errors.Text("segment", plan.Segment, CustomerSegments.MaxNameLength);
        var rule = errors.Text("rule", plan.Rule, 2000);
        if ((segment is null) == (rule is null))
        {
            errors.Add(segment is null ? "segment" : "rule", "name exactly one target: a stored segment or a segment rule.");
        }
        if (rule is not null)
        {
            try
            {
                CustomerSegments.Parse(rule);
            }
            catch (SegmentRuleException ex)
            {
                errors.Add("rule", ex.Message);
            }
        }
        if (plan.Budget is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("budget", $"must be between 0 and 1000000000000 (was {plan.Budget}).");
        }
        if (plan.StartsOn is null)
        {
            errors.Add("startsOn", "is required.");
        }
        else if (plan.StartsOn.Value.Year is < 1900 or > 2200)
        {
            errors.Add("startsOn", "must be a date between 1900 and 2200.");
        }
        if (plan.EndsOn is { } end && plan.StartsOn is { } start && end < start)
        {
            errors.Add("endsOn", $"must not be before startsOn ({start:yyyy-MM-dd}).");
        }
        var share = plan.ControlShare ?? DefaultControlShare;
        if (!(share is > 0 and < 1))
        {
            errors.Add("controlShare", $"must be between 0 and 1, both excluded (was {share.ToString(CultureInfo.InvariantCulture)}).");
        }
        if (plan.Seed is < 0)
        {
            errors.Add("seed", "must be 0 or more.");
        }
        var externalId = errors.Text("externalId", plan.ExternalId, 100);
        errors.ThrowIfAny();

        var seed = plan.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var valid = plan with { Name = name, Channel = channel, Segment = segment, Rule = rule, Budget = plan.Budget ?? 0, ControlShare = share, ExternalId = externalId };
        // The hash leaves a drawn seed out, so a retry without a seed replays the first draw.
        var hash = Idempotency.Hash(valid);
        await using var db = database.CreateContext();
        if (idempotencyKey is not null && Idempotency.Replay<PlannedCampaign>(await Idempotency.FindAsync(db, Scope, idempotencyKey, ct), hash) is { } earlier)
        {
            return earlier;
        }
        var external = externalId ?? "api-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        if (await db.Campaigns.AnyAsync(c => c.ExternalId == external, ct))
        {
            return WriteOutcome<PlannedCampaign>.Refused(WriteStatus.Conflict, $"A campaign with id '{external}' already exists.");
        }

        var segments = new CustomerSegments(database);
        IReadOnlyList<long> targets;
        DateOnly targetAsOf;
        if (segment is not null)
        {
            var found = await segments.FindAsync(segment, ct);
            if (found is null)
            {
                return WriteOutcome<PlannedCampaign>.Refused(WriteStatus.NotFound, $"There is no segment '{segment}'.");
            }
            targets = (await segments.MembersAsync(segment, ct))!;
            targetAsOf = found.AsOf;
        }
        else
        {
            (targetAsOf, targets) = await segments.MatchAsync(rule!, ct: ct);
        }
        var consenting = await ConsentingAsync(db, targets, channel!, ct);
        var held = ControlGroup.Draw(consenting.Count, share, seed);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var campaign = new Campaign
        {
            ExternalId = external, Name = name!, Channel = channel, Segment = segment, Rule = rule, Budget = plan.Budget ?? 0,
            StartsOn = plan.StartsOn!.Value, EndsOn = plan.EndsOn, ControlShare = share, Seed = seed, CreatedAt = nowUtc,
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        await using (var bulk = BulkSession.Join(db))
        {
            await bulk.InsertAsync(TableSpec.CampaignMembers, consenting.Select((id, i) => new object?[]
            {
                campaign.Id, id, Values.Bool(held[i]), null, null, null, null,
            }), ct);
        }
        var control = held.Count(h => h);
        var planned = new PlannedCampaign(external, campaign.Name, channel!, segment, rule, targetAsOf, campaign.Budget, campaign.StartsOn, campaign.EndsOn,
            targets.Count, targets.Count - consenting.Count, consenting.Count - control, control, share, seed);
        if (idempotencyKey is not null)
        {
            Idempotency.Record(db, Scope, idempotencyKey, hash, campaign.Id, planned, nowUtc);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return WriteOutcome<PlannedCampaign>.Done(planned);
    }

    /// <summary>The targets (ascending) who consent to the channel; every target for a channel that needs no consent.</summary>
    static async Task<List<long>> ConsentingAsync(ValoraDbContext db, IReadOnlyList<long> targets, string channel, CancellationToken ct)
    {
        if (channel is not ("email" or "sms" or "phone"))
        {
            return [.. targets];
        }
        var customers = db.Customers.AsNoTracking();
        customers = channel switch
        {
            "email" => customers.Where(c => c.EmailConsent),
            "sms" => customers.Where(c => c.SmsConsent),
            _ => customers.Where(c => c.PhoneConsent),
        };
        var consenting = (await customers.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return [.. targets.Where(consenting.Contains)];
    }
}
