using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Valora.Data;
using Valora.Data.Demo;
using Valora.Data.Scores;
using Valora.Data.Text;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Server.Tests.Support;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Server.Tests.Api;

public sealed class TextApiTests(ClustersFixture fixture) : IClassFixture<ClustersFixture>
{
    const string Url = "/api/text/score-interactions";

    [Fact]
    [Trait("Issue", "15")]
    public Task ScoreThenRead_OnSqlite_MatchesADirectRunAndTheStoredScores() => ScoreThenRead(fixture.CreateClient(), fixture.Factory.Database);

    [PostgresFact]
    [Trait("Issue", "15")]
    public async Task ScoreThenRead_OnPostgres_MatchesADirectRunAndTheStoredScores()
    {
        await using var test = await TestDatabase.CreatePostgresAsync();
        await using var factory = new ValoraServerFactory(test.Database.ConnectionString);
        _ = factory.Services;
        await new DemoLoader(factory.Database).ExecuteAsync(ClustersFixture.Demo);
        using var client = factory.CreateClient();
        await ScoreThenRead(client, factory.Database);
    }

    [Theory]
    [InlineData("""{"records":"emails"}""", "records")]
    [InlineData("""{"label":"nope"}""", "label")]
    [InlineData("""{"records":"interactions","label":"kind"}""", "label")]
    [InlineData("""{"records":"surveys","label":" "}""", "label")]
    [InlineData("""{"folds":1}""", "folds")]
    [InlineData("""{"negativeClass":"  "}""", "negativeClass")]
    public async Task Score_BadField_Returns400NamingIt(string body, string field)
    {
        using var client = fixture.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(Url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Score_UnknownField_Returns400()
    {
        using var client = fixture.CreateClient();
        using var content = new StringContent("""{"record":"tickets"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(Url, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Score_NegativeClassTheModelLacks_FailsTheJobNamingTheFieldAndStoresNothing()
    {
        using var client = fixture.CreateClient();
        var job = await JobPolling.StartAndWaitAsync(client, Url, new { folds = 2, negativeClass = "angry" });
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("negativeClass: the model has no class 'angry' (its classes: Complaint, Feedback, Inquiry).", job.GetProperty("error").GetString());
        await using var db = fixture.Factory.Database.CreateContext();
        Assert.False(await db.AnalysisRuns.AnyAsync(r => r.Model == Metrics.InteractionText.Model && r.ParametersJson.Contains("angry")));
    }

    [Fact]
    public async Task Score_NoRecordsBeforeTheDate_FailsTheJobSayingSo()
    {
        using var client = fixture.CreateClient();
        var job = await JobPolling.StartAndWaitAsync(client, Url, new { records = "surveys", asOf = "1990-01-01" });
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("'valora surveys before 1990-01-01' has no data rows.", job.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Score_OneClassOnly_FailsTheJobNamingTheLabelInTheApisWords()
    {
        // The demo writes survey comments on its NPS question only, so the instrument label holds one class.
        using var client = fixture.CreateClient();
        var job = await JobPolling.StartAndWaitAsync(client, Url, new { records = "surveys", label = "instrument", folds = 2 });
        var error = job.GetProperty("error").GetString() ?? "";
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.StartsWith("label: column 'instrument' holds one class only ('NPS') in the ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_Unknown_Returns404()
    {
        using var client = fixture.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/text/customers/987654321", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No such customer", problem.GetProperty("title").GetString());
    }

    /// <summary>
    /// Learns the ticket kind from the demo's tickets (3 folds), classifies the inbound interaction texts with Complaint
    /// as the negative class. The job's counts are compared with the interactions table (messages and customers
    /// before the as-of date, counted here) and with a direct run of the same training and scoring that stores nothing;
    /// each customer's read with the rows stored for the run and the direct run's figures.
    /// </summary>
    static async Task ScoreThenRead(HttpClient client, ValoraDatabase database)
    {
        long someone;
        await using (var db = database.CreateContext())
        {
            someone = await db.Interactions.Where(i => i.Text != null && i.Text != "" && i.Direction == InteractionDirection.Inbound)
                .Select(i => i.CustomerId).FirstAsync();
        }
        using (var before = await client.GetAsync(new Uri($"/api/text/customers/{someone}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            var problem = await before.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("No message classes yet", problem.GetProperty("title").GetString());
        }

        var job = await JobPolling.StartAndWaitAsync(client, Url, new { folds = 3, negativeClass = "Complaint", inboundOnly = true });
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
        var result = job.GetProperty("result");
        var asOf = DateOnly.Parse(result.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture);
        var version = result.GetProperty("version").GetString()!;
        Assert.Equal(("tickets", "kind", "Complaint", true), (result.GetProperty("records").GetString(), result.GetProperty("label").GetString(),
            result.GetProperty("negativeClass").GetString(), result.GetProperty("inboundOnly").GetBoolean()));

        // The interactions table, counted here: inbound, a non-blank text, before the as-of day.
        var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var read = database.CreateContext();
        var texts = (await read.Interactions.AsNoTracking()
                .Where(i => i.Direction == InteractionDirection.Inbound && i.OccurredAt < end && i.Text != null)
                .Select(i => new { i.CustomerId, i.Text }).ToListAsync())
            .Where(i => !string.IsNullOrWhiteSpace(i.Text)).ToList();
        Assert.Equal(texts.Count, result.GetProperty("messages").GetInt32());
        Assert.Equal(texts.Select(t => t.CustomerId).Distinct().Count(), result.GetProperty("customersScored").GetInt32());
        var tickets = (await read.Tickets.AsNoTracking().Select(t => t.Text).ToListAsync()).Count(t => !string.IsNullOrWhiteSpace(t));
        Assert.Equal(tickets, result.GetProperty("trainedOn").GetInt32());

        // The same training and scoring, run directly and not stored.
        var table = await TextRecords.LoadAsync(database, TextRecordSource.Tickets);
        var trained = TrainTextFromTable.Run(table, new TextTableOptions { Text = "text", Label = "kind", Folds = 3 }, outPath: null);
        var direct = await new ScoreInteractionText(database).ExecuteAsync(trained.Trained,
            new InteractionTextRequest { NegativeClass = "Complaint", InboundOnly = true }, save: false);
        Assert.Equal(direct.AsOf, asOf);
        Assert.Equal(direct.Classes, result.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(direct.Classes.Select((c, i) => (c, direct.ClassCounts[i])),
            result.GetProperty("classCounts").EnumerateArray().Select(c => (c.GetProperty("class").GetString()!, c.GetProperty("messages").GetInt32())));
        Assert.Equal(direct.Customers.Count, result.GetProperty("customersScored").GetInt32());
        Assert.Equal(trained.CrossValidation.Mean["macro_f1"], result.GetProperty("macroF1").GetDouble(), 12);
        Assert.InRange(result.GetProperty("macroF1").GetDouble(), 0, 1);

        // What was stored for the run: one messages row per customer scored, summing to the messages.
        var stored = await read.CustomerScores.AsNoTracking().Where(s => s.ModelVersion == version && s.AsOf == asOf).ToListAsync();
        var messageRows = stored.Where(s => s.Metric == "itext_messages").ToList();
        Assert.Equal(direct.Customers.Count, messageRows.Count);
        Assert.Equal(texts.Count, messageRows.Sum(s => s.Value!.Value));

        var most = direct.Customers.OrderByDescending(c => c.Messages).ThenBy(c => c.CustomerId).First();
        foreach (var expected in new[] { most, direct.Customers[0], direct.Customers[^1] })
        {
            var view = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/text/customers/{expected.CustomerId}", UriKind.Relative));
            var mine = stored.Where(s => s.CustomerId == expected.CustomerId).ToDictionary(s => s.Metric, StringComparer.Ordinal);
            Assert.Equal((version, asOf), (view.GetProperty("modelVersion").GetString(), DateOnly.Parse(view.GetProperty("asOf").GetString()!, CultureInfo.InvariantCulture)));
            Assert.Equal(expected.Messages, view.GetProperty("messages").GetInt32());
            Assert.Equal(mine["itext_messages"].Value, view.GetProperty("messages").GetInt32());
            Assert.Equal((mine["itext_top_class"].Label, expected.TopClass), (view.GetProperty("topClass").GetString(), view.GetProperty("topClass").GetString()));
            Assert.Equal(mine["itext_top_share"].Value!.Value, view.GetProperty("topShare").GetDouble(), 12);
            Assert.Equal(expected.TopShare, view.GetProperty("topShare").GetDouble(), 12);
            Assert.Equal("Complaint", view.GetProperty("negativeClass").GetString());
            Assert.Equal(mine["itext_negative_share"].Value!.Value, view.GetProperty("negativeShare").GetDouble(), 12);
            Assert.Equal(expected.NegativeShare!.Value, view.GetProperty("negativeShare").GetDouble(), 12);
            Assert.Equal((mine["itext_last_class"].Label, expected.LastClass), (view.GetProperty("lastClass").GetString(), view.GetProperty("lastClass").GetString()));
            Assert.Equal(expected.LastProbability, view.GetProperty("lastProbability").GetDouble(), 9);
            Assert.Equal(mine["itext_last_probability"].Value!.Value, view.GetProperty("lastProbability").GetDouble(), 12);
            var lastAt = view.GetProperty("lastAt").GetDateTime().ToUniversalTime();
            Assert.Equal(expected.LastAt.Ticks / TimeSpan.TicksPerSecond, lastAt.Ticks / TimeSpan.TicksPerSecond);
            var shares = view.GetProperty("classShares").EnumerateArray().ToList();
            Assert.Equal(direct.Classes, shares.Select(s => s.GetProperty("class").GetString()));
            for (var c = 0; c < shares.Count; c++)
            {
                Assert.Equal(expected.Shares[c], shares[c].GetProperty("share").GetDouble(), 6);
            }
            // Shares recounted from the customer's own messages: the top share is the largest class share.
            Assert.Equal(shares.Max(s => s.GetProperty("share").GetDouble()), view.GetProperty("topShare").GetDouble(), 6);
        }

        // A customer who wrote nothing has no classes.
        long silent;
        await using (var db = database.CreateContext())
        {
            var customer = new Customer { ExternalId = "TEXT-SILENT" };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            silent = customer.Id;
        }
        using var none = await client.GetAsync(new Uri($"/api/text/customers/{silent}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("No message classes yet", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
