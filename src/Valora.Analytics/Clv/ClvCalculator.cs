using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Valora.Analytics.Clv;

/// <summary>
/// Customer lifetime value from any purchase-count model (<see cref="IPurchaseModel"/>: BG/NBD, Pareto/NBD) and an
/// expected spend per purchase, with intervals that propagate the parameter uncertainty of the fits.
/// </summary>
/// <remarks>
/// CLV over H periods of length L (model time units), margin m and discount rate d per period:
/// CLV = Σ_{k=1..H} (E[Y(kL) | x, tₓ, T] − E[Y((k−1)L) | x, tₓ, T]) · spend · m / (1+d)^k,
/// i.e. the expected purchases falling in period k, valued at spend·m and discounted to the calibration end. This is
/// the construction of lifetimes' <c>customer_lifetime_value</c> (Gamma-Gamma spend × BG/NBD purchases), applied to
/// profit through m. Spend is usually the Gamma-Gamma E[Z | x, z̄] (Fader &amp; Hardie 2013), which assumes spend and
/// purchase frequency are independent.
/// Point scoring evaluates the model once per distinct (x, tₓ, T) (H+1 predictions each), in parallel; day-granular
/// data have few distinct histories, so a million customers score in a fraction of a second.
/// Intervals: N log-parameter vectors are drawn from N(θ̂, Σ) (Cholesky of the fit's covariance, fixed seed), the
/// predictions recomputed for each, and the 2.5 %/97.5 % quantiles (linear interpolation) reported. They cost about
/// N times a point scoring, more when Gamma-Gamma parameters are drawn too (then each customer's N values are sorted).
/// </remarks>
public static class ClvCalculator
{
    /// <summary>Scores customers with a given spend per purchase (currency units; may be profit, then use m = 1).</summary>
    /// <param name="model">Fitted purchase model; times in its unit.</param>
    /// <param name="histories">Customers (validated as for fitting).</param>
    /// <param name="spendPerPurchase">Expected spend per purchase of each customer, aligned with <paramref name="histories"/>, finite.</param>
    /// <param name="options">Horizon, margin, discount rate; defaults when null.</param>
    public static CustomerLifetimeValue[] Score(
        IPurchaseModel model, IReadOnlyList<CustomerHistory> histories, IReadOnlyList<double> spendPerPurchase, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ClvOptions();
        options.Validate();
        var groups = Groups.From(histories, spendPerPurchase);
        var (factor, purchases, alive) = Evaluate(model, groups.Keys, options, withAlive: true);
        var result = new CustomerLifetimeValue[histories.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var g = groups.Of[i];
            var spend = spendPerPurchase[i];
            result[i] = new CustomerLifetimeValue(histories[i].CustomerId, alive![g], purchases[g], spend, factor[g] * spend * options.Margin);
        }
        return result;
    }

