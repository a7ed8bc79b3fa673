using System.Globalization;

namespace Valora.Data.Text;

/// <summary>What <see cref="ScoreInteractionTextFromRecords"/> learns from and how it scores.</summary>
public sealed record InteractionTextFromRecordsRequest
{
    /// <summary>The records the model learns from (<see cref="TextRecords.LoadAsync"/>).</summary>
    public TextRecordSource Source { get; init; } = ScoreInteractionTextFromRecords.DefaultSource;

    /// <summary>The label column; null: <see cref="TextRecords.DefaultLabel"/> of the source.</summary>
    public string? Label { get; init; }

    /// <summary>Stratified cross-validation folds of the training (2–20).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Train on records and classify interactions before this day (UTC midnight); null: all records, and the scorer's default date.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The class counted as negative per customer (<see cref="InteractionTextRequest.NegativeClass"/>).</summary>
    public string? NegativeClass { get; init; }

    /// <summary>Only what customers sent (<see cref="InteractionTextRequest.InboundOnly"/>).</summary>
    public bool InboundOnly { get; init; }

    /// <summary>The label column the request resolves to.</summary>
    public string LabelColumn => Label?.Trim() ?? TextRecords.DefaultLabel(Source);

    /// <summary>The first field that breaks a rule, in the request's own words, or null when all is well.</summary>
    public (string Field, string Rule)? Check()
    {
        if (!TextRecords.LabelColumns(Source).Contains(LabelColumn, StringComparer.Ordinal))
        {
            return (nameof(Label), $"'{Label}' is not a label of {TextRecords.NameOf(Source)}: use {string.Join(", ", TextRecords.LabelColumns(Source))}.");
        }
        if (Folds is < 2 or > 20)
        {
            return (nameof(Folds), string.Create(CultureInfo.InvariantCulture, $"folds must be between 2 and 20 but was {Folds}."));
        }
        if (NegativeClass is { } negative && string.IsNullOrWhiteSpace(negative))
        {
            return (nameof(NegativeClass), "negativeClass must name a class, or be left out.");
        }
        return null;
    }
}

/// <summary>What <see cref="ScoreInteractionTextFromRecords"/> trained and stored.</summary>
/// <param name="Training">The text model trained from the records (not saved to a file), with its cross-validation.</param>
/// <param name="Run">The interaction-text run scored with it.</param>
public sealed record InteractionTextFromRecordsRun(TextRecordSource Source, string Label, TextTrainingResult Training, InteractionTextRun Run);

/// <summary>
/// Use case: train a text model from Valora's own labelled records (<see cref="TextRecords"/> through
/// <see cref="TrainTextFromTable"/>, the path of <c>valora text train --records</c>), then classify the stored
/// interaction texts with it and store the per-customer scores (<see cref="ScoreInteractionText"/>) — both as of one
/// date, so neither the model nor the scores see what happened after it. The model lives only for the run; its version
/// is written on the scores.
/// </summary>
public sealed class ScoreInteractionTextFromRecords(ValoraDatabase database, TimeProvider? time = null)
{
    /// <summary>The records learned from when none are named: the ticket kind (complaint, inquiry, feedback) says which response a message calls for.</summary>
    public const TextRecordSource DefaultSource = TextRecordSource.Tickets;

    /// <exception cref="ArgumentException">A field of the request breaks a rule, or the negative class is not one of the model's classes.</exception>
    /// <exception cref="InvalidDataException">The records cannot train a model (none, one class only, too few for the folds).</exception>
    public async Task<InteractionTextFromRecordsRun> ExecuteAsync(InteractionTextFromRecordsRequest request, bool save = true,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        progress?.Report($"loading {TextRecords.NameOf(request.Source)} to learn from");
        var table = await TextRecords.LoadAsync(database, request.Source, request.AsOf, ct);
        var options = new TextTableOptions { Text = TextRecords.TextColumn, Label = request.LabelColumn, Folds = request.Folds };
        // The trainer is synchronous and CPU-bound; run it off the caller's thread so a job's progress stays readable.
        var trained = await Task.Run(() => TrainTextFromTable.Run(table, options, outPath: null, m => progress?.Report(m)), ct);
        ct.ThrowIfCancellationRequested();
        var run = await new ScoreInteractionText(database, time).ExecuteAsync(trained.Trained,
            new InteractionTextRequest { AsOf = request.AsOf, NegativeClass = request.NegativeClass, InboundOnly = request.InboundOnly }, save, progress, ct);
        return new InteractionTextFromRecordsRun(request.Source, request.LabelColumn, trained, run);
    }
}
