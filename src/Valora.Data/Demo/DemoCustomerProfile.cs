using Valora.Domain.Customers;

namespace Valora.Data.Demo;

/// <summary>The latent traits and demographics of one generated customer; every other record is drawn from these.</summary>
internal sealed record DemoCustomerProfile
{
    public int Index { get; init; }
    public required string ExternalId { get; init; }
    public DateOnly SignupDate { get; init; }
    public DateTime SignupAt { get; init; }
    /// <summary>BG/NBD purchase rate while alive, per week.</summary>
    public double Lambda { get; init; }
    /// <summary>BG/NBD probability of dropping out after each repeat purchase.</summary>
    public double DropoutProbability { get; init; }
    /// <summary>Gamma-Gamma rate ν of the order value (mean order value p/ν).</summary>
    public double Nu { get; init; }
    /// <summary>Standardised value score (mean 0, variance 1): high means frequent and big-spending.</summary>
    public double Value { get; init; }
    /// <summary>Standard normal experience: low means more complaints, returns and poor survey scores.</summary>
    public double Satisfaction { get; init; }
    /// <summary>Standard normal propensity to respond to outreach.</summary>
    public double Responsiveness { get; init; }
    public Gender Gender { get; init; }
    public required string FirstName { get; init; }
    public required string LastName { get; init; }
    public int Age { get; init; }
    public DateOnly BirthDate { get; init; }
    public decimal? Income { get; init; }
    public int Place { get; init; }
    public required string Phone { get; init; }
    /// <summary>The e-mail address when it is not the generated one (a planted duplicate's).</summary>
    public string? Email { get; init; }
    public required string AcquisitionChannel { get; init; }
    public decimal AcquisitionCost { get; init; }
    public bool IsReferred { get; init; }
    public bool EmailConsent { get; init; }
    public bool SmsConsent { get; init; }
    public bool PhoneConsent { get; init; }
    public int FavouriteCategory { get; init; }
    public int PreferredOrderChannel { get; init; }
}
