namespace Valora.Domain.Customers;

public sealed class CustomerTag
{
    public long CustomerId { get; set; }
    public long TagId { get; set; }
}
