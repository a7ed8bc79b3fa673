using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>
/// A customer's own fields as stored, with its version: <see cref="ETag"/> is a hash of every stored field, so any
/// change — through the API, an import or a merge — gives a new one, and an update sent with an older one is refused.
/// </summary>
public sealed record CustomerRecord(
    long Id,
    string ExternalId,
    string ETag,
    string? Name,
    string? Email,
    string? Phone,
    DateOnly? BirthDate,
    string Gender,
    decimal? Income,
    string? City,
    string? Region,
    string? Country,
    DateOnly? SignupDate,
    string? AcquisitionChannel,
    decimal? AcquisitionCost,
    bool EmailConsent,
    bool SmsConsent,
    bool PhoneConsent)
{
    public static CustomerRecord From(Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CustomerRecord(c.Id, c.ExternalId, ETagOf(c), c.Name, c.Email, c.Phone, c.BirthDate,
            c.Gender.ToString().ToLowerInvariant(), c.Income, c.City, c.Region, c.Country, c.SignupDate, c.AcquisitionChannel,
            c.AcquisitionCost, c.EmailConsent, c.SmsConsent, c.PhoneConsent);
    }

    /// <summary>
    /// The strong entity tag of a stored customer (quoted, as HTTP writes it): the first 128 bits of SHA-256 over its
    /// fields. Decimals are written without trailing zeros so the tag does not depend on how a provider returns them.
    /// </summary>
    public static string ETagOf(Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        object?[] fields =
        [
            c.Id, c.ExternalId, c.Name, c.Email, c.Phone, c.BirthDate?.ToString("O", CultureInfo.InvariantCulture), c.Gender.ToString(),
            Plain(c.Income), c.City, c.Region, c.Country, c.SignupDate?.ToString("O", CultureInfo.InvariantCulture),
            c.AcquisitionChannel, Plain(c.AcquisitionCost), c.EmailConsent, c.SmsConsent, c.PhoneConsent,
        ];
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields)));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 16)) + "\"";
    }

    static string? Plain(decimal? value) => value?.ToString("0.############################", CultureInfo.InvariantCulture);
}
