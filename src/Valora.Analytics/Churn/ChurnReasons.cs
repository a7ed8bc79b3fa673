using System.Globalization;

namespace Valora.Analytics.Churn;

/// <summary>
/// Per-customer reasons by occlusion against the typical customer: the contribution of a column is the customer's
/// calibrated log-odds of churn minus its expected log-odds when only that column is replaced by the training data's
/// — a numeric column by its training mean, a categorical or yes/no column by each value seen, weighted by its
/// training frequency — everything else kept. A few extra predictions per column and customer, for any learner. For
/// logistic regression it is exact and additive: contribution = A·Σ wⱼ·(xⱼ − x̄ⱼ) over the column's features, and the
/// contributions of all columns add up to logit(customer) − logit(mean customer, <see cref="FeatureEncoder.Baseline"/>).
/// For trees it is the one-at-a-time effect of the column (interactions are not split between columns). The top reasons are the
/// columns with the largest positive contributions (those that raise the risk).
/// </summary>
public static class ChurnReasons
{
    /// <summary>Every column's contribution for each row, in encoder column order.</summary>
    public static double[][] Contributions(ChurnClassifier model, FeatureEncoder encoder, IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(features);
        var slots = encoder.SlotColumns();
        var variants = Variants(encoder, slots);
        var perRow = 1 + variants.Sum(v => v.Count);
        var perturbed = new List<float[]>(features.Count * perRow);
        foreach (var x in features)
        {
            perturbed.Add(x);
            for (var c = 0; c < variants.Count; c++)
            {
                foreach (var (values, _) in variants[c])
                {
                    var copy = (float[])x.Clone();
                    var first = Array.IndexOf(slots, c);
                    Array.Copy(values, 0, copy, first, values.Length);
                    perturbed.Add(copy);
                }
            }
        }
        var logits = model.Logits(perturbed);
        var result = new double[features.Count][];
        for (var i = 0; i < features.Count; i++)
        {
            var at = i * perRow;
            var own = logits[at++];
            result[i] = new double[variants.Count];
            for (var c = 0; c < variants.Count; c++)
            {
                var expected = 0.0;
                foreach (var (_, weight) in variants[c]) expected += weight * logits[at++];
                result[i][c] = own - expected;
            }
        }
        return result;
    }

    // The values a column is replaced by, with their weights: a numeric column its training mean (one variant);
    // a categorical or boolean column each value seen in training, weighted by its training frequency.
    static List<List<(float[] Values, double Weight)>> Variants(FeatureEncoder encoder, int[] slots)
    {
        var result = new List<List<(float[], double)>>();
        for (var c = 0; c < encoder.Columns.Count; c++)
        {
            var first = Array.IndexOf(slots, c);
            var width = encoder.Columns[c].Width;
            var baseline = encoder.Baseline.Skip(first).Take(width).Select(v => (float)v).ToArray();
            var list = new List<(float[], double)>();
            switch (encoder.Columns[c].Kind)
            {
                case FeatureKind.Numeric:
                    list.Add((baseline, 1.0));
                    break;
                case FeatureKind.Boolean:
                    list.Add(([1f], encoder.Baseline[first]));
                    list.Add(([0f], 1 - encoder.Baseline[first]));
                    break;
                default:
                    for (var k = 0; k < width; k++)
                    {
                        var oneHot = new float[width];
                        oneHot[k] = 1;
                        list.Add((oneHot, encoder.Baseline[first + k]));
                    }
                    break;
            }
            result.Add(list);
        }
        return result;
    }

    /// <summary>The top <paramref name="top"/> columns raising each row's risk, with the row's own value.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="encoder">Its encoder.</param>
    /// <param name="rows">Raw rows (for the values shown).</param>
    /// <param name="binding">Where each encoder column is in a raw row (<see cref="FeatureEncoder.Bind"/>).</param>
    /// <param name="features">The encoded rows.</param>
    /// <param name="top">How many reasons per row.</param>
    public static IReadOnlyList<ChurnReason>[] Top(ChurnClassifier model, FeatureEncoder encoder, IReadOnlyList<string[]> rows, int[] binding,
        IReadOnlyList<float[]> features, int top = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(binding);
        var contributions = Contributions(model, encoder, features);
        var result = new IReadOnlyList<ChurnReason>[contributions.Length];
        for (var i = 0; i < contributions.Length; i++)
        {
            result[i] = contributions[i]
                .Select((v, c) => (v, c))
                .Where(t => t.v > 1e-9)
                .OrderByDescending(t => t.v)
                .ThenBy(t => t.c)
                .Take(top)
                .Select(t => new ChurnReason(encoder.Columns[t.c].Name, Describe(encoder.Columns[t.c], rows[i][binding[t.c]]), t.v))
                .ToArray();
        }
        return result;
    }

    static string Describe(EncodedColumn column, string raw)
    {
        var value = ColumnDetection.IsBlank(raw) ? "blank" : raw.Trim();
        return column.Kind == FeatureKind.Numeric
            ? string.Create(CultureInfo.InvariantCulture, $"{column.Name} = {value} (typical {column.Median:G4})")
            : $"{column.Name} = {value}";
    }
}

/// <summary>One reason behind a churn score.</summary>
/// <param name="Column">The column.</param>
/// <param name="Text">The column and the customer's value, e.g. "tenure = 1 (typical 29)".</param>
/// <param name="Contribution">How much it raises the log-odds of churn against the typical customer.</param>
public sealed record ChurnReason(string Column, string Text, double Contribution);
