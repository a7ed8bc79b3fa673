using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Data;
using Valora.Data.Scores;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Scores;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;
using Valora.Server.Tests.Support;
using Valora.TestSupport;

namespace Valora.Server.Tests.Api.Records;

/// <summary>
/// The customer 360 on both databases: Alice (<see cref="CustomerData"/>: five orders in two currencies and statuses)
/// with two interactions, a complaint, an NPS answer, a referral of Bob, a tag, RFM and churn scores; Eve with nothing.
/// </summary>
public sealed class Customer360ApiTests
{
    [Fact]
    public Task Customer360_OnSqlite_HasEverythingAndSaysWhatIsMissing() => Customer360(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Customer360_OnPostgres_HasEverythingAndSaysWhatIsMissing() => Customer360(DatabaseProvider.Postgres);

    static async Task Customer360(DatabaseProvider provider)
    {
        await using var server = await RecordServer.StartAsync(provider);
        long alice, bob, eve;
        var asOf = new DateOnly(2024, 7, 1);
        await using (var db = server.Db())
        {
            alice = await CustomerData.InsertAsync(db);
            bob = db.Customers.Single(c => c.ExternalId == "C-002").Id;
            eve = db.Customers.Single(c => c.ExternalId == "C-005").Id;
            db.Interactions.AddRange(
                new Interaction { ExternalId = "I1", CustomerId = alice, Channel = InteractionChannel.Email, OccurredAt = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
                new Interaction { ExternalId = "I2", CustomerId = alice, Channel = InteractionChannel.Phone, OccurredAt = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), Outcome = "interested" },
                new Interaction { ExternalId = "I3", CustomerId = bob, Channel = InteractionChannel.Sms, OccurredAt = new DateTime(2024, 6, 2, 0, 0, 0, DateTimeKind.Utc) });
            db.Tickets.Add(new Ticket { ExternalId = "T1", CustomerId = alice, Kind = TicketKind.Complaint, Status = TicketStatus.Open, OpenedAt = new DateTime(2024, 6, 5, 0, 0, 0, DateTimeKind.Utc) });
            db.SurveyResponses.Add(new SurveyResponse { ExternalId = "S1", CustomerId = alice, Instrument = "nps", Question = "Recommend?", Score = 9, ScaleMax = 10, AnsweredAt = new DateTime(2024, 6, 6, 0, 0, 0, DateTimeKind.Utc) });
            db.Referrals.Add(new Referral { ReferrerCustomerId = alice, ReferredCustomerId = bob, ReferredOn = new DateOnly(2024, 2, 1) });
            db.AnalysisRuns.AddRange(Run(Metrics.Rfm.Model, "rfm-b5", asOf), Run(Metrics.Churn.Model, "churn-v1", asOf));
            db.CustomerScores.AddRange(
                new CustomerScore { CustomerId = alice, Metric = Metrics.Rfm.Segment.Name, Label = "Champions", AsOf = asOf, ModelVersion = "rfm-b5" },
                new CustomerScore { CustomerId = alice, Metric = Metrics.Rfm.Segment.Name, Label = "New", AsOf = new DateOnly(2024, 1, 1), ModelVersion = "rfm-b5" },
                new CustomerScore { CustomerId = alice, Metric = Metrics.Churn.Probability.Name, Value = 0.25, AsOf = asOf, ModelVersion = "churn-v1" });
            await db.SaveChangesAsync();
        }
        using (var tag = await server.SendAsync(HttpMethod.Post, $"/api/customers/{alice}/tags", """{"tags":["vip"]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, tag.StatusCode);
        }

        using var response = await server.Client.GetAsync(new Uri($"/api/customers/{alice}/360?recent=2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Alice Martin", view.GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal(response.Headers.ETag!.ToString(), view.GetProperty("profile").GetProperty("eTag").GetString());
        Assert.Equal(["vip"], view.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        // Recent orders newest first (the returned A4 of 2024-07-01, then A2); totals over all five.
        Assert.Equal(["A4", "A2"], view.GetProperty("recentOrders").EnumerateArray().Select(o => o.GetProperty("externalId").GetString()));
        var totals = view.GetProperty("orderTotals");
        Assert.Equal((CustomerData.AliceOrders, CustomerData.AliceCompletedOrders), (totals.GetProperty("orders").GetInt32(), totals.GetProperty("completedOrders").GetInt32()));
        Assert.Equal(CustomerData.AliceRevenueUsd, totals.GetProperty("revenueByCurrency").GetProperty("USD").GetDecimal());
        Assert.Equal(CustomerData.AliceRevenueEur, totals.GetProperty("revenueByCurrency").GetProperty("EUR").GetDecimal());
        Assert.Equal(CustomerData.AliceFirstCompleted, totals.GetProperty("firstCompletedAt").GetDateTime().ToUniversalTime());
        Assert.Equal(2, view.GetProperty("interactions").GetInt32());
        Assert.Equal(["phone", "email"], view.GetProperty("recentInteractions").EnumerateArray().Select(i => i.GetProperty("channel").GetString()));
        Assert.Equal((1, 1), (view.GetProperty("tickets").GetInt32(), view.GetProperty("openTickets").GetInt32()));
        Assert.Equal("complaint", view.GetProperty("recentTickets")[0].GetProperty("kind").GetString());
        Assert.Equal(9, view.GetProperty("recentSurveys")[0].GetProperty("score").GetInt32());
        var referral = Assert.Single(view.GetProperty("referrals").EnumerateArray());
        Assert.Equal(("referred", bob), (referral.GetProperty("direction").GetString(), referral.GetProperty("otherCustomerId").GetInt64()));
        // The latest score of each metric, with as-of date and version; the older segment is not shown.
        var scores = view.GetProperty("scores").EnumerateArray().ToDictionary(s => s.GetProperty("metric").GetString()!);
        Assert.Equal(("Champions", "2024-07-01", "rfm-b5", "rfm"), (scores["rfm_segment"].GetProperty("label").GetString(),
            scores["rfm_segment"].GetProperty("asOf").GetString(), scores["rfm_segment"].GetProperty("modelVersion").GetString(),
            scores["rfm_segment"].GetProperty("model").GetString()));
        Assert.Equal(0.25, scores["churn_probability"].GetProperty("value").GetDouble());
        var missing = view.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains("scores.clv", missing);
        Assert.DoesNotContain("scores.rfm", missing);
        Assert.DoesNotContain("scores.churn", missing);
        Assert.DoesNotContain("orders", missing);

        // Eve has nothing yet, and the 360 says so part by part.
        var empty = await server.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{eve}/360", UriKind.Relative));
        var none = empty.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Equal(["orders", "interactions", "tickets", "surveys", "referrals", "tags"], none.Where(m => !m.StartsWith("scores.", StringComparison.Ordinal)));
        Assert.Contains("scores.rfm", none);
        Assert.Equal(0, empty.GetProperty("orderTotals").GetProperty("orders").GetInt32());
        Assert.Empty(empty.GetProperty("scores").EnumerateArray());

        using (var unknown = await server.Client.GetAsync(new Uri("/api/customers/987654/360", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var bad = await server.Client.GetAsync(new Uri($"/api/customers/{alice}/360?recent=0", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
    }

    static AnalysisRun Run(string model, string version, DateOnly asOf) =>
        new() { Model = model, Version = version, AsOf = asOf, RanAt = DateTime.UtcNow, ParametersJson = "{}", SummaryJson = "{}" };
}
