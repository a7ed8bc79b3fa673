namespace Valora.Domain.Sales;

public enum OrderStatus
{
    Completed = 0,
    Pending = 1,
    Cancelled = 2,
    Returned = 3,
}
