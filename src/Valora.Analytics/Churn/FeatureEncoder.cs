using System.Globalization;

namespace Valora.Analytics.Churn;

/// <summary>
/// Turns raw text rows into the numeric feature vector the learners see, with everything learned from the training
/// rows only (so cross-validation fits it again inside each fold): numeric medians (for blanks), means and standard
/// deviations (numbers are standardised; a standard deviation of 0 counts as 1), the categories seen, and the mean
/// encoded vector (the "typical customer" per-customer reasons compare with). Plain data, saved with the model.
/// </summary>
public sealed record FeatureEncoder(IReadOnlyList<EncodedColumn> Columns, IReadOnlyList<double> Baseline)
{
    /// <summary>The placeholder category of a blank categorical value.</summary>
    public const string BlankCategory = "(blank)";

    /// <summary>Width of the feature vector.</summary>
    public int Width => Columns.Sum(c => c.Width);

    /// <summary>Fits the encoder on the rows <paramref name="subset"/> (all rows when null).</summary>
    /// <param name="rows">Raw rows; <see cref="FeatureColumn.Index"/> says where each column is.</param>
    /// <param name="columns">The columns to use and how.</param>
    /// <param name="subset">Row indices of the training rows, or null for all.</param>
    /// <exception cref="FormatException">A numeric column holds a value that is not a number (the message names row and column).</exception>
    public static FeatureEncoder Fit(IReadOnlyList<string[]> rows, IReadOnlyList<FeatureColumn> columns, IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var use = subset ?? Enumerable.Range(0, rows.Count).ToArray();
        var encoded = new List<EncodedColumn>();
        foreach (var c in columns)
        {
            switch (c.Kind)
            {
                case FeatureKind.Numeric:
                    {
                        var values = new List<double>();
                        var blanks = 0;
                        foreach (var r in use)
                        {
                            var v = rows[r][c.Index];
                            if (ColumnDetection.IsBlank(v))
                            {
                                blanks++;
                                continue;
                            }
                            values.Add(ParseNumber(v, c.Name, r));
                        }
                        values.Sort();
                        var median = values.Count == 0 ? 0 : Median(values);
                        var all = values.Concat(Enumerable.Repeat(median, blanks)).ToArray();
                        var mean = all.Length == 0 ? 0 : all.Average();
                        var sd = all.Length == 0 ? 0 : Math.Sqrt(all.Sum(x => (x - mean) * (x - mean)) / all.Length);
                        encoded.Add(new EncodedColumn(c.Name, FeatureKind.Numeric, median, mean, sd > 0 ? sd : 1, blanks > 0, [], null));
                        break;
                    }
                case FeatureKind.Boolean:
                    {
                        var yes = use.Select(r => rows[r][c.Index].Trim()).FirstOrDefault(v => ColumnDetection.IsTrue(v) == true) ?? "yes";
                        encoded.Add(new EncodedColumn(c.Name, FeatureKind.Boolean, 0, 0, 1, false, [], yes));
                        break;
                    }
                default:
                    {
                        var categories = use.Select(r => CategoryOf(rows[r][c.Index])).Distinct(StringComparer.Ordinal)
                            .Order(StringComparer.Ordinal).ToArray();
                        encoded.Add(new EncodedColumn(c.Name, FeatureKind.Categorical, 0, 0, 1, false, categories, null));
                        break;
                    }
            }
        }
        var unbased = new FeatureEncoder(encoded, []);
        var binding = columns.Select(c => c.Index).ToArray();
        var baseline = new double[unbased.Width];
        foreach (var r in use)
        {
            var x = unbased.Encode(rows[r], binding, r);
            for (var j = 0; j < x.Length; j++) baseline[j] += x[j];
        }
        for (var j = 0; j < baseline.Length; j++) baseline[j] /= Math.Max(1, use.Count);
        return unbased with { Baseline = baseline };
    }

    /// <summary>Feature names, one per slot: the column name, "name=value" for a category, "name is blank".</summary>
    public IReadOnlyList<string> FeatureNames()
    {
        var names = new List<string>();
        foreach (var c in Columns)
        {
            switch (c.Kind)
            {
                case FeatureKind.Numeric:
                    names.Add(c.Name);
                    if (c.MissingIndicator) names.Add(c.Name + " is blank");
                    break;
                case FeatureKind.Boolean:
                    names.Add(c.Name);
                    break;
                default:
                    names.AddRange(c.Categories.Select(v => c.Name + "=" + v));
                    break;
            }
        }
        return names;
    }

