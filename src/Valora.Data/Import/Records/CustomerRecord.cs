using Valora.Domain.Customers;

namespace Valora.Data.Import.Records;

/// <summary>A validated customer row, keyed by its external id. Importers and the demo generator both produce these.</summary>
public sealed record CustomerRecord(string ExternalId)
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public DateOnly? BirthDate { get; init; }
    public Gender Gender { get; init; }
    public decimal? Income { get; init; }
    public string? City { get; init; }
    public string? Region { get; init; }
    public string? Country { get; init; }
    public DateOnly? SignupDate { get; init; }
    public string? AcquisitionChannel { get; init; }
    public decimal? AcquisitionCost { get; init; }
    public bool EmailConsent { get; init; }
    public bool SmsConsent { get; init; }
    public bool PhoneConsent { get; init; }
}
