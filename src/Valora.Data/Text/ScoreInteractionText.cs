using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Analysis;
using Valora.Data.Scores;
using Valora.Domain.Interactions;

namespace Valora.Data.Text;

/// <summary>What <see cref="ScoreInteractionText"/> reads and how it counts.</summary>
public sealed record InteractionTextRequest
{
    /// <summary>Classify interactions that occurred before this day (UTC midnight); default: the day after the latest one with a text.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>
    /// The class whose share is stored as <see cref="Metrics.InteractionText.NegativeShare"/>; default: the model's class
    /// named "negative" (any case) if it has one, else none (e.g. a response-class model, or a 0/1 model unless told "0").
    /// </summary>
    public string? NegativeClass { get; init; }

    /// <summary>Only what customers sent (<see cref="InteractionDirection.Inbound"/>), not the team's own messages to them.</summary>
    public bool InboundOnly { get; init; }
}

/// <summary>One customer's messages, counted by predicted class.</summary>
/// <param name="Shares">Share of the messages in each class, in the model's class order (sums to 1).</param>
/// <param name="NegativeShare">Share in the run's negative class (null: the run has none).</param>
/// <param name="LastAt">When the latest message before the as-of date occurred (UTC).</param>
public sealed record InteractionTextCustomer(
    long CustomerId,
    int Messages,
    IReadOnlyList<double> Shares,
    string TopClass,
    double TopShare,
    double? NegativeShare,
    string LastClass,
    double LastProbability,
    DateTime LastAt);

/// <summary>What a run stored: the text model's version and the date written on the scores, and the counts.</summary>
/// <param name="ClassCounts">Messages predicted in each class over all customers, in class order.</param>
public sealed record InteractionTextRun(
    string Version,
    DateOnly AsOf,
    IReadOnlyList<string> Classes,
    string? NegativeClass,
    bool InboundOnly,
    int Messages,
    IReadOnlyList<int> ClassCounts,
    IReadOnlyList<InteractionTextCustomer> Customers);

/// <summary>
/// Use case: classify Valora's own interaction texts with a saved text model (<c>valora text train</c>) and store per
/// customer, through <see cref="RunWriter"/>, how many messages there were, the share in each class, the top class,
/// the share in the negative class and the latest message's class and probability (<see cref="Metrics.InteractionText"/>).
/// Only interactions that occurred before the as-of date are read, so a run as of a past date says what was known then;
/// a re-run with the same model and date replaces its scores (a customer whose messages are gone loses theirs).
/// Blank texts are left out; the subject is not classified (the models learn message bodies).
/// </summary>
public sealed class ScoreInteractionText(ValoraDatabase database, TimeProvider? time = null)
{
    const int Batch = 4096;

