namespace Valora.Data.Import.Records;

public sealed record ProductRecord(string Sku)
{
    public string? Name { get; init; }
    public string? Category { get; init; }
    public decimal? UnitCost { get; init; }
    public bool IsMerchandise { get; init; } = true;
}
