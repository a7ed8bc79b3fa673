namespace Valora.Domain.Security;

/// <summary>
/// Who sees a customer's personal data (name, e-mail, phone, birth date, address: city and region) and how it looks to
/// the others. Admin, sales and service work with customers and see it; analyst and read-only see it masked — enough to
/// tell records apart (initials, the e-mail's first letter and domain, the phone's last two digits), not to contact or
/// identify the person. Scores, aggregates, ids and the country stay visible to all.
/// </summary>
public static class PersonalData
{
    /// <summary>What a masked value is shown as.</summary>
    public const string Hidden = "***";

    /// <summary>The roles that see personal data in full.</summary>
    public static IReadOnlyList<string> SeenBy { get; } = [Roles.Admin, Roles.Sales, Roles.Service];

    /// <summary>Whether a caller acting with any of <paramref name="isInRole"/>'s roles sees personal data in full.</summary>
    public static bool MaySee(Func<string, bool> isInRole)
    {
        ArgumentNullException.ThrowIfNull(isInRole);
        return SeenBy.Any(isInRole);
    }

    /// <summary>"Ada Quinn-Lovelace" → "A. Q."; null stays null.</summary>
    public static string? MaskName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return name;
        }
        var initials = name.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + ".");
        return string.Join(' ', initials);
    }

    /// <summary>"ada.quinn@example.org" → "a***@example.org"; without an @ → "***".</summary>
    public static string? MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email;
        }
        var at = email.LastIndexOf('@');
        return at <= 0 ? Hidden : email[0] + Hidden + email[at..];
    }

    /// <summary>"+44 20 7946 0999" → "***99"; fewer than four digits → "***".</summary>
    public static string? MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return phone;
        }
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length < 4 ? Hidden : Hidden + digits[^2..];
    }

    /// <summary>A city or region: "***" when known.</summary>
    public static string? MaskPlace(string? place) => string.IsNullOrEmpty(place) ? place : Hidden;
}
