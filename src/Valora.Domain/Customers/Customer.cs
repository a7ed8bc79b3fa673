namespace Valora.Domain.Customers;

/// <summary>A person or business that buys from us. <see cref="ExternalId"/> is the id in the source system.</summary>
public sealed class Customer
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DateOnly? BirthDate { get; set; }
    public Gender Gender { get; set; }
    /// <summary>Yearly income in the customer's currency; null when unknown.</summary>
    public decimal? Income { get; set; }
    public string? City { get; set; }
    public string? Region { get; set; }
    public string? Country { get; set; }
    public DateOnly? SignupDate { get; set; }
    public string? AcquisitionChannel { get; set; }
    /// <summary>What it cost to acquire this customer; null when unknown.</summary>
    public decimal? AcquisitionCost { get; set; }
    public bool EmailConsent { get; set; }
    public bool SmsConsent { get; set; }
    public bool PhoneConsent { get; set; }
}
