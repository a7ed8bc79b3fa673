namespace Valora.Domain.Sales;

public sealed class Order
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    /// <summary>When the order was placed, UTC.</summary>
    public DateTime OrderedAt { get; set; }
    public string Currency { get; set; } = "USD";
    public string? Channel { get; set; }
    public OrderStatus Status { get; set; } = OrderStatus.Completed;
    public List<OrderLine> Lines { get; set; } = [];
}
