using System.Globalization;

namespace Valora.Analytics.Churn;

/// <summary>
/// Decides how each column of a user's table is used. Every non-blank value a number (invariant culture) → numeric;
/// exactly two values of a yes/no vocabulary and no blank → boolean; otherwise categorical, unless it has more than
/// <see cref="MaximumCategories"/> distinct values and they are more than a fifth of the rows — then it is free text
/// or an identifier and is not used (the detection says so). A column with no value at all is not used either.
/// </summary>
public static class ColumnDetection
{
    /// <summary>Above this many distinct values (and a fifth of the rows) a text column is treated as free text / an id.</summary>
    public const int MaximumCategories = 100;

    static readonly (string True, string False)[] Vocabulary = [("yes", "no"), ("true", "false"), ("y", "n"), ("t", "f")];

    /// <summary>True when the text is empty or only white space (a missing value).</summary>
    public static bool IsBlank(string value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Parses a number the way the encoder does (invariant culture, surrounding spaces allowed).</summary>
    public static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>Detects the use of one column from its values.</summary>
    public static DetectedColumn Detect(string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var numeric = true;
        var blanks = 0;
        foreach (var raw in values)
        {
            if (IsBlank(raw))
            {
                blanks++;
                continue;
            }
            var v = raw.Trim();
            distinct.Add(v);
            if (numeric && !TryNumber(v, out _)) numeric = false;
        }
        if (distinct.Count == 0)
        {
            return new DetectedColumn(name, null, "every value is blank");
        }
        if (numeric)
        {
            return new DetectedColumn(name, FeatureKind.Numeric, blanks > 0
                ? string.Create(CultureInfo.InvariantCulture, $"numeric; {blanks} blank value(s) take the training median and a was-blank feature")
                : "numeric");
        }
        if (distinct.Count == 2 && blanks == 0 && TrueValueOf(distinct) is { } yes)
        {
            return new DetectedColumn(name, FeatureKind.Boolean, $"boolean ('{yes}' = 1)");
        }
        if (distinct.Count > MaximumCategories && distinct.Count > values.Count / 5)
        {
            return new DetectedColumn(name, null, string.Create(CultureInfo.InvariantCulture,
                $"free text or identifier ({distinct.Count} distinct values): not used"));
        }
        return new DetectedColumn(name, FeatureKind.Categorical, string.Create(CultureInfo.InvariantCulture,
            $"categorical ({distinct.Count} values{(blanks > 0 ? " and blank" : "")}), one-hot encoded"));
    }

    /// <summary>True for yes/true/y/t, false for no/false/n/f (any case), null otherwise.</summary>
    public static bool? IsTrue(string value)
    {
        foreach (var (t, f) in Vocabulary)
        {
            if (string.Equals(value, t, StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, f, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return null;
    }

    /// <summary>The "true" spelling of a two-valued yes/no column, or null when the two values are not such a pair.</summary>
    public static string? TrueValueOf(IReadOnlyCollection<string> twoValues)
    {
        ArgumentNullException.ThrowIfNull(twoValues);
        if (twoValues.Count != 2) return null;
        var a = twoValues.First();
        var b = twoValues.Last();
        foreach (var (t, f) in Vocabulary)
        {
            if (string.Equals(a, t, StringComparison.OrdinalIgnoreCase) && string.Equals(b, f, StringComparison.OrdinalIgnoreCase)) return a;
            if (string.Equals(b, t, StringComparison.OrdinalIgnoreCase) && string.Equals(a, f, StringComparison.OrdinalIgnoreCase)) return b;
        }
        return null;
    }
}

/// <summary>The detected use of one column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">How it becomes features, or null when it is not used.</param>
/// <param name="Note">What was detected and done, in words.</param>
public sealed record DetectedColumn(string Name, FeatureKind? Kind, string Note);