    /// <summary>Scores customers with Gamma-Gamma spend E[Z | x, z̄] (population mean for x = 0).</summary>
    public static CustomerLifetimeValue[] Score(
        IPurchaseModel model, GammaGammaParameters spendModel, IReadOnlyList<CustomerHistory> histories, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spendModel);
        ArgumentNullException.ThrowIfNull(histories);
        return Score(model, histories, Spend(spendModel, histories), options);
    }

    /// <summary>
    /// 95 % intervals of E[Y(H·L)] and CLV from the purchase model's parameter uncertainty, spend held fixed.
    /// </summary>
    /// <param name="model">Fitted purchase model (its log-parameters are the centre of the draws).</param>
    /// <param name="logParameterCovariance">Covariance of the model's log-parameters, e.g.
    /// <see cref="FitDiagnostics.LogParameterCovariance"/>; symmetric positive definite.</param>
    /// <param name="histories">Customers.</param>
    /// <param name="spendPerPurchase">Fixed spend per purchase, aligned.</param>
    /// <param name="options">Horizon, margin, discount, draws and seed.</param>
    public static CustomerLifetimeValueInterval[] Intervals(
        IPurchaseModel model, double[,] logParameterCovariance, IReadOnlyList<CustomerHistory> histories,
        IReadOnlyList<double> spendPerPurchase, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ClvOptions();
        options.Validate();
        var groups = Groups.From(histories, spendPerPurchase);
        var rng = new Random(options.Seed);
        var draws = DrawModels(model, logParameterCovariance, options.Draws, rng);
        var (factorQ, purchaseQ) = GroupQuantiles(draws, groups.Keys, options);
        var result = new CustomerLifetimeValueInterval[histories.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var g = groups.Of[i];
            var scale = spendPerPurchase[i] * options.Margin;
            double lo = factorQ[g].Lower * scale, hi = factorQ[g].Upper * scale;
            result[i] = new CustomerLifetimeValueInterval(histories[i].CustomerId, purchaseQ[g].Lower, purchaseQ[g].Upper, Math.Min(lo, hi), Math.Max(lo, hi));
        }
        return result;
    }

    /// <summary>
    /// 95 % intervals of E[Y(H·L)] and CLV propagating both the purchase model's and the Gamma-Gamma model's parameter
    /// uncertainty (independent draws; Gamma-Gamma draws with q ≤ 1, whose mean spend is infinite, are redrawn).
    /// </summary>
    /// <param name="model">Fitted purchase model.</param>
    /// <param name="logParameterCovariance">Covariance of its log-parameters.</param>
    /// <param name="spendModel">Fitted Gamma-Gamma parameters with <see cref="GammaGammaParameters.Diagnostics"/>
    /// carrying a covariance.</param>
    /// <param name="histories">Customers (x, z̄ used for spend).</param>
    /// <param name="options">Horizon, margin, discount, draws and seed.</param>
    public static CustomerLifetimeValueInterval[] Intervals(
        IPurchaseModel model, double[,] logParameterCovariance, GammaGammaParameters spendModel,
        IReadOnlyList<CustomerHistory> histories, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spendModel);
        var spendCovariance = spendModel.Diagnostics?.LogParameterCovariance
            ?? throw new ArgumentException("spendModel has no covariance (fit it with GammaGammaFitter).", nameof(spendModel));
        options ??= new ClvOptions();
        options.Validate();
        var baseSpend = Spend(spendModel, histories);
        var groups = Groups.From(histories, baseSpend);
        var rng = new Random(options.Seed);
        var draws = DrawModels(model, logParameterCovariance, options.Draws, rng);
        var spendDraws = new GammaGammaParameters[options.Draws];
        var spendSampler = Sampler(spendModel.LogParameters, spendCovariance, nameof(spendModel));
        for (var s = 0; s < spendDraws.Length; s++)
        {
            GammaGammaParameters p;
            do
            {
                p = GammaGammaParameters.FromLogParameters(spendSampler(rng));
            }
            while (p.Q <= 1);
            spendDraws[s] = p;
        }
        var n = options.Draws;
        var factors = new double[n][];
        var purchases = new double[n][];
        for (var s = 0; s < n; s++)
        {
            (factors[s], purchases[s], _) = Evaluate(draws[s], groups.Keys, options, withAlive: false);
        }
        var purchaseQ = new ParameterInterval[groups.Keys.Length];
        Parallel.For(0, groups.Keys.Length, () => new double[n], (g, _, buffer) =>
        {
            for (var s = 0; s < n; s++)
            {
                buffer[s] = purchases[s][g];
            }
            purchaseQ[g] = Quantiles(buffer);
            return buffer;
        }, _ => { });
        var result = new CustomerLifetimeValueInterval[histories.Count];
        Parallel.For(0, histories.Count, () => new double[n], (i, _, buffer) =>
        {
            var h = histories[i];
            var g = groups.Of[i];
            for (var s = 0; s < n; s++)
            {
                buffer[s] = factors[s][g] * spendDraws[s].ConditionalExpectedSpend(h.RepeatPurchases, h.MeanRepeatSpend) * options.Margin;
            }
            var q = Quantiles(buffer);
            result[i] = new CustomerLifetimeValueInterval(h.CustomerId, purchaseQ[g].Lower, purchaseQ[g].Upper, q.Lower, q.Upper);
            return buffer;
        }, _ => { });
        return result;
    }

    /// <summary>The discounted-purchases factor Σₖ (E[Y(kL)] − E[Y((k−1)L)])/(1+d)ᵏ of one history (CLV per unit of
    /// spend·m).</summary>
    public static double DiscountedPurchases(IPurchaseModel model, in CustomerHistory history, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ClvOptions();
        options.Validate();
        var (factor, _, _) = Evaluate(model, [(history.RepeatPurchases, history.RepeatSpan, history.ObservationSpan)], options, withAlive: false);
        return factor[0];
    }

    static double[] Spend(GammaGammaParameters spendModel, IReadOnlyList<CustomerHistory> histories)
    {
        var spend = new double[histories.Count];
        for (var i = 0; i < spend.Length; i++)
        {
            spend[i] = spendModel.ConditionalExpectedSpend(histories[i]);
        }
        return spend;
    }

    // Per distinct history: discounted-purchases factor, E[Y(H·L)] and (optionally) P(alive).
    static (double[] Factor, double[] Purchases, double[]? Alive) Evaluate(
        IPurchaseModel model, (int X, double Tx, double T)[] keys, ClvOptions options, bool withAlive)
    {
        var factor = new double[keys.Length];
        var purchases = new double[keys.Length];
        var alive = withAlive ? new double[keys.Length] : null;
        var discount = new double[options.Periods + 1];
        for (var k = 1; k <= options.Periods; k++)
        {
            discount[k] = Math.Pow(1 + options.DiscountRate, -k);
        }
        Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = keys.Length < 256 ? 1 : -1 }, g =>
        {
            var h = new CustomerHistory(0, keys[g].X, keys[g].Tx, keys[g].T);
            double previous = 0, sum = 0;
            for (var k = 1; k <= options.Periods; k++)
            {
                var current = model.ExpectedPurchases(h, k * options.PeriodLength);
                sum += (current - previous) * discount[k];
                previous = current;
            }
            factor[g] = sum;
            purchases[g] = previous;
            if (alive is not null)
            {
                alive[g] = model.ProbabilityAlive(h);
            }
        });
        return (factor, purchases, alive);
    }

    static (ParameterInterval[] Factor, ParameterInterval[] Purchases) GroupQuantiles(
        IPurchaseModel[] draws, (int X, double Tx, double T)[] keys, ClvOptions options)
    {
        var n = draws.Length;
        var factors = new double[n][];
        var purchases = new double[n][];
        for (var s = 0; s < n; s++)
        {
            (factors[s], purchases[s], _) = Evaluate(draws[s], keys, options, withAlive: false);
        }
        var factorQ = new ParameterInterval[keys.Length];
        var purchaseQ = new ParameterInterval[keys.Length];
        var buffer = new double[n];
        for (var g = 0; g < keys.Length; g++)
        {
            for (var s = 0; s < n; s++)
            {
                buffer[s] = factors[s][g];
            }
            factorQ[g] = Quantiles(buffer);
            for (var s = 0; s < n; s++)
            {
                buffer[s] = purchases[s][g];
            }
            purchaseQ[g] = Quantiles(buffer);
        }
        return (factorQ, purchaseQ);
    }

    /// <summary>Largest |ln θ| a draw may have: beyond it exp under- or overflows in the predictions.</summary>
    const double MaxAbsLogParameter = 25;

    // A fit on few customers can sit near a boundary with a huge covariance; draws far out (θ → 0 or ∞, or a + b < 1
    // close to a pole of the BG/NBD ₂F₁) are rejected and redrawn, so the intervals describe the plausible models.
    static IPurchaseModel[] DrawModels(IPurchaseModel model, double[,] covariance, int count, Random rng)
    {
        var sampler = Sampler(model.LogParameters, covariance, nameof(covariance));
        var result = new IPurchaseModel[count];
        var attempts = 0;
        for (var s = 0; s < count; attempts++)
        {
            if (attempts >= 50 * count)
            {
                throw new ModelFitException(
                    $"Only {s} of {attempts} parameter draws gave usable predictions: the fit is too uncertain for intervals (fit on more customers, or score without intervals).");
            }
            var theta = sampler(rng);
            if (theta.All(t => Math.Abs(t) <= MaxAbsLogParameter) && model.WithLogParameters(theta) is var drawn && Usable(drawn))
            {
                result[s++] = drawn;
            }
        }
        return result;
    }

    static readonly CustomerHistory[] Probes = [new(0, 0, 0, 0.5), new(0, 0, 0, 200), new(0, 1, 1, 2), new(0, 50, 100, 100)];

    static bool Usable(IPurchaseModel model)
    {
        try
        {
            foreach (var probe in Probes)
            {
                if (!double.IsFinite(model.ProbabilityAlive(probe)) || !double.IsFinite(model.ExpectedPurchases(probe, 52)))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException)
        {
            return false;
        }
    }

    // θ = θ̂ + L z, z ~ N(0, I), L the Cholesky factor of Σ.
    static Func<Random, double[]> Sampler(IReadOnlyList<double> mean, double[,] covariance, string name)
    {
        ArgumentNullException.ThrowIfNull(covariance, name);
        var d = mean.Count;
        if (covariance.GetLength(0) != d || covariance.GetLength(1) != d)
        {
            throw new ArgumentException($"The covariance must be {d}×{d}, matching the log-parameters.", name);
        }
        Matrix<double> lower;
        try
        {
            lower = Matrix<double>.Build.DenseOfArray(covariance).Cholesky().Factor;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("The covariance is not symmetric positive definite.", name, e);
        }
        var centre = mean.ToArray();
        return rng =>
        {
            var z = new double[d];
            for (var i = 0; i < d; i++)
            {
                z[i] = Normal.Sample(rng, 0, 1);
            }
            var theta = (double[])centre.Clone();
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    theta[i] += lower[i, j] * z[j];
                }
            }
            return theta;
        };
    }

    // 2.5 % and 97.5 % quantiles with linear interpolation between order statistics (Hyndman & Fan type 7); sorts values.
    static ParameterInterval Quantiles(double[] values)
    {
        Array.Sort(values);
        return new ParameterInterval(Quantile(values, 0.025), Quantile(values, 0.975));

        static double Quantile(double[] sorted, double p)
        {
            var h = (sorted.Length - 1) * p;
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
    }

    sealed class Groups
    {
        public required int[] Of { get; init; }
        public required (int X, double Tx, double T)[] Keys { get; init; }

        public static Groups From(IReadOnlyList<CustomerHistory> histories, IReadOnlyList<double> spend)
        {
            HistoryValidation.Validate(histories, nameof(histories), uniqueIds: false);
            ArgumentNullException.ThrowIfNull(spend);
            if (spend.Count != histories.Count)
            {
                throw new ArgumentException($"spendPerPurchase has {spend.Count} values for {histories.Count} histories.", nameof(spend));
            }
            var index = new HistoryKeyIndex(Math.Min(histories.Count, 1 << 16));
            var of = new int[histories.Count];
            for (var i = 0; i < of.Length; i++)
            {
                var h = histories[i];
                if (!double.IsFinite(spend[i]))
                {
                    throw new ArgumentException($"spendPerPurchase[{i}] (customer {h.CustomerId}) is not finite.", nameof(spend));
                }
                of[i] = index.Add(h.RepeatPurchases, h.RepeatSpan, h.ObservationSpan, out _);
            }
            var keys = new (int X, double Tx, double T)[index.Count];
            for (var g = 0; g < keys.Length; g++)
            {
                keys[g] = (index.X(g), index.Tx(g), index.T(g));
            }
            return new Groups { Of = of, Keys = keys };
        }
    }
}
