using Valora.Domain.Sales;

namespace Valora.Data.Import.Records;

/// <summary>A validated order with its lines; the customer is referenced by external id.</summary>
public sealed record OrderRecord(string ExternalId, string CustomerExternalId, DateTime OrderedAt)
{
    public string Currency { get; init; } = "USD";
    public string? Channel { get; init; }
    public OrderStatus Status { get; init; } = OrderStatus.Completed;
    public List<OrderLineRecord> Lines { get; init; } = [];
}
