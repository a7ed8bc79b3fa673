namespace Valora.Domain.Sales;

/// <summary>
/// One line of an order. <see cref="LineTotal"/> is the revenue of the line as the source recorded it
/// (quantity × unit price when the source gives a unit price; the order value when it gives only a total).
/// </summary>
public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int LineNumber { get; set; }
    public long? ProductId { get; set; }
    public string? Sku { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public decimal LineTotal { get; set; }
    /// <summary>Cost of one unit; null when unknown (then the product's cost, if any, applies).</summary>
    public decimal? UnitCost { get; set; }
    public bool IsMerchandise { get; set; } = true;
}
