using System.Globalization;
using Valora.Data.Records;
using Valora.Domain.Customers;

namespace Valora.Data.Customers;

/// <summary>
/// The fields of a customer a caller sets, as the API's JSON names them. A create or a full update (PUT) takes all of
/// them (a field left out is empty); a partial update (PATCH) starts from the stored customer and replaces the fields
/// it names. <see cref="Validate"/> checks and normalises them in one place for every caller.
/// </summary>
public sealed record CustomerInput
{
    /// <summary>The id in the source system; unique. Generated (<c>api-…</c>) on create when left out.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Required, 1–200 characters.</summary>
    public string? Name { get; init; }

    public string? Email { get; init; }

    /// <summary>Digits with optional <c>+ - . ( )</c> and spaces; 5 to 20 digits.</summary>
    public string? Phone { get; init; }

    public DateOnly? BirthDate { get; init; }

    /// <summary><c>unknown</c> (default), <c>female</c>, <c>male</c> or <c>other</c>.</summary>
    public string? Gender { get; init; }

    /// <summary>Yearly income, 0 or more.</summary>
    public decimal? Income { get; init; }

    public string? City { get; init; }

    public string? Region { get; init; }

    /// <summary>ISO 3166-1 alpha-2 code, e.g. <c>FR</c> (stored upper case).</summary>
    public string? Country { get; init; }

    public DateOnly? SignupDate { get; init; }

    public string? AcquisitionChannel { get; init; }

    /// <summary>0 or more.</summary>
    public decimal? AcquisitionCost { get; init; }

    public bool EmailConsent { get; init; }

    public bool SmsConsent { get; init; }

    public bool PhoneConsent { get; init; }

    public const int MaxName = 200;
    public const int MaxExternalId = 100;
    public const int MaxEmail = 254;
    public const int MaxPlace = 100;

    /// <summary>The input as it stands for a stored customer (the start of a partial update).</summary>
    public static CustomerInput From(Customer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CustomerInput
        {
            ExternalId = c.ExternalId, Name = c.Name, Email = c.Email, Phone = c.Phone, BirthDate = c.BirthDate,
            Gender = c.Gender.ToString().ToLowerInvariant(), Income = c.Income, City = c.City, Region = c.Region, Country = c.Country,
            SignupDate = c.SignupDate, AcquisitionChannel = c.AcquisitionChannel, AcquisitionCost = c.AcquisitionCost,
            EmailConsent = c.EmailConsent, SmsConsent = c.SmsConsent, PhoneConsent = c.PhoneConsent,
        };
    }

    /// <summary>
    /// The normalised input (trimmed, empty as null, country and e-mail in their usual case), or a
    /// <see cref="RecordValidationException"/> naming every field that breaks a rule.
    /// </summary>
    /// <param name="today">For the rule that a birth or sign-up date is not in the future.</param>
    public CustomerInput Validate(DateOnly today)
    {
        var errors = new RecordErrors();
        var externalId = errors.Text("externalId", ExternalId, MaxExternalId);
        var name = errors.Text("name", Name, MaxName, required: true);
        var email = errors.Text("email", Email, MaxEmail);
        if (email is not null)
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1 || email.Any(char.IsWhiteSpace)
                || !email[(at + 1)..].Contains('.', StringComparison.Ordinal))
            {
                errors.Add("email", "must be an e-mail address like name@example.com.");
            }
        }
        var phone = errors.Text("phone", Phone, 32);
        if (phone is not null)
        {
            var digits = phone.Count(char.IsAsciiDigit);
            if (phone.Any(c => !char.IsAsciiDigit(c) && c is not '+' and not '-' and not '.' and not '(' and not ')' and not ' ')
                || digits < 5 || digits > 20)
            {
                errors.Add("phone", "must be 5 to 20 digits, optionally with + - . ( ) and spaces.");
            }
        }
        var gender = Valora.Domain.Customers.Gender.Unknown;
        if (!string.IsNullOrWhiteSpace(Gender)
            && (!Enum.TryParse(Gender.Trim(), ignoreCase: true, out gender) || !Enum.IsDefined(gender) || int.TryParse(Gender, CultureInfo.InvariantCulture, out _)))
        {
            errors.Add("gender", "must be unknown, female, male or other.");
        }
        if (BirthDate is { } birth && (birth > today || birth.Year < 1900))
        {
            errors.Add("birthDate", "must be between 1900-01-01 and today.");
        }
        if (SignupDate is { } signup && (signup > today || signup.Year < 1900))
        {
            errors.Add("signupDate", "must be between 1900-01-01 and today.");
        }
        if (Income is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("income", "must be between 0 and 1e12.");
        }
        if (AcquisitionCost is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("acquisitionCost", "must be between 0 and 1e12.");
        }
        var country = errors.Text("country", Country, 2);
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            errors.Add("country", "must be a two-letter ISO 3166-1 code such as FR.");
        }
        var city = errors.Text("city", City, MaxPlace);
        var region = errors.Text("region", Region, MaxPlace);
        var channel = errors.Text("acquisitionChannel", AcquisitionChannel, 64);
        errors.ThrowIfAny();
        return this with
        {
            ExternalId = externalId, Name = name, Email = email, Phone = phone, Gender = gender.ToString().ToLowerInvariant(),
            Country = country?.ToUpperInvariant(), City = city, Region = region, AcquisitionChannel = channel,
            Income = RecordErrors.Plain(Income), AcquisitionCost = RecordErrors.Plain(AcquisitionCost),
        };
    }


    /// <summary>Copies the (validated) fields onto <paramref name="customer"/>; the external id only when given.</summary>
    public void ApplyTo(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (ExternalId is not null)
        {
            customer.ExternalId = ExternalId;
        }
        customer.Name = Name;
        customer.Email = Email;
        customer.Phone = Phone;
        customer.BirthDate = BirthDate;
        customer.Gender = Enum.Parse<Gender>(Gender ?? nameof(Valora.Domain.Customers.Gender.Unknown), ignoreCase: true);
        customer.Income = Income;
        customer.City = City;
        customer.Region = Region;
        customer.Country = Country;
        customer.SignupDate = SignupDate;
        customer.AcquisitionChannel = AcquisitionChannel;
        customer.AcquisitionCost = AcquisitionCost;
        customer.EmailConsent = EmailConsent;
        customer.SmsConsent = SmsConsent;
        customer.PhoneConsent = PhoneConsent;
    }
}
