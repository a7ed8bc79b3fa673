using Valora.Data.Text;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Text;

/// <summary>Valora's own records as a training table: the rows, columns and date cut on both providers.</summary>
public sealed class TextRecordsTests
{
    static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public Task Load_OnSqlite_ReadsEachSourcesTextsBeforeTheDate() => ReadsBeforeTheDate(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Load_OnPostgres_ReadsEachSourcesTextsBeforeTheDate() => ReadsBeforeTheDate(DatabaseProvider.Postgres);

    [Theory]
    [InlineData("tickets", TextRecordSource.Tickets)]
    [InlineData(" Interactions ", TextRecordSource.Interactions)]
    [InlineData("SURVEYS", TextRecordSource.Surveys)]
    public void Parse_AcceptsEachSourceInAnyCase(string value, TextRecordSource expected) => Assert.Equal(expected, TextRecords.Parse(value));

    [Fact]
    public void Parse_RefusesAnUnknownSource_NamingTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => TextRecords.Parse("emails"));
        Assert.Contains("tickets, interactions or surveys", error.Message, StringComparison.Ordinal);
        Assert.Contains("'emails'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("emails")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData(null)]
    public void TryParse_AnythingButASourceName_IsRefused(string? value)
    {
        Assert.False(TextRecords.TryParse(value, out _));
        Assert.True(TextRecords.TryParse(" Tickets ", out var tickets));
        Assert.Equal(TextRecordSource.Tickets, tickets);
        Assert.Equal(["tickets", "interactions", "surveys"], TextRecords.Names);
    }

    [Fact]
    public async Task LabelColumns_OfEverySource_AreColumnsOfItsTable_DefaultFirst()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        foreach (var source in Enum.GetValues<TextRecordSource>())
        {
            var table = await TextRecords.LoadAsync(test.Database, source);
            var labels = TextRecords.LabelColumns(source);
            Assert.Equal(TextRecords.DefaultLabel(source), labels[0]);
            Assert.All(labels, l => Assert.Contains(l, table.Columns));
            Assert.DoesNotContain(TextRecords.TextColumn, labels);
        }
    }

    [Theory]
    [InlineData(10, "promoter")]
    [InlineData(9, "promoter")]
    [InlineData(8, "passive")]
    [InlineData(7, "passive")]
    [InlineData(6, "detractor")]
    [InlineData(0, "detractor")]
    public void NpsGroup_OnTheZeroToTenScale(int score, string expected) => Assert.Equal(expected, TextRecords.NpsGroup(score, 0, 10));

    [Fact]
    public void NpsGroup_IsBlankOffTheNpsScaleOrWithoutAScore()
    {
        Assert.Equal("", TextRecords.NpsGroup(5, 1, 5));
        Assert.Equal("", TextRecords.NpsGroup(null, 0, 10));
    }

    static async Task ReadsBeforeTheDate(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await SeedAsync(test.Database);

        var tickets = await TextRecords.LoadAsync(test.Database, TextRecordSource.Tickets, AsOf);
        Assert.Equal(["ticket", "customer", "opened_at", "subject", "text", "kind", "priority", "status"], tickets.Columns);
        // T3 is after the date and T4 has no text: only T2 (oldest) and T1 remain, oldest first.
        Assert.Equal(
            [
                ["T2", "B", "2024-02-01T08:30:00Z", "", "where is my parcel", "Inquiry", "Normal", "Open"],
                ["T1", "A", "2024-03-05T10:00:00Z", "Broken", "it arrived broken", "Complaint", "High", "Resolved"],
            ],
            tickets.Rows);
        Assert.Equal("valora tickets before 2024-06-30", tickets.Path);

        var interactions = await TextRecords.LoadAsync(test.Database, TextRecordSource.Interactions, AsOf);
        Assert.Equal(["interaction", "customer", "occurred_at", "channel", "direction", "subject", "text", "outcome", "responded"], interactions.Columns);
        Assert.Equal(
            [
                ["I1", "A", "2024-01-10T09:00:00Z", "Email", "Outbound", "Offer", "ten percent off", "accepted", "yes"],
                ["I2", "B", "2024-06-29T23:59:00Z", "Chat", "Inbound", "", "thanks a lot", "", ""],
            ],
            interactions.Rows);

        var surveys = await TextRecords.LoadAsync(test.Database, TextRecordSource.Surveys, AsOf);
        Assert.Equal(["response", "customer", "answered_at", "instrument", "question", "text", "score", "nps_group"], surveys.Columns);
        Assert.Equal(
            [
                ["S1", "A", "2024-04-01T00:00:00Z", "nps", "recommend", "love it", "9", "promoter"],
                ["S2", "B", "2024-05-01T00:00:00Z", "csat", "satisfied", "so-so", "3", ""],
            ],
            surveys.Rows);

        // Without a date every record with a text is read; the date only cuts.
        Assert.Equal(3, (await TextRecords.LoadAsync(test.Database, TextRecordSource.Tickets)).Rows.Count);
        Assert.Equal("valora tickets", (await TextRecords.LoadAsync(test.Database, TextRecordSource.Tickets)).Path);
        Assert.Empty((await TextRecords.LoadAsync(test.Database, TextRecordSource.Surveys, new DateOnly(2024, 4, 1))).Rows);
    }