    /// <summary>For each feature slot, the index of its column in <see cref="Columns"/>.</summary>
    public int[] SlotColumns()
    {
        var slots = new List<int>();
        for (var c = 0; c < Columns.Count; c++)
        {
            slots.AddRange(Enumerable.Repeat(c, Columns[c].Width));
        }
        return [.. slots];
    }

    /// <summary>Where each of the encoder's columns is in a table with this header.</summary>
    /// <exception cref="ArgumentException">A column the model needs is missing (all missing ones are named).</exception>
    public int[] Bind(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var missing = new List<string>();
        var binding = new int[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            binding[c] = -1;
            for (var h = 0; h < header.Count; h++)
            {
                if (string.Equals(header[h].Trim(), Columns[c].Name, StringComparison.OrdinalIgnoreCase))
                {
                    binding[c] = h;
                    break;
                }
            }
            if (binding[c] < 0) missing.Add(Columns[c].Name);
        }
        return missing.Count == 0
            ? binding
            : throw new ArgumentException($"the data has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the model needs.");
    }

    /// <summary>Encodes one raw row; <paramref name="binding"/> from <see cref="Bind"/>.</summary>
    /// <param name="row">The raw fields.</param>
    /// <param name="binding">Where each encoder column is in the row.</param>
    /// <param name="rowNumber">The row's number for error messages (a line number or row index).</param>
    /// <exception cref="FormatException">A numeric column holds text that is not a number, or a boolean column an unknown spelling.</exception>
    public float[] Encode(string[] row, int[] binding, long rowNumber)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(binding);
        var x = new float[Width];
        var j = 0;
        for (var c = 0; c < Columns.Count; c++)
        {
            var col = Columns[c];
            var raw = row[binding[c]];
            switch (col.Kind)
            {
                case FeatureKind.Numeric:
                    {
                        var blank = ColumnDetection.IsBlank(raw);
                        var v = blank ? col.Median : ParseNumber(raw, col.Name, rowNumber);
                        x[j++] = (float)((v - col.Mean) / col.StandardDeviation);
                        if (col.MissingIndicator) x[j++] = blank ? 1 : 0;
                        break;
                    }
                case FeatureKind.Boolean:
                    {
                        var v = raw.Trim();
                        x[j++] = ColumnDetection.IsTrue(v) switch
                        {
                            true => 1,
                            false => 0,
                            null => throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                                $"row {rowNumber}, column '{col.Name}': '{v}' is not a yes/no value (yes/no, true/false, y/n, t/f).")),
                        };
                        break;
                    }
                default:
                    {
                        var index = IndexOf(col.Categories, CategoryOf(raw));
                        if (index >= 0) x[j + index] = 1; // an unseen category sets no slot
                        j += col.Categories.Count;
                        break;
                    }
            }
        }
        return x;
    }

    static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    static string CategoryOf(string raw) => ColumnDetection.IsBlank(raw) ? BlankCategory : raw.Trim();

    static double ParseNumber(string raw, string column, long row) => ColumnDetection.TryNumber(raw, out var v)
        ? v
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture,
            $"row {row}, column '{column}': '{raw.Trim()}' is not a number (numeric column; use '.' for decimals)."));

    static double Median(List<double> sorted) => sorted.Count % 2 == 1
        ? sorted[sorted.Count / 2]
        : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>One raw column to use: its name, where it is in a row, and how it is encoded.</summary>
public sealed record FeatureColumn(string Name, int Index, FeatureKind Kind);

/// <summary>What the encoder learned about one column.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">How it is encoded.</param>
/// <param name="Median">Numeric: the training median, given to blanks.</param>
/// <param name="Mean">Numeric: mean after filling blanks (standardisation centre).</param>
/// <param name="StandardDeviation">Numeric: population standard deviation (1 when it is 0).</param>
/// <param name="MissingIndicator">Numeric: training had blanks, so a 0/1 "was blank" feature follows.</param>
/// <param name="Categories">Categorical: the values seen, in ordinal order.</param>
/// <param name="TrueValue">Boolean: the spelling of 1 seen in training (any yes/true/y/t spelling is 1 when encoding).</param>
public sealed record EncodedColumn(string Name, FeatureKind Kind, double Median, double Mean, double StandardDeviation,
    bool MissingIndicator, IReadOnlyList<string> Categories, string? TrueValue)
{
    /// <summary>Feature slots this column takes.</summary>
    public int Width => Kind switch
    {
        FeatureKind.Numeric => MissingIndicator ? 2 : 1,
        FeatureKind.Boolean => 1,
        _ => Categories.Count,
    };
}
