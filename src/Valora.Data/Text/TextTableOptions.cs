using Valora.Analytics.Text;

namespace Valora.Data.Text;

/// <summary>How <see cref="TrainTextFromTable"/> reads a user's table and trains.</summary>
public sealed record TextTableOptions
{
    /// <summary>The text column (e.g. "review").</summary>
    public required string Text { get; init; }

    /// <summary>The label column (e.g. "label").</summary>
    public required string Label { get; init; }

    /// <summary>Stratified cross-validation folds (2 or more), drawn with <see cref="Seed"/>.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Keep only rows whose column <c>Column</c> holds <c>Value</c> (trimmed, case-sensitive), e.g. sentiment = negative.</summary>
    public (string Column, string Value)? Where { get; init; }

    /// <summary>Seed of the folds and the learner.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Featurisation and learner settings (their own seed is replaced by <see cref="Seed"/>).</summary>
    public TextTrainingOptions Training { get; init; } = new();

    /// <summary>Top terms kept per class in the model file.</summary>
    public int TopTerms { get; init; } = 10;
}
