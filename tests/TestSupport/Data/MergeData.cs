using System.Globalization;
using System.Text.Json.Nodes;
using Valora.Data;
using Valora.Data.Privacy;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Pipeline;
using Valora.Domain.Sales;
using Valora.Domain.Scores;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;

namespace Valora.TestSupport.Data;

/// <summary>
/// Two records of one person with rows in every table that references a customer, for merge tests. The survivor
/// (Ann Smith, ann@x.com, no phone, Leeds, female, last active 2024-01-10) and the merged record (Ann Smith,
/// ann.smith@gmail.com, 07123 456789, no city, gender unknown, income 50 000, last active 2024-03-01). Merging moves
/// 2 orders, 1 interaction, its follow-up, 1 ticket, 1 survey answer, 1 opportunity, the campaign-2 membership, the
/// rfm score, the newsletter tag and 2 referrals (Yan → merged, merged → Wes); it drops as duplicates the shared vip
/// tag, the campaign-1 membership, the clv score of the same run, the referral merged → Zoe (the survivor referred
/// Zoe too) and the referral survivor → merged (it would link the survivor to itself).
/// </summary>
public sealed record MergeData(long Survivor, long Merged, long Yan, long Zoe, long Wes)
{
    /// <summary>Moved and dropped rows per table, as worked out above.</summary>
    public static readonly IReadOnlyDictionary<string, (int Moved, int Dropped)> Expected = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["CampaignMembers"] = (1, 1),
        ["CustomerScores"] = (1, 1),
        ["CustomerTags"] = (1, 1),
        ["FollowUpTasks"] = (1, 0),
        ["Interactions"] = (1, 0),
        ["Opportunities"] = (1, 0),
        ["Orders"] = (2, 0),
        ["Referrals"] = (2, 2),
        ["SurveyResponses"] = (1, 0),
        ["Tickets"] = (1, 0),
    };

    public IEnumerable<long> Everyone => [Survivor, Merged, Yan, Zoe, Wes];

    public static async Task<MergeData> SeedAsync(ValoraDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var survivor = new Customer { ExternalId = "ann-1", Name = "Ann Smith", Email = "ann@x.com", City = "Leeds", Gender = Gender.Female, SignupDate = new DateOnly(2023, 1, 1), EmailConsent = true };
        var merged = new Customer { ExternalId = "ann-2", Name = "Ann Smith", Email = "ann.smith@gmail.com", Phone = "07123 456789", Income = 50_000m, SignupDate = new DateOnly(2023, 6, 1) };
        var yan = new Customer { ExternalId = "yan", Name = "Yan Ito" };
        var zoe = new Customer { ExternalId = "zoe", Name = "Zoe Park" };
        var wes = new Customer { ExternalId = "wes", Name = "Wes Lund" };
        var vip = new Tag { Name = "vip" };
        var newsletter = new Tag { Name = "newsletter" };
        var loyal = new Tag { Name = "loyal" };
        var c1 = new Campaign { ExternalId = "c1", Name = "Spring", StartsOn = new DateOnly(2024, 3, 1) };
        var c2 = new Campaign { ExternalId = "c2", Name = "Summer", StartsOn = new DateOnly(2024, 6, 1) };
        db.AddRange(survivor, merged, yan, zoe, wes, vip, newsletter, loyal, c1, c2);
        await db.SaveChangesAsync();
        var (s, m) = (survivor.Id, merged.Id);
        static DateTime At(int month, int day) => new(2024, month, day, 9, 30, 0, DateTimeKind.Utc);

        db.AddRange(
            new CustomerTag { CustomerId = s, TagId = vip.Id }, new CustomerTag { CustomerId = s, TagId = loyal.Id },
            new CustomerTag { CustomerId = m, TagId = vip.Id }, new CustomerTag { CustomerId = m, TagId = newsletter.Id },
            new Order { ExternalId = "o-s1", CustomerId = s, OrderedAt = At(1, 10), Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 10m, LineTotal = 10m }] },
            new Order { ExternalId = "o-m1", CustomerId = m, OrderedAt = At(2, 5), Lines = [new OrderLine { LineNumber = 1, Quantity = 2, UnitPrice = 4m, LineTotal = 8m }] },
            new Order { ExternalId = "o-m2", CustomerId = m, OrderedAt = At(3, 1), Lines = [new OrderLine { LineNumber = 1, Quantity = 1, UnitPrice = 3m, LineTotal = 3m }, new OrderLine { LineNumber = 2, Quantity = 1, UnitPrice = 1m, LineTotal = 1m }] },
            new Interaction { ExternalId = "i-s1", CustomerId = s, OccurredAt = At(1, 2), Subject = "Hello" },
            new Ticket { ExternalId = "t-m1", CustomerId = m, Subject = "Late parcel", OpenedAt = At(2, 20) },
            new SurveyResponse { ExternalId = "sv-m1", CustomerId = m, Instrument = "nps", Question = "Recommend?", Score = 9, ScaleMin = 0, ScaleMax = 10, AnsweredAt = At(2, 21) },
            new Opportunity { ExternalId = "op-m1", CustomerId = m, Name = "Upgrade", Amount = 120m, Probability = 0.3, CreatedAt = At(2, 1) },
            new CampaignMember { CampaignId = c1.Id, CustomerId = s, SentAt = At(3, 1) }, new CampaignMember { CampaignId = c1.Id, CustomerId = m, SentAt = At(3, 1), RespondedAt = At(3, 2) },
            new CampaignMember { CampaignId = c2.Id, CustomerId = m, IsControl = true },
            new CustomerScore { CustomerId = s, Metric = "clv", AsOf = new DateOnly(2024, 6, 1), ModelVersion = "v1", Value = 100 },
            new CustomerScore { CustomerId = m, Metric = "clv", AsOf = new DateOnly(2024, 6, 1), ModelVersion = "v1", Value = 40 },
            new CustomerScore { CustomerId = m, Metric = "rfm_segment", AsOf = new DateOnly(2024, 6, 1), ModelVersion = "r1", Label = "Loyal" },
            new Referral { ReferrerCustomerId = s, ReferredCustomerId = m, ReferredOn = new DateOnly(2023, 6, 1) },
            new Referral { ReferrerCustomerId = s, ReferredCustomerId = zoe.Id, ReferredOn = new DateOnly(2023, 7, 1) },
            new Referral { ReferrerCustomerId = m, ReferredCustomerId = zoe.Id, ReferredOn = new DateOnly(2023, 7, 2) },
            new Referral { ReferrerCustomerId = yan.Id, ReferredCustomerId = m, ReferredOn = new DateOnly(2023, 5, 1) },
            new Referral { ReferrerCustomerId = m, ReferredCustomerId = wes.Id, ReferredOn = new DateOnly(2023, 8, 1) });
        var interaction = new Interaction { ExternalId = "i-m1", CustomerId = m, OccurredAt = At(2, 15), Subject = "Call back", Outcome = "asked for a quote" };
        db.Add(interaction);
        await db.SaveChangesAsync();
        var ticket = db.Tickets.Local.Single();
        db.AddRange(
            new FollowUpTask { CustomerId = m, InteractionId = interaction.Id, Title = "Send quote", Owner = "sam", DueOn = new DateOnly(2024, 2, 20), CreatedAt = At(2, 15) },
            new TicketEvent { TicketId = ticket.Id, At = At(2, 20), Actor = "sam", Kind = default, To = "open" });
        await db.SaveChangesAsync();
        return new MergeData(s, m, yan.Id, zoe.Id, wes.Id);
    }

    /// <summary>
    /// Every row held about each customer, table by table (the GDPR export's reading of the EF model, so order lines,
    /// ticket events and any later table are in it), as JSON text; a customer that does not exist is "none". The merge
    /// records naming the customer are left out: they are what a merge adds.
    /// </summary>
    public async Task<Dictionary<long, string>> SnapshotAsync(ValoraDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var snapshot = new Dictionary<long, string>();
        foreach (var id in Everyone)
        {
            await using var db = database.CreateContext();
            var export = await CustomerPrivacy.ExportAsync(db, id, "test", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            // Rows in a stable order whatever the table's physical order (the export sorts by the first column only).
            snapshot[id] = export is null ? "none" : string.Join("\n", export["tables"]!.AsObject().Where(t => t.Key != "CustomerMerges").Select(t =>
                t.Key + ": " + string.Join(" ", t.Value!.AsArray().Select(r => r!.ToJsonString()).Order(StringComparer.Ordinal))));
        }
        return snapshot;
    }

    /// <summary>Rows per table held about one customer (tables with none, and merge records, left out); null when the customer does not exist.</summary>
    public static async Task<Dictionary<string, int>?> CountAsync(ValoraDatabase database, long customerId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateContext();
        var export = await CustomerPrivacy.ExportAsync(db, customerId, "test", new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return export is null ? null : export["tables"]!.AsObject().Where(t => t.Key != "CustomerMerges" && t.Value!.AsArray().Count > 0)
            .ToDictionary(t => t.Key, t => t.Value!.AsArray().Count, StringComparer.Ordinal);
    }

    public static string Describe(IReadOnlyDictionary<string, int>? counts) => counts is null ? "none"
        : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value.ToString(CultureInfo.InvariantCulture)));
}