    public async Task<InteractionTextRun> ExecuteAsync(TextModel model, InteractionTextRequest? request = null, bool save = true,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        request ??= new InteractionTextRequest();
        var classes = model.Classifier.Classes;
        var negative = NegativeIndex(classes, request.NegativeClass);

        progress?.Report("loading interaction texts");
        List<Message> messages;
        DateOnly asOf;
        await using (var db = database.CreateContext())
        {
            var withText = db.Interactions.AsNoTracking().Where(i => i.Text != null && i.Text != "");
            if (request.InboundOnly)
            {
                withText = withText.Where(i => i.Direction == InteractionDirection.Inbound);
            }
            if (request.AsOf is { } given)
            {
                asOf = given;
            }
            else
            {
                var latest = await withText.MaxAsync(i => (DateTime?)i.OccurredAt, ct)
                    ?? throw new NotAnalysableException(NotAnalysableReason.MissingInput,
                        request.InboundOnly ? "There are no inbound interactions with a text to classify." : "There are no interactions with a text to classify.")
                    { Model = Metrics.InteractionText.Model };
                asOf = DateOnly.FromDateTime(latest).AddDays(1);
            }
            var end = asOf.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            messages = (await withText.Where(i => i.OccurredAt < end)
                    .OrderBy(i => i.CustomerId).ThenBy(i => i.OccurredAt).ThenBy(i => i.Id)
                    .Select(i => new Message(i.CustomerId, i.OccurredAt, i.Text!))
                    .ToListAsync(ct))
                .Where(m => !string.IsNullOrWhiteSpace(m.Text))
                .ToList();
        }
        if (messages.Count == 0)
        {
            throw new NotAnalysableException(NotAnalysableReason.NotEnoughData,
                string.Create(CultureInfo.InvariantCulture, $"No {(request.InboundOnly ? "inbound " : "")}interaction with a text occurred before {asOf:yyyy-MM-dd}."))
            { Model = Metrics.InteractionText.Model };
        }

        var labels = new int[messages.Count];
        var probabilities = new double[messages.Count];
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        for (var start = 0; start < messages.Count; start += Batch)
        {
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"classifying messages {start + 1}–{Math.Min(start + Batch, messages.Count)} of {messages.Count}"));
            var chunk = messages.GetRange(start, Math.Min(Batch, messages.Count - start));
            var predictions = model.Classifier.Predict([.. chunk.Select(m => m.Text)], topTerms: 0);
            for (var k = 0; k < predictions.Count; k++)
            {
                labels[start + k] = index[predictions[k].Label];
                probabilities[start + k] = predictions[k].Probability;
            }
        }

        var customers = new List<InteractionTextCustomer>();
        var totals = new int[classes.Count];
        for (var from = 0; from < messages.Count;)
        {
            var to = from;
            while (to < messages.Count && messages[to].CustomerId == messages[from].CustomerId) to++;
            var counts = new int[classes.Count];
            for (var m = from; m < to; m++) counts[labels[m]]++;
            var n = to - from;
            var top = 0;
            for (var c = 1; c < counts.Length; c++) if (counts[c] > counts[top]) top = c;
            for (var c = 0; c < counts.Length; c++) totals[c] += counts[c];
            var last = to - 1;
            customers.Add(new InteractionTextCustomer(messages[from].CustomerId, n, [.. counts.Select(k => (double)k / n)], classes[top],
                (double)counts[top] / n, negative is { } neg ? (double)counts[neg] / n : null, classes[labels[last]], probabilities[last], messages[last].OccurredAt));
            from = to;
        }

        var negativeClass = negative is { } ni ? classes[ni] : null;
        if (save)
        {
            var run = new ScoringRun(Metrics.InteractionText.Model, model.Metadata.Version, asOf, Metrics.InteractionText.All, customers.Count,
                new { NegativeClass = negativeClass, request.InboundOnly, TextModel = model.Metadata.Version },
                new { Classes = classes, Messages = messages.Count, ClassCounts = totals, model.Metadata.Metrics });
            await RunWriter.WriteAsync(database, run, Rows(customers, classes), time, ct);
        }
        return new InteractionTextRun(model.Metadata.Version, asOf, classes, negativeClass, request.InboundOnly, messages.Count, totals, customers);
    }

    /// <summary>The shares as stored in <see cref="Metrics.InteractionText.ClassShares"/>: "class share; …" in class order.</summary>
    public static string FormatShares(IReadOnlyList<string> classes, IReadOnlyList<double> shares) =>
        string.Join("; ", classes.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} {shares[i]:0.######}")));

    /// <summary>A message time as stored in <see cref="Metrics.InteractionText.LastAt"/> (UTC, to the second).</summary>
    public static string FormatAt(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static int? NegativeIndex(IReadOnlyList<string> classes, string? requested)
    {
        if (requested is not null)
        {
            var at = classes.ToList().FindIndex(c => string.Equals(c, requested.Trim(), StringComparison.Ordinal));
            return at >= 0
                ? at
                : throw new ArgumentException($"the model has no class '{requested}' (its classes: {string.Join(", ", classes)}).", nameof(InteractionTextRequest.NegativeClass));
        }
        var named = classes.ToList().FindIndex(c => string.Equals(c, "negative", StringComparison.OrdinalIgnoreCase));
        return named >= 0 ? named : null;
    }

    static IEnumerable<ScoreRow> Rows(IEnumerable<InteractionTextCustomer> customers, IReadOnlyList<string> classes)
    {
        foreach (var c in customers)
        {
            yield return Metrics.InteractionText.Messages.Of(c.CustomerId, c.Messages);
            yield return Metrics.InteractionText.ClassShares.OfLabel(c.CustomerId, FormatShares(classes, c.Shares));
            yield return Metrics.InteractionText.TopClass.OfLabel(c.CustomerId, c.TopClass);
            yield return Metrics.InteractionText.TopShare.Of(c.CustomerId, c.TopShare);
            if (c.NegativeShare is { } negative) yield return Metrics.InteractionText.NegativeShare.Of(c.CustomerId, negative);
            yield return Metrics.InteractionText.LastClass.OfLabel(c.CustomerId, c.LastClass);
            yield return Metrics.InteractionText.LastProbability.Of(c.CustomerId, c.LastProbability);
            yield return Metrics.InteractionText.LastAt.OfLabel(c.CustomerId, FormatAt(c.LastAt));
        }
    }

    sealed record Message(long CustomerId, DateTime OccurredAt, string Text);
}
