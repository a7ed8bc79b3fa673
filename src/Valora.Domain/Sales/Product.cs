namespace Valora.Domain.Sales;

public sealed class Product
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public string? Name { get; set; }
    public string? Category { get; set; }
    /// <summary>Standard cost of one unit; null when unknown.</summary>
    public decimal? UnitCost { get; set; }
    /// <summary>False for postage, bank charges, fees and other lines that are not goods.</summary>
    public bool IsMerchandise { get; set; } = true;
}
