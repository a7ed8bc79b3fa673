namespace Valora.Analytics.Clv;

/// <summary>
/// Checks a fitted purchase model against what customers actually did after the calibration period, as in Fader,
/// Hardie &amp; Lee (2005, §4): per-customer and aggregate holdout purchases, conditional expectations by frequency, and
/// cumulative tracking of the cohort's repeat purchases.
/// </summary>
public static class HoldoutValidation
{
    /// <summary>Largest calibration frequency with its own bucket; higher ones share the last, open bucket.</summary>
    public const int LastSingleFrequency = 6;

    /// <summary>Evaluates on the output of <see cref="HistoryBuilder"/> built with a holdout end.</summary>
    public static HoldoutReport Evaluate(IPurchaseModel model, PurchaseHistories data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var actual = data.HoldoutRepeatPurchases
            ?? throw new ArgumentException("The histories were built without a holdout end.", nameof(data));
        return Evaluate(model, data.Histories, actual, data.HoldoutSpan);
    }

    /// <summary>
    /// Per-customer prediction E[Y(t*) | x, tₓ, T] against the actual holdout repeat purchases; totals, MAE, RMSE and
    /// the frequency buckets.
    /// </summary>
    /// <param name="model">Fitted purchase model.</param>
    /// <param name="histories">Calibration histories.</param>
    /// <param name="actualHoldoutPurchases">Actual repeat occasions in the holdout, aligned, ≥ 0.</param>
    /// <param name="holdoutSpan">t* &gt; 0 in model time units.</param>
    public static HoldoutReport Evaluate(
        IPurchaseModel model, IReadOnlyList<CustomerHistory> histories, IReadOnlyList<int> actualHoldoutPurchases, double holdoutSpan)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(actualHoldoutPurchases);
        HistoryValidation.Validate(histories, nameof(histories), uniqueIds: false);
        if (actualHoldoutPurchases.Count != histories.Count)
        {
            throw new ArgumentException($"{actualHoldoutPurchases.Count} actual counts for {histories.Count} histories.", nameof(actualHoldoutPurchases));
        }
        if (!(holdoutSpan > 0) || double.IsInfinity(holdoutSpan))
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutSpan), holdoutSpan, "The holdout span must be finite and > 0.");
        }
        var n = histories.Count;
        var predicted = new double[n];
        var actual = new int[n];
        var cache = new Dictionary<(int, double, double), double>();
        double sumAbs = 0, sumSq = 0, totalPredicted = 0;
        long totalActual = 0;
        var buckets = LastSingleFrequency + 2;
        var count = new int[buckets];
        var sumPred = new double[buckets];
        var sumAct = new double[buckets];
        for (var i = 0; i < n; i++)
        {
            var h = histories[i];
            if (actualHoldoutPurchases[i] < 0)
            {
                throw new ArgumentException($"actualHoldoutPurchases[{i}] is negative.", nameof(actualHoldoutPurchases));
            }
            var key = (h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan);
            if (!cache.TryGetValue(key, out var p))
            {
                p = model.ExpectedPurchases(h, holdoutSpan);
                cache[key] = p;
            }
            var a = actualHoldoutPurchases[i];
            predicted[i] = p;
            actual[i] = a;
            totalPredicted += p;
            totalActual += a;
            sumAbs += Math.Abs(p - a);
            sumSq += (p - a) * (p - a);
            var b = Math.Min(h.RepeatPurchases, LastSingleFrequency + 1);
            count[b]++;
            sumPred[b] += p;
            sumAct[b] += a;
        }
        var table = new FrequencyBucket[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var open = b == LastSingleFrequency + 1;
            table[b] = new FrequencyBucket(
                open ? $"{b}+" : $"{b}", b, open ? null : b, count[b], sumPred[b] / count[b], sumAct[b] / count[b]);
        }
        return new HoldoutReport
        {
            HoldoutSpan = holdoutSpan,
            Predicted = predicted,
            Actual = actual,
            TotalPredicted = totalPredicted,
            TotalActual = totalActual,
            MeanAbsoluteError = sumAbs / n,
            RootMeanSquaredError = Math.Sqrt(sumSq / n),
            Buckets = table,
        };
    }

    /// <summary>
    /// Cumulative tracking (FHL 2005, Figure 2): at the end of each tracking period k, the model's expected cumulative
    /// repeat purchases of the cohort, Σᵢ E[X(ageᵢ)] with ageᵢ = (last day of period k − first purchase dayᵢ) in model
    /// units (0 before the first purchase), against the actual cumulative count. Period k covers the days
    /// start + (k−1)·P .. start + k·P − 1, and ages are measured to its last day exactly as T is measured to the last
    /// calibration day. E[X] is evaluated once per distinct
    /// first-purchase day and period.
    /// </summary>
    public static TrackingPoint[] Track(IPurchaseModel model, PurchaseHistories data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var cohort = new Dictionary<int, int>();
        foreach (var first in data.FirstPurchaseDates)
        {
            cohort[first.DayNumber] = cohort.GetValueOrDefault(first.DayNumber) + 1;
        }
        var start = data.TrackingStart.DayNumber;
        var periods = data.RepeatPurchasesPerPeriod.Length;
        var result = new TrackingPoint[periods];
        long actual = 0;
        for (var k = 1; k <= periods; k++)
        {
            var end = start + k * data.TrackingPeriodDays - 1;
            double expected = 0;
            foreach (var (firstDay, customers) in cohort)
            {
                if (end > firstDay)
                {
                    expected += customers * model.ExpectedPurchasesOfNewCustomer((end - firstDay) / data.DaysPerUnit);
                }
            }
            actual += data.RepeatPurchasesPerPeriod[k - 1];
            result[k - 1] = new TrackingPoint(k, expected, actual);
        }
        return result;
    }
}
