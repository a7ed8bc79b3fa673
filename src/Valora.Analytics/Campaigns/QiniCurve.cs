namespace Valora.Analytics.Campaigns;

/// <summary>
/// The Qini curve of an uplift score: targets sorted by descending score, at each distinct score the incremental
/// responders Q(k) = Y_T(k) − Y_C(k) · N_T(k) / N_C(k) among the top k (Radcliffe 2007), with the definitions of
/// scikit-uplift's <c>qini_curve</c>, <c>perfect_qini_curve</c> and <c>qini_auc_score</c> so results compare with it:
/// the Qini coefficient is (area under the model's curve − area under the random line) ÷ (area under the perfect
/// curve − area under the random line), the perfect curve allowing negative effects; areas by the trapezoid rule.
/// </summary>
public sealed class QiniCurve
{
    QiniCurve(double[] targeted, double[] incremental)
    {
        Targeted = targeted;
        Incremental = incremental;
    }

    /// <summary>x: how many targets are in the top, starting at 0.</summary>
    public IReadOnlyList<double> Targeted { get; }

    /// <summary>y: incremental responders among them, starting at 0.</summary>
    public IReadOnlyList<double> Incremental { get; }

    /// <summary>The curve of <paramref name="score"/> (higher = more persuadable).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or the input is empty.</exception>
    public static QiniCurve Of(IReadOnlyList<double> score, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        if (score.Count != treated.Count || score.Count != outcome.Count)
        {
            throw new ArgumentException($"score, treated and outcome must have the same length ({score.Count}, {treated.Count}, {outcome.Count}).");
        }
        if (score.Count == 0)
        {
            throw new ArgumentException("a Qini curve needs at least one target.", nameof(score));
        }
        for (var i = 0; i < score.Count; i++)
        {
            if (!double.IsFinite(score[i]))
            {
                throw new ArgumentException($"score {i} is not a finite number ({score[i]}).", nameof(score));
            }
        }
        var order = Enumerable.Range(0, score.Count).ToArray();
        var keys = score.ToArray();
        Array.Sort(keys, order);
        Array.Reverse(keys);
        Array.Reverse(order);
        var x = new List<double> { 0 };
        var y = new List<double> { 0 };
        double nT = 0, yT = 0, yC = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            if (treated[i])
            {
                nT++;
                if (outcome[i]) yT++;
            }
            else if (outcome[i])
            {
                yC++;
            }
            if (k == order.Length - 1 || keys[k + 1] != keys[k])
            {
                var n = k + 1;
                var nC = n - nT;
                x.Add(n);
                y.Add(yT - yC * (nC == 0 ? 0 : nT / nC)); // scikit-uplift: the ratio is 0 before any control
            }
        }
        return new QiniCurve([.. x], [.. y]);
    }

    /// <summary>The curve of the best possible ranking: treated responders first, control responders (whom contact might lose) last.</summary>
    public static QiniCurve Perfect(IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome)
    {
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        var perfect = new double[outcome.Count];
        for (var i = 0; i < perfect.Length; i++)
        {
            perfect[i] = outcome[i] ? (treated[i] ? 1 : -1) : 0;
        }
        return Of(perfect, treated, outcome);
    }

    /// <summary>Area under the curve by the trapezoid rule.</summary>
    public double Area()
    {
        double area = 0;
        for (var i = 1; i < Targeted.Count; i++)
        {
            area += (Targeted[i] - Targeted[i - 1]) * (Incremental[i] + Incremental[i - 1]) / 2;
        }
        return area;
    }

    /// <summary>Qini coefficient of <paramref name="score"/>: 0 for a random ranking, 1 for the perfect one.</summary>
    public static double Coefficient(IReadOnlyList<double> score, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome)
    {
        var actual = Of(score, treated, outcome);
        var perfect = Perfect(treated, outcome);
        var n = perfect.Targeted[^1];
        var baseline = n * perfect.Incremental[^1] / 2;
        return (actual.Area() - baseline) / (perfect.Area() - baseline);
    }
}