    static async Task SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var (a, b) = (new Customer { ExternalId = "A" }, new Customer { ExternalId = "B" });
        db.Customers.AddRange(a, b);
        await db.SaveChangesAsync();
        db.Tickets.AddRange(
            new Ticket
            {
                ExternalId = "T1", CustomerId = a.Id, Kind = TicketKind.Complaint, Priority = TicketPriority.High, Status = TicketStatus.Resolved,
                Subject = "Broken", Text = "it arrived broken", OpenedAt = new DateTime(2024, 3, 5, 10, 0, 0, DateTimeKind.Utc),
            },
            new Ticket { ExternalId = "T2", CustomerId = b.Id, Kind = TicketKind.Inquiry, Text = "where is my parcel", OpenedAt = new DateTime(2024, 2, 1, 8, 30, 0, DateTimeKind.Utc) },
            new Ticket { ExternalId = "T3", CustomerId = b.Id, Kind = TicketKind.Feedback, Text = "late one", OpenedAt = new DateTime(2024, 6, 30, 0, 0, 0, DateTimeKind.Utc) },
            new Ticket { ExternalId = "T4", CustomerId = a.Id, Kind = TicketKind.Inquiry, Text = "", OpenedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        db.Interactions.AddRange(
            new Interaction
            {
                ExternalId = "I1", CustomerId = a.Id, OccurredAt = new DateTime(2024, 1, 10, 9, 0, 0, DateTimeKind.Utc), Channel = InteractionChannel.Email,
                Direction = InteractionDirection.Outbound, Subject = "Offer", Text = "ten percent off", Outcome = "accepted", Responded = true,
            },
            new Interaction
            {
                ExternalId = "I2", CustomerId = b.Id, OccurredAt = new DateTime(2024, 6, 29, 23, 59, 0, DateTimeKind.Utc), Channel = InteractionChannel.Chat,
                Direction = InteractionDirection.Inbound, Text = "thanks a lot",
            },
            new Interaction { ExternalId = "I3", CustomerId = b.Id, OccurredAt = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc), Text = null });
        db.SurveyResponses.AddRange(
            new SurveyResponse
            {
                ExternalId = "S1", CustomerId = a.Id, Instrument = "nps", Question = "recommend", Score = 9, ScaleMin = 0, ScaleMax = 10, Text = "love it",
                AnsweredAt = new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc),
            },
            new SurveyResponse
            {
                ExternalId = "S2", CustomerId = b.Id, Instrument = "csat", Question = "satisfied", Score = 3, ScaleMin = 1, ScaleMax = 5, Text = "so-so",
                AnsweredAt = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc),
            },
            new SurveyResponse
            {
                ExternalId = "S3", CustomerId = b.Id, Instrument = "nps", Question = "recommend", Score = 2, ScaleMin = 0, ScaleMax = 10, Text = "later",
                AnsweredAt = new DateTime(2024, 7, 1, 0, 0, 0, DateTimeKind.Utc),
            });
        await db.SaveChangesAsync();
    }
}
