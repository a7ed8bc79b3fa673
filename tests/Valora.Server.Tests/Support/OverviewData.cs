using Valora.Data;
using Valora.Domain.Campaigns;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Pipeline;
using Valora.Domain.Sales;
using Valora.Domain.Scores;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;

namespace Valora.Server.Tests.Support;

/// <summary>
/// A different, known number of rows in every table the overview counts, so a count reported for the wrong table
/// shows. The expected numbers are the loop bounds below, written out in <see cref="Expected"/>.
/// </summary>
public static class OverviewData
{
    public static readonly IReadOnlyDictionary<string, int> Expected = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["customers"] = 3,
        ["products"] = 2,
        ["orders"] = 4,
        ["orderLines"] = 5,
        ["interactions"] = 6,
        ["referrals"] = 2,
        ["tickets"] = 7,
        ["surveys"] = 8,
        ["opportunities"] = 9,
        ["campaigns"] = 10,
        ["scores"] = 11,
    };

    public static async Task InsertAsync(ValoraDbContext db)
    {
        var at = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var customers = Enumerable.Range(1, 3).Select(i => new Customer { ExternalId = $"OV-C{i}", Name = $"Customer {i}" }).ToList();
        var products = Enumerable.Range(1, 2).Select(i => new Product { Sku = $"OV-P{i}" }).ToList();
        db.Customers.AddRange(customers);
        db.Products.AddRange(products);
        for (var i = 1; i <= 10; i++)
        {
            db.Campaigns.Add(new Campaign { ExternalId = $"OV-K{i}", Name = $"Campaign {i}", StartsOn = new DateOnly(2025, 1, i) });
        }
        await db.SaveChangesAsync();

        long C(int i) => customers[i % customers.Count].Id;
        // Four orders with 2 + 1 + 1 + 1 = 5 lines.
        for (var i = 0; i < 4; i++)
        {
            var order = new Order { ExternalId = $"OV-O{i}", CustomerId = C(i), OrderedAt = at.AddDays(i) };
            order.Lines.Add(new OrderLine { LineNumber = 1, ProductId = products[0].Id, Quantity = 1, UnitPrice = 2m, LineTotal = 2m });
            if (i == 0)
            {
                order.Lines.Add(new OrderLine { LineNumber = 2, ProductId = products[1].Id, Quantity = 1, UnitPrice = 3m, LineTotal = 3m });
            }
            db.Orders.Add(order);
        }
        for (var i = 0; i < 6; i++)
        {
            db.Interactions.Add(new Interaction { ExternalId = $"OV-I{i}", CustomerId = C(i), Channel = InteractionChannel.Email, OccurredAt = at });
        }
        db.Referrals.Add(new Referral { ReferrerCustomerId = C(0), ReferredCustomerId = C(1), ReferredOn = new DateOnly(2025, 2, 1) });
        db.Referrals.Add(new Referral { ReferrerCustomerId = C(0), ReferredCustomerId = C(2), ReferredOn = new DateOnly(2025, 2, 2) });
        for (var i = 0; i < 7; i++)
        {
            db.Tickets.Add(new Ticket { ExternalId = $"OV-T{i}", CustomerId = C(i), Kind = TicketKind.Inquiry, Status = TicketStatus.Open, OpenedAt = at });
        }
        for (var i = 0; i < 8; i++)
        {
            db.SurveyResponses.Add(new SurveyResponse
            {
                ExternalId = $"OV-S{i}", CustomerId = C(i), Instrument = "NPS", Question = "Recommend?", Score = i, ScaleMin = 0, ScaleMax = 10, AnsweredAt = at,
            });
        }
        for (var i = 0; i < 9; i++)
        {
            db.Opportunities.Add(new Opportunity { ExternalId = $"OV-Y{i}", CustomerId = C(i), Name = $"Deal {i}", Amount = 100m, CreatedAt = at });
        }
        // 11 scores: three metrics for customers 1–3 plus two more labels for customer 1.
        foreach (var metric in new[] { "clv", "p_alive", "rfm_segment" })
        {
            for (var i = 0; i < 3; i++)
            {
                db.CustomerScores.Add(new CustomerScore { CustomerId = C(i), AsOf = new DateOnly(2025, 3, 1), Metric = metric, Value = i, ModelVersion = "test" });
            }
        }
        db.CustomerScores.Add(new CustomerScore { CustomerId = C(0), AsOf = new DateOnly(2025, 4, 1), Metric = "clv", Value = 1, ModelVersion = "test" });
        db.CustomerScores.Add(new CustomerScore { CustomerId = C(0), AsOf = new DateOnly(2025, 5, 1), Metric = "clv", Value = 2, ModelVersion = "test" });
        await db.SaveChangesAsync();
    }
}
