using System.Globalization;
using System.Text;

namespace Valora.Analytics.Matching;

/// <summary>
/// The normal forms duplicate matching compares. Names: accents removed (Unicode decomposition, combining marks
/// dropped), lower case, anything not a letter or digit a space, runs of spaces one. E-mail: trimmed and lower case;
/// a sub-address (<c>+tag</c> in the local part) is dropped for every domain, since most providers deliver
/// <c>ann+shop@x</c> to <c>ann@x</c>; dots in the local part are dropped only for Gmail (<c>gmail.com</c>, and
/// <c>googlemail.com</c>, which becomes <c>gmail.com</c>), the one large provider known to ignore them. Phone: digits
/// only, an international <c>00</c> prefix dropped; the key compared is the last <see cref="PhoneKeyDigits"/> digits,
/// so <c>+44 20 7946 0958</c>, <c>0044 20 7946 0958</c> and <c>020 7946 0958</c> agree (country code and trunk
/// <c>0</c> fall outside the key). Two numbers in different countries that share their last nine digits would also
/// agree — rare enough for a list of candidates a person reviews.
/// </summary>
public static class MatchNormalizer
{
    /// <summary>How many trailing digits of a phone number are compared.</summary>
    public const int PhoneKeyDigits = 9;

    /// <summary>Fewer digits than this is not a phone number worth matching on.</summary>
    public const int MinPhoneDigits = 7;

    /// <summary>The name's normal form, or null when nothing is left.</summary>
    public static string? Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        var result = sb.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
        return result.Length == 0 ? null : result;
    }

    /// <summary>The e-mail's normal form, or null when it has no <c>@</c> with text on both sides.</summary>
    public static string? Email(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return null;
        }
        var trimmed = email.Trim().ToLowerInvariant();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return null;
        }
        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }
        if (domain is "gmail.com" or "googlemail.com")
        {
            domain = "gmail.com";
            local = local.Replace(".", "", StringComparison.Ordinal);
        }
        return local.Length == 0 ? null : local + "@" + domain;
    }

    /// <summary>The phone key (last <see cref="PhoneKeyDigits"/> digits), or null with fewer than <see cref="MinPhoneDigits"/> digits.</summary>
    public static string? Phone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }
        if (digits.Length < MinPhoneDigits)
        {
            return null;
        }
        return digits.Length > PhoneKeyDigits ? digits[^PhoneKeyDigits..] : digits;
    }

    /// <summary>
    /// American Soundex of one word (letter and three digits), or null when it has no letter a–z. Used only to put
    /// names that sound alike into the same block, never as a similarity.
    /// </summary>
    public static string? Soundex(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var letters = word.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').Select(char.ToUpperInvariant).ToArray();
        if (letters.Length == 0)
        {
            return null;
        }
        var sb = new StringBuilder(4).Append(letters[0]);
        var last = Code(letters[0]);
        for (var i = 1; i < letters.Length && sb.Length < 4; i++)
        {
            var c = letters[i];
            var code = Code(c);
            if (code != '0' && code != last)
            {
                sb.Append(code);
            }
            // H and W do not separate two letters of the same code; vowels do.
            if (c is not 'H' and not 'W')
            {
                last = code;
            }
        }
        return sb.ToString().PadRight(4, '0');
    }

    static char Code(char c) => c switch
    {
        'B' or 'F' or 'P' or 'V' => '1',
        'C' or 'G' or 'J' or 'K' or 'Q' or 'S' or 'X' or 'Z' => '2',
        'D' or 'T' => '3',
        'L' => '4',
        'M' or 'N' => '5',
        'R' => '6',
        _ => '0',
    };
}
