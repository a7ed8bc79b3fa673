using MathNet.Numerics;

namespace Valora.Analytics.Clv;

/// <summary>
/// The Pareto/NBD log-likelihood (Schmittlein, Morrison &amp; Colombo 1987) in the form of Fader, Hardie &amp; Lee
/// (2005), "A Note on Deriving the Pareto/NBD Model and Related Expressions", eq. (22), with its analytic gradient.
/// </summary>
/// <remarks>
/// <para>For one customer with x repeat purchases, last at tₓ, observed for T (all in the model time unit):</para>
/// <para>L = Γ(r+x) αʳ βˢ / Γ(r) · [ E + s·I ],  E = (α+T)^−(r+x) (β+T)^−s,
/// I = ∫ from tₓ to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ.</para>
/// <para>The note's A₀ term equals (r+s+x)·I. Writing I = G(tₓ) − G(T) with G(u) = ∫ from u to ∞ of the same
/// integrand, and applying Euler's transformation to the note's ₂F₁ (see <see cref="ParetoNbdHypergeometric"/>):</para>
/// <para>α ≥ β: G(u) = (α+u)^−(r+x) (β+u)^−s · ₂F₁(1, r+x; r+s+x+1; (α−β)/(α+u)) / (r+s+x);</para>
/// <para>α &lt; β: G(u) = (α+u)^(1−r−x) (β+u)^−(s+1) · ₂F₁(1, s+1; r+s+x+1; (β−α)/(β+u)) / (r+s+x).</para>
/// <para>The case is chosen so that z ∈ [0, 1). Everything is combined in logs with a common scale, so nothing
/// overflows for large x or T; the only subtraction, G(tₓ) − G(T), is of a positive decreasing function and is
/// exactly zero when tₓ = T. The gradient in (r, α, s, β) is analytic: ∂/∂b, ∂/∂c and ∂/∂z of the series are
/// summed term by term, ∂ ln Γ uses the digamma function.</para>
/// <para>When z at tₓ exceeds 0.6 (extreme ratios α/β, visited by the optimiser on degenerate data) the series
/// would need hundreds to millions of terms, so I and its derivatives (integrals of the integrand times
/// ln(α+τ), ln(β+τ), 1/(α+τ), 1/(β+τ)) are integrated directly by composite Gauss–Legendre in v = ln(min(α,β)+τ),
/// which is accurate to double precision there (see <c>Quadrature</c>).</para>
/// </remarks>
public static class ParetoNbdLikelihood
{
    /// <summary>Total log-likelihood of <paramref name="histories"/> under <paramref name="model"/> (not averaged).</summary>
    /// <exception cref="ArgumentException">A history is invalid (see <see cref="Validate"/>) or the list is empty.</exception>
    public static double LogLikelihood(ParetoNbdModel model, IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(model);
        Validate(histories);
        var data = ParetoNbdData.From(HistoryGroup.Compress(histories));
        return Evaluate(data, model.R, model.Alpha, model.S, model.Beta, gradient: null);
    }

    /// <summary>Log-likelihood of one customer's history.</summary>
    public static double LogLikelihood(ParetoNbdModel model, in CustomerHistory history)
    {
        ArgumentNullException.ThrowIfNull(model);
        ValidateOne(history);
        var bracket = Bracket(model.R, model.Alpha, model.S, model.Beta, history.RepeatPurchases, history.RepeatSpan,
            history.ObservationSpan, withGradient: false);
        double r = model.R;
        return SpecialFunctions.GammaLn(r + history.RepeatPurchases) - SpecialFunctions.GammaLn(r)
            + (r * Math.Log(model.Alpha)) + (model.S * Math.Log(model.Beta)) + bracket.LogTotal;
    }

