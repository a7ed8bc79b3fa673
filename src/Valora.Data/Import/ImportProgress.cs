namespace Valora.Data.Import;

/// <summary>
/// Reported after each committed batch: records (orders for order imports) and rows (order lines) written so far,
/// and batches committed.
/// </summary>
public readonly record struct ImportProgress(long Records, long Rows, int Batches);
