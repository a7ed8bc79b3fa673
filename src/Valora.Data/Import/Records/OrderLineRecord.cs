namespace Valora.Data.Import.Records;

/// <param name="LineTotal">Revenue of the line as the source recorded it.</param>
public sealed record OrderLineRecord(int LineNumber, string? Sku, int Quantity, decimal UnitPrice, decimal LineTotal)
{
    public decimal? UnitCost { get; init; }
    public bool IsMerchandise { get; init; } = true;
    public string? Description { get; init; }
}
