namespace Valora.Domain.Customers;

public sealed class Tag
{
    public long Id { get; set; }
    public required string Name { get; set; }
}