    /// <summary>
    /// Checks histories for the Pareto/NBD: non-empty; x ≥ 0; tₓ and T finite and ≥ 0; tₓ ≤ T; tₓ = 0 when x = 0.
    /// </summary>
    /// <exception cref="ArgumentException">Naming the customer and the rule broken.</exception>
    public static void Validate(IReadOnlyList<CustomerHistory> histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.Count == 0)
        {
            throw new ArgumentException("No customer histories were given: the Pareto/NBD needs at least one.", nameof(histories));
        }
        for (int i = 0; i < histories.Count; i++)
        {
            ValidateOne(histories[i], nameof(histories));
        }
    }

    internal static void ValidateOne(in CustomerHistory h, string parameterName = "history")
    {
        long id = h.CustomerId;
        string Who() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"customer {id}");
        if (h.RepeatPurchases < 0)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"RepeatPurchases (x) must be >= 0 but is {h.RepeatPurchases} for {Who()}."), parameterName);
        }
        if (!double.IsFinite(h.RepeatSpan) || h.RepeatSpan < 0)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"RepeatSpan (tx) must be finite and >= 0 but is {h.RepeatSpan} for {Who()}."), parameterName);
        }
        if (!double.IsFinite(h.ObservationSpan) || h.ObservationSpan < 0)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"ObservationSpan (T) must be finite and >= 0 but is {h.ObservationSpan} for {Who()}."), parameterName);
        }
        if (h.RepeatSpan > h.ObservationSpan)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"RepeatSpan (tx = {h.RepeatSpan}) exceeds ObservationSpan (T = {h.ObservationSpan}) for {Who()}."), parameterName);
        }
        if (h.RepeatPurchases == 0 && h.RepeatSpan != 0)
        {
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"RepeatSpan (tx) must be 0 when RepeatPurchases (x) is 0, but is {h.RepeatSpan} for {Who()}."), parameterName);
        }
    }

    /// <summary>ln[E + s·I] and ln E for one history, with ∂/∂(r, α, s, β) of ln[E + s·I] when asked.</summary>
    internal readonly record struct BracketValue(double LogTotal, double LogSurvival, double DR, double DAlpha, double DS, double DBeta);

    internal static BracketValue Bracket(double r, double alpha, double s, double beta, int x, double tx, double t, bool withGradient)
    {
        double a = r + x;
        double lnAlphaT = Math.Log(alpha + t), lnBetaT = Math.Log(beta + t);
        double logE = (-a * lnAlphaT) - (s * lnBetaT);
        if (tx >= t)
        {
            // No time between the last purchase and the end of observation: the integral term is exactly zero.
            return new BracketValue(logE, logE, -lnAlphaT, -a / (alpha + t), -lnBetaT, -s / (beta + t));
        }
        double lnS = Math.Log(s);
        double zAtTx = alpha >= beta ? (alpha - beta) / (alpha + tx) : (beta - alpha) / (beta + tx);
        // s·I and s·∂I/∂(r, α, s, β), all divided by e^scale.
        double scale, si, sir, sia, sis, sib;
        if (zAtTx <= SeriesLimit)
        {
            var gx = LogG(r, alpha, s, beta, x, tx, withGradient);
            var gt = LogG(r, alpha, s, beta, x, t, withGradient);
            scale = Math.Max(logE, lnS + gx.LogG);
            double ix = Math.Exp(lnS + gx.LogG - scale);
            double it = Math.Exp(lnS + gt.LogG - scale);
            si = ix - it;
            sir = (ix * gx.DR) - (it * gt.DR);
            sia = (ix * gx.DAlpha) - (it * gt.DAlpha);
            sis = (ix * gx.DS) - (it * gt.DS);
            sib = (ix * gx.DBeta) - (it * gt.DBeta);
        }
        else
        {
            (scale, si, sir, sia, sis, sib) = Quadrature(r, alpha, s, beta, x, tx, t, logE);
        }
        double e = Math.Exp(logE - scale);
        double q = e + si;
        if (!(q > 0) || !double.IsFinite(q))
        {
            return new BracketValue(double.NaN, logE, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        double logTotal = scale + Math.Log(q);
        if (!withGradient)
        {
            return new BracketValue(logTotal, logE, 0, 0, 0, 0);
        }
        double dr = ((e * -lnAlphaT) + sir) / q;
        double da = ((e * (-a / (alpha + t))) + sia) / q;
        double ds = ((e * -lnBetaT) + sis + (si / s)) / q;
        double db = ((e * (-s / (beta + t))) + sib) / q;
        return new BracketValue(logTotal, logE, dr, da, ds, db);
    }

    /// <summary>
    /// Largest z at tₓ for which the ₂F₁ series is used; beyond it (only at extreme parameter ratios, β ≪ α or
    /// α ≪ β, which the optimiser may visit on its way) the series needs many terms and I is integrated instead.
    /// </summary>
    const double SeriesLimit = 0.6;

    static readonly MathNet.Numerics.Integration.GaussLegendreRule Rule = new(-1.0, 1.0, 16);

    /// <summary>
    /// s·I and s·∂I/∂(r, α, s, β) by composite 16-point Gauss–Legendre in v = ln(m + τ), m = min(α, β), on panels of
    /// width ≤ 2 in v. In v the integrand's only singularities are at Im v = ±π (where max(α,β) + τ = 0), so each panel
    /// converges like 6.4^−32: to double precision. Returned divided by e^scale, scale ≥ ln E.
    /// </summary>
    static (double Scale, double SI, double DR, double DAlpha, double DS, double DBeta) Quadrature(
        double r, double alpha, double s, double beta, int x, double tx, double t, double logE)
    {
        double a = r + x;
        bool alphaSmaller = alpha < beta;
        double m = alphaSmaller ? alpha : beta;
        double gap = Math.Abs(alpha - beta);
        double v0 = Math.Log(m + tx), v1 = Math.Log(m + t);
        int panels = Math.Max(1, (int)Math.Ceiling((v1 - v0) / 2.0));
        double width = (v1 - v0) / panels;
        double lnS = Math.Log(s);
        double top = double.NegativeInfinity;
        double sum = 0, sumR = 0, sumA = 0, sumS = 0, sumB = 0;
        var nodes = Rule.Abscissas;
        var weights = Rule.Weights;
        for (int p = 0; p < panels; p++)
        {
            double mid = v0 + ((p + 0.5) * width);
            for (int k = 0; k < nodes.Length; k++)
            {
                double v = mid + (0.5 * width * nodes[k]);
                double ev = Math.Exp(v);
                // α + τ and β + τ without forming τ = e^v − m (which would cancel when m ≫ τ).
                double ap = alphaSmaller ? ev : gap + ev;
                double bp = alphaSmaller ? gap + ev : ev;
                double lnAp = Math.Log(ap), lnBp = Math.Log(bp);
                double logTerm = Math.Log(0.5 * width * weights[k]) + v + lnS - (a * lnAp) - ((s + 1.0) * lnBp);
                if (logTerm > top)
                {
                    double shrink = Math.Exp(top - logTerm);
                    sum *= shrink;
                    sumR *= shrink;
                    sumA *= shrink;
                    sumS *= shrink;
                    sumB *= shrink;
                    top = logTerm;
                }
                double w = Math.Exp(logTerm - top);
                sum += w;
                sumR -= w * lnAp;
                sumA -= w * a / ap;
                sumS -= w * lnBp;
                sumB -= w * (s + 1.0) / bp;
            }
        }
        double scale = Math.Max(logE, top);
        double f = Math.Exp(top - scale);
        return (scale, f * sum, f * sumR, f * sumA, f * sumS, f * sumB);
    }

    readonly record struct LogGValue(double LogG, double DR, double DAlpha, double DS, double DBeta);

    /// <summary>ln G(u) and its derivatives in (r, α, s, β); see the class remarks for G.</summary>
    static LogGValue LogG(double r, double alpha, double s, double beta, int x, double u, bool withGradient)
    {
        double a = r + x;
        double c = a + s + 1.0;
        double au = alpha + u, bu = beta + u;
        double lnAu = Math.Log(au), lnBu = Math.Log(bu);
        if (alpha >= beta)
        {
            double z = (alpha - beta) / au;
            var h = ParetoNbdHypergeometric.Evaluate(a, c, z);
            double logG = (-a * lnAu) - (s * lnBu) + Math.Log(h.H) - Math.Log(a + s);
            if (!withGradient)
            {
                return new LogGValue(logG, 0, 0, 0, 0);
            }
            double hz = h.DZ / h.H;
            return new LogGValue(
                logG,
                -lnAu + ((h.DB + h.DC) / h.H) - (1.0 / (a + s)),
                (-a / au) + (hz * bu / (au * au)),
                -lnBu + (h.DC / h.H) - (1.0 / (a + s)),
                (-s / bu) - (hz / au));
        }
        else
        {
            double z = (beta - alpha) / bu;
            var h = ParetoNbdHypergeometric.Evaluate(s + 1.0, c, z);
            double logG = ((1.0 - a) * lnAu) - ((s + 1.0) * lnBu) + Math.Log(h.H) - Math.Log(a + s);
            if (!withGradient)
            {
                return new LogGValue(logG, 0, 0, 0, 0);
            }
            double hz = h.DZ / h.H;
            return new LogGValue(
                logG,
                -lnAu + (h.DC / h.H) - (1.0 / (a + s)),
                ((1.0 - a) / au) - (hz / bu),
                -lnBu + ((h.DB + h.DC) / h.H) - (1.0 / (a + s)),
                (-(s + 1.0) / bu) + (hz * au / (bu * bu)));
        }
    }

    /// <summary>
    /// Total log-likelihood over compressed groups; when <paramref name="gradient"/> is given (length 4) it receives
    /// ∂LL/∂(ln r, ln α, ln s, ln β). Groups are summed in fixed chunks (in parallel when large) and the chunk sums
    /// added in order, so the result does not depend on the thread count. NaN when any term is not finite.
    /// </summary>
    internal static double Evaluate(ParetoNbdData data, double r, double alpha, double s, double beta, double[]? gradient)
    {
        bool withGradient = gradient is not null;
        // Per distinct x: ln Γ(r+x) and ψ(r+x) once per evaluation.
        var distinctX = data.DistinctX;
        var lnGammaRx = new double[distinctX.Length];
        var digammaRx = new double[distinctX.Length];
        for (int k = 0; k < distinctX.Length; k++)
        {
            lnGammaRx[k] = SpecialFunctions.GammaLn(r + distinctX[k]);
            digammaRx[k] = withGradient ? SpecialFunctions.DiGamma(r + distinctX[k]) : 0.0;
        }

        int n = data.Count;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var partial = new double[chunks * 5];
        void RunChunk(int chunk)
        {
            int start = chunk * ChunkSize, end = Math.Min(n, start + ChunkSize);
            double ll = 0, gr = 0, ga = 0, gs = 0, gb = 0;
            for (int i = start; i < end; i++)
            {
                double w = data.Weight[i];
                int xi = data.XIndex[i];
                var b = Bracket(r, alpha, s, beta, data.X[i], data.Tx[i], data.T[i], withGradient);
                ll += w * (lnGammaRx[xi] + b.LogTotal);
                if (withGradient)
                {
                    gr += w * (digammaRx[xi] + b.DR);
                    ga += w * b.DAlpha;
                    gs += w * b.DS;
                    gb += w * b.DBeta;
                }
            }
            partial[chunk * 5] = ll;
            partial[(chunk * 5) + 1] = gr;
            partial[(chunk * 5) + 2] = ga;
            partial[(chunk * 5) + 3] = gs;
            partial[(chunk * 5) + 4] = gb;
        }
        if (chunks > 1)
        {
            Parallel.For(0, chunks, RunChunk);
        }
        else if (chunks == 1)
        {
            RunChunk(0);
        }

        double total = 0, sr = 0, sa = 0, ss = 0, sb = 0;
        for (int k = 0; k < chunks; k++)
        {
            total += partial[k * 5];
            sr += partial[(k * 5) + 1];
            sa += partial[(k * 5) + 2];
            ss += partial[(k * 5) + 3];
            sb += partial[(k * 5) + 4];
        }
        double customers = data.Customers;
        double lnAlpha = Math.Log(alpha), lnBeta = Math.Log(beta);
        total += customers * ((r * lnAlpha) + (s * lnBeta) - SpecialFunctions.GammaLn(r));
        if (gradient is not null)
        {
            double dr = sr + (customers * (lnAlpha - SpecialFunctions.DiGamma(r)));
            double da = sa + (customers * r / alpha);
            double ds = ss + (customers * lnBeta);
            double db = sb + (customers * s / beta);
            // Chain rule to log-parameters: ∂/∂ln p = p ∂/∂p.
            gradient[0] = r * dr;
            gradient[1] = alpha * da;
            gradient[2] = s * ds;
            gradient[3] = beta * db;
        }
        return double.IsFinite(total) ? total : double.NaN;
    }

    const int ChunkSize = 4096;
}
