using Microsoft.EntityFrameworkCore;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Data.Tables;
using Valora.Data.Text;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Text;

public sealed class ScoreInteractionTextTests : IDisposable
{
    static readonly DateOnly AsOf = new(2024, 6, 30);
    const string Negative = "the flight was delayed and the crew was rude, worst";
    const string Positive = "great crew, thanks, love the seat, awesome";

    readonly string _dir = Directory.CreateTempSubdirectory("valora-itext-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public Task Execute_OnSqlite_CountsEachCustomersMessagesBeforeTheDate() => CountsBeforeTheDate(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Execute_OnPostgres_CountsEachCustomersMessagesBeforeTheDate() => CountsBeforeTheDate(DatabaseProvider.Postgres);

    [Fact]
    public async Task Execute_WithoutTexts_IsNotAnalysable_AndAnUnknownNegativeClassIsRefused()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        var model = TrainModel();
        var error = await Assert.ThrowsAsync<NotAnalysableException>(() => new ScoreInteractionText(test.Database).ExecuteAsync(model));
        Assert.Equal(Metrics.InteractionText.Model, error.Model);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() =>
            new ScoreInteractionText(test.Database).ExecuteAsync(model, new InteractionTextRequest { NegativeClass = "angry" }));
        Assert.Equal(nameof(InteractionTextRequest.NegativeClass), bad.ParamName);
    }

    async Task CountsBeforeTheDate(DatabaseProvider provider)
    {
        var model = TrainModel();
        // The texts are clearly one class each; the shares below are worked from these labels.
        var predicted = model.Classifier.Predict([Negative, Positive], 0);
        Assert.Equal(("negative", "positive"), (predicted[0].Label, predicted[1].Label));

        await using var test = await TestDatabase.CreateAsync(provider);
        var (a, b) = await SeedAsync(test.Database);

        var run = await new ScoreInteractionText(test.Database).ExecuteAsync(model, new InteractionTextRequest { AsOf = AsOf });

        // A: negative (Jan), positive (Mar), negative (Jun 29; outbound, counted) — the Jun 30 and July messages and the
        // blank one are not read. B: one positive. C: only a message after the date, so not scored.
        Assert.Equal((model.Metadata.Version, AsOf, 4), (run.Version, run.AsOf, run.Messages));
        Assert.Equal("negative", run.NegativeClass);
        Assert.Equal([2, 0, 2], run.ClassCounts);
        Assert.Equal([a, b], run.Customers.Select(c => c.CustomerId));
        var ca = run.Customers[0];
        Assert.Equal(3, ca.Messages);
        Assert.Equal([2.0 / 3, 0, 1.0 / 3], ca.Shares);
        Assert.Equal(("negative", 2.0 / 3, 2.0 / 3), (ca.TopClass, ca.TopShare, ca.NegativeShare!.Value));
        Assert.Equal(("negative", predicted[0].Probability), (ca.LastClass, ca.LastProbability));
        Assert.Equal(new DateTime(2024, 6, 29, 23, 59, 0, DateTimeKind.Utc), ca.LastAt);

        await using var db = test.Database.CreateContext();
        var stored = await db.CustomerScores.Where(s => s.ModelVersion == run.Version && s.AsOf == AsOf).ToListAsync();
        Assert.Equal(Metrics.InteractionText.All.Count * 2, stored.Count);
        Assert.Equal("negative 0.666667; neutral 0; positive 0.333333", stored.Single(s => s.CustomerId == a && s.Metric == "itext_class_shares").Label);
        Assert.Equal(0, stored.Single(s => s.CustomerId == b && s.Metric == "itext_negative_share").Value);
        Assert.Equal(1, stored.Single(s => s.CustomerId == b && s.Metric == "itext_messages").Value);
        Assert.Equal("2024-06-29T23:59:00Z", stored.Single(s => s.CustomerId == a && s.Metric == "itext_last_at").Label);

        // Inbound only: A's outbound message drops out, so A's latest is the March positive one.
        var inbound = await new ScoreInteractionText(test.Database).ExecuteAsync(model, new InteractionTextRequest { AsOf = AsOf, InboundOnly = true }, save: false);
        Assert.Equal([0.5, 0, 0.5], inbound.Customers[0].Shares);
        Assert.Equal("positive", inbound.Customers[0].LastClass);

        // A re-run replaces: the same rows, one run.
        await new ScoreInteractionText(test.Database).ExecuteAsync(model, new InteractionTextRequest { AsOf = AsOf });
        Assert.Equal(Metrics.InteractionText.All.Count * 2, await db.CustomerScores.CountAsync());
        Assert.Equal(1, await db.AnalysisRuns.CountAsync(r => r.Model == Metrics.InteractionText.Model));

        // Default as-of: the day after the latest message with a text (C's, 2024-07-05).
        var latest = await new ScoreInteractionText(test.Database).ExecuteAsync(model, save: false);
        Assert.Equal((new DateOnly(2024, 7, 6), 3), (latest.AsOf, latest.Customers.Count));
    }

    TextModel TrainModel()
    {
        var path = Path.Combine(_dir, "model.zip");
        if (!File.Exists(path))
        {
            var table = TableFile.Read(TrainTextFromTableTests.WriteMessages(_dir, 120, 3));
            TrainTextFromTable.Run(table, new TextTableOptions { Text = "text", Label = "sentiment", Folds = 3 }, path);
        }
        return TextModel.Load(path);
    }

    static async Task<(long A, long B)> SeedAsync(ValoraDatabase database)
    {
        await using var db = database.CreateContext();
        var (a, b, c) = (new Customer { ExternalId = "A" }, new Customer { ExternalId = "B" }, new Customer { ExternalId = "C" });
        db.Customers.AddRange(a, b, c);
        await db.SaveChangesAsync();
        db.Interactions.AddRange(
            Of("I1", a.Id, new DateTime(2024, 1, 10, 9, 0, 0, DateTimeKind.Utc), Negative),
            Of("I2", a.Id, new DateTime(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc), Positive),
            Of("I3", a.Id, new DateTime(2024, 6, 29, 23, 59, 0, DateTimeKind.Utc), Negative, InteractionDirection.Outbound),
            Of("I4", a.Id, new DateTime(2024, 6, 30, 0, 0, 0, DateTimeKind.Utc), Positive),
            Of("I5", a.Id, new DateTime(2024, 5, 1, 9, 0, 0, DateTimeKind.Utc), "   "),
            Of("I6", a.Id, new DateTime(2024, 5, 2, 9, 0, 0, DateTimeKind.Utc), null),
            Of("I7", b.Id, new DateTime(2024, 2, 1, 9, 0, 0, DateTimeKind.Utc), Positive),
            Of("I8", c.Id, new DateTime(2024, 7, 5, 9, 0, 0, DateTimeKind.Utc), Negative));
        await db.SaveChangesAsync();
        return (a.Id, b.Id);
    }

    static Interaction Of(string id, long customer, DateTime at, string? text, InteractionDirection direction = InteractionDirection.Inbound) =>
        new() { ExternalId = id, CustomerId = customer, OccurredAt = at, Text = text, Direction = direction };
}
