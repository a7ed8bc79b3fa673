namespace Valora.Domain.Customers;

/// <summary>One customer brought another. A pair appears once.</summary>
public sealed class Referral
{
    public long Id { get; set; }
    public long ReferrerCustomerId { get; set; }
    public long ReferredCustomerId { get; set; }
    public DateOnly ReferredOn { get; set; }
}
