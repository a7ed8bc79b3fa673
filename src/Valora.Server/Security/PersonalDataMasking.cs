using System.Security.Claims;
using Valora.Data.Customers;
using Valora.Domain.Security;
using Valora.Server.Api;

namespace Valora.Server.Security;

/// <summary>
/// Applies <see cref="PersonalData"/> to what the API and the dashboard show: every response carrying a customer's
/// personal data passes through one of these, so a role that may not see it gets the masked form everywhere.
/// </summary>
public static class PersonalDataMasking
{
    public static bool MaySeePersonalData(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PersonalData.MaySee(user.IsInRole);
    }

    public static CustomerSummary MaskFor(this CustomerSummary c, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? c : c with { Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email), City = PersonalData.MaskPlace(c.City) };

    public static CustomerDetail MaskFor(this CustomerDetail c, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? c : c with
        {
            Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email), Phone = PersonalData.MaskPhone(c.Phone),
            City = PersonalData.MaskPlace(c.City), Region = PersonalData.MaskPlace(c.Region), BirthDate = null,
        };

    public static CustomerRecord MaskFor(this CustomerRecord c, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? c : c with
        {
            Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email), Phone = PersonalData.MaskPhone(c.Phone),
            City = PersonalData.MaskPlace(c.City), Region = PersonalData.MaskPlace(c.Region), BirthDate = null,
        };

    public static CustomerListItem Masked(this CustomerListItem c) =>
        c with { Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email), City = PersonalData.MaskPlace(c.City) };

    /// <summary>A masked copy of a loaded customer (the entity is not tracked; the copy never is).</summary>
    public static Valora.Domain.Customers.Customer Masked(this Valora.Domain.Customers.Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new()
        {
            Id = c.Id, ExternalId = c.ExternalId, Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email),
            Phone = PersonalData.MaskPhone(c.Phone), Gender = c.Gender, Income = c.Income, City = PersonalData.MaskPlace(c.City),
            Region = PersonalData.MaskPlace(c.Region), Country = c.Country, SignupDate = c.SignupDate, AcquisitionChannel = c.AcquisitionChannel,
            AcquisitionCost = c.AcquisitionCost, EmailConsent = c.EmailConsent, SmsConsent = c.SmsConsent, PhoneConsent = c.PhoneConsent,
        };
    }

    public static SegmentMember MaskFor(this SegmentMember c, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? c : c with { Name = PersonalData.MaskName(c.Name), Email = PersonalData.MaskEmail(c.Email) };

    public static Valora.Data.Cycles.CycleRunView MaskFor(this Valora.Data.Cycles.CycleRunView v, ClaimsPrincipal user) =>
        user.MaySeePersonalData() ? v : v with { Customers = [.. v.Customers.Select(c => c with { Name = PersonalData.MaskName(c.Name) })] };
}
