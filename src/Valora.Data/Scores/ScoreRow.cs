namespace Valora.Data.Scores;

/// <summary>One score to write: a number, a label, or both, for one customer.</summary>
public readonly record struct ScoreRow(long CustomerId, string Metric, double? Value, string? Label = null);
