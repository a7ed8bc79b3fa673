using System.Globalization;

namespace Valora.Analytics.Potential;

/// <summary>The weights of potential value V = α·B + β·R + γ·M.</summary>
/// <param name="Alpha">α, weight of the purchase potential B (default 0.5).</param>
/// <param name="Beta">β, weight of the referral potential R (default 0.3).</param>
/// <param name="Gamma">γ, weight of the maintenance potential M (default 0.2).</param>
public sealed record PotentialWeights(double Alpha = PotentialWeights.DefaultAlpha, double Beta = PotentialWeights.DefaultBeta, double Gamma = PotentialWeights.DefaultGamma)
{
    /// <summary>Default α (the source article's weights).</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>Default β.</summary>
    public const double DefaultBeta = 0.3;

    /// <summary>Default γ.</summary>
    public const double DefaultGamma = 0.2;

    /// <summary>The first weight that is not a finite number ≥ 0, or all of them when they are all 0; null when they are usable.</summary>
    public (string Field, string Rule)? Check()
    {
        foreach (var (name, w) in new[] { ("alpha", Alpha), ("beta", Beta), ("gamma", Gamma) })
        {
            if (!double.IsFinite(w) || w < 0)
            {
                return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite number ≥ 0 but was {w}."));
            }
        }
        return Alpha + Beta + Gamma > 0 ? null : ("alpha", "At least one of alpha, beta and gamma must be > 0.");
    }

    /// <summary>V = α·B + β·R + γ·M. Worked example: B = 100, R = 10, M = 1 with 0.5 / 0.3 / 0.2 gives 50 + 3 + 0.2 = 53.2.</summary>
    public double Combine(double purchase, double referral, double maintenance) =>
        (Alpha * purchase) + (Beta * referral) + (Gamma * maintenance);
}

/// <summary>Where a customer's purchase potential B came from.</summary>
public enum PurchasePotentialSource
{
    /// <summary>The stored lifetime value of the BTYD purchase model and the Gamma-Gamma spend model.</summary>
    Btyd,

    /// <summary>No BTYD value for the customer: the profit of the last year, kept at the retention rate and discounted.</summary>
    RunRate,
}

/// <summary>What one customer brings to the potential-value model.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Clv">Discounted profit of future purchases from the BTYD models (null when not scored).</param>
/// <param name="AnnualProfit">Profit (revenue − cost) of the year up to the as-of date.</param>
/// <param name="YearlyRetention">Probability the customer is still a customer a year on, in [0, 1].</param>
/// <param name="Referrals">Customers they brought up to the as-of date.</param>
/// <param name="ExposureYears">Years they could have referred: from their first purchase (or sign-up) to the as-of date, ≥ 0.</param>
/// <param name="TicketsPerYear">Service tickets opened in the year up to the as-of date.</param>
/// <param name="ContactsPerYear">Interactions (calls, e-mails, visits …) in the year up to the as-of date.</param>
/// <param name="WasReferred">Whether someone referred this customer (their value prices a referral).</param>
public readonly record struct PotentialInputs(
    long CustomerId,
    double? Clv,
    double AnnualProfit,
    double YearlyRetention,
    int Referrals,
    double ExposureYears,
    int TicketsPerYear,
    int ContactsPerYear,
    bool WasReferred);

/// <summary>Settings of the potential-value components; money in the data's currency.</summary>
public sealed record PotentialOptions
{
    /// <summary>Years ahead the referral and maintenance potentials look (1–30, default 1).</summary>
    public int HorizonYears { get; init; } = 1;

    /// <summary>Annual discount rate of future profit (> −1, default 0.10).</summary>
    public double AnnualDiscountRate { get; init; } = 0.10;

    /// <summary>Cost to serve one service ticket (≥ 0, default 10).</summary>
    public double TicketCost { get; init; } = 10;

    /// <summary>Cost of one interaction with the customer (≥ 0, default 1).</summary>
    public double ContactCost { get; init; } = 1;

    /// <summary>
    /// Strength of the shared prior of the referral rate, in customer-years (> 0, default 1): a customer's rate is
    /// (base rate × strength + their referrals) / (strength + their years), so a new customer starts at the base rate.
    /// </summary>
    public double ReferralPriorYears { get; init; } = 1;

    /// <summary>The weights of V = α·B + β·R + γ·M.</summary>
    public PotentialWeights Weights { get; init; } = new();

    /// <summary>The first setting out of range as (field, rule), or null.</summary>
    public (string Field, string Rule)? Check()
    {
        if (HorizonYears is < 1 or > 30)
        {
            return ("horizonYears", string.Create(CultureInfo.InvariantCulture, $"horizonYears must be between 1 and 30 but was {HorizonYears}."));
        }
        if (!double.IsFinite(AnnualDiscountRate) || AnnualDiscountRate <= -1)
        {
            return ("discountRate", string.Create(CultureInfo.InvariantCulture, $"discountRate must be a finite fraction > −1 (0.10 = 10 %) but was {AnnualDiscountRate}."));
        }
        foreach (var (name, cost) in new[] { ("ticketCost", TicketCost), ("contactCost", ContactCost) })
        {
            if (!double.IsFinite(cost) || cost < 0)
            {
                return (name, string.Create(CultureInfo.InvariantCulture, $"{name} must be a finite amount ≥ 0 but was {cost}."));
            }
        }
        if (!double.IsFinite(ReferralPriorYears) || ReferralPriorYears <= 0)
        {
            return ("referralPriorYears", string.Create(CultureInfo.InvariantCulture, $"referralPriorYears must be > 0 but was {ReferralPriorYears}."));
        }
        return Weights.Check();
    }
}

/// <summary>One customer's potential value and its components.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Purchase">B: expected discounted profit of their future purchases.</param>
/// <param name="Referral">R: expected discounted value of the customers they will bring.</param>
/// <param name="Maintenance">M: expected retained margin minus the cost to serve them, discounted.</param>
/// <param name="Value">V = α·B + β·R + γ·M.</param>
/// <param name="ExpectedReferrals">Expected referrals over the horizon (the count R prices).</param>
/// <param name="PurchaseSource">Whether B is the BTYD lifetime value or the run-rate fallback.</param>
public readonly record struct CustomerPotential(
    long CustomerId,
    double Purchase,
    double Referral,
    double Maintenance,
    double Value,
    double ExpectedReferrals,
    PurchasePotentialSource PurchaseSource);

/// <summary>The potential value of a customer base, with the base-level figures the components used.</summary>
/// <param name="Customers">Each customer's potential, in input order.</param>
/// <param name="BaseReferralRate">Referrals per customer-year over the whole base (the prior of each customer's rate).</param>
/// <param name="ReferredCustomerValue">Value of one brought customer: the mean purchase potential of referred customers (of all customers when nobody was referred).</param>
/// <param name="Options">The settings used.</param>
public sealed record PotentialResult(
    IReadOnlyList<CustomerPotential> Customers,
    double BaseReferralRate,
    double ReferredCustomerValue,
    PotentialOptions Options)
{
    /// <summary>PV = Σ V over the customers.</summary>
    public double Total => Customers.Sum(c => c.Value);
}

/// <summary>
/// Potential value V = α·B + β·R + γ·M of each customer (what they could still become), in three components:
/// <list type="bullet">
/// <item><b>B, purchase potential</b>: the discounted profit of their future purchases — the BTYD lifetime value where
/// it was scored, else the run-rate Σ_{y=1..H} ρ^y·profit/(1+d)^y of last year's profit at their yearly retention ρ.</item>
/// <item><b>R, referral potential</b>: expected referrals over the horizon × the value of a brought customer. A
/// customer's referral rate is the Gamma-Poisson posterior mean (λ₀·s + n)/(s + t) with the base rate λ₀ = Σn/Σt,
/// prior strength s years, their n referrals in t years; expected referrals Σ_{y=1..H} ρ^y·rate/(1+d)^y (they refer
/// while they stay), each worth the mean B of the customers who were referred.</item>
/// <item><b>M, maintenance potential</b>: Σ_{y=1..H} ρ^y·(profit − tickets·ticket cost − contacts·contact cost)/(1+d)^y,
/// the margin the relationship keeps while maintained, net of the cost to serve it.</item>
/// </list>
/// </summary>
public static class PotentialValue
{
    /// <summary>Σ_{y=1..H} ρ^y/(1+d)^y: the present value of 1 a year kept at retention ρ for H years (end of year).</summary>
    public static double RetainedAnnuity(double retention, int years, double discountRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(years, 0);
        if (!(retention >= 0 && retention <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "Retention must be in [0, 1].");
        }
        var sum = 0.0;
        var factor = 1.0;
        for (var y = 1; y <= years; y++)
        {
            factor *= retention / (1 + discountRate);
            sum += factor;
        }
        return sum;
    }

    /// <summary>Scores every customer.</summary>
    /// <exception cref="ArgumentException">Options out of range (see <see cref="PotentialOptions.Check"/>) or an input out of its domain.</exception>
    public static PotentialResult Score(IReadOnlyList<PotentialInputs> customers, PotentialOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        options ??= new PotentialOptions();
        if (options.Check() is { } bad)
        {
            throw new ArgumentException(bad.Rule, bad.Field);
        }
        foreach (var c in customers)
        {
            if (!(c.YearlyRetention >= 0 && c.YearlyRetention <= 1) || !double.IsFinite(c.AnnualProfit) || c.Referrals < 0
                || !(c.ExposureYears >= 0) || c.TicketsPerYear < 0 || c.ContactsPerYear < 0 || c.Clv is { } v && !double.IsFinite(v))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Customer {c.CustomerId}: retention must be in [0, 1], profit and CLV finite, counts and years ≥ 0."), nameof(customers));
            }
        }

        var h = options.HorizonYears;
        var d = options.AnnualDiscountRate;
        var purchase = new double[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            purchase[i] = c.Clv ?? c.AnnualProfit * RetainedAnnuity(c.YearlyRetention, h, d);
        }

        var exposure = customers.Sum(c => c.ExposureYears);
        var baseRate = exposure > 0 ? customers.Sum(c => c.Referrals) / exposure : 0;
        var referredValues = Enumerable.Range(0, customers.Count).Where(i => customers[i].WasReferred).Select(i => purchase[i]).ToArray();
        var referredValue = referredValues.Length > 0 ? referredValues.Average() : purchase.Length > 0 ? purchase.Average() : 0;

        var s = options.ReferralPriorYears;
        var result = new CustomerPotential[customers.Count];
        for (var i = 0; i < customers.Count; i++)
        {
            var c = customers[i];
            var annuity = RetainedAnnuity(c.YearlyRetention, h, d);
            var rate = ((baseRate * s) + c.Referrals) / (s + c.ExposureYears);
            var expectedReferrals = rate * annuity;
            var referral = expectedReferrals * referredValue;
            var costToServe = (c.TicketsPerYear * options.TicketCost) + (c.ContactsPerYear * options.ContactCost);
            var maintenance = (c.AnnualProfit - costToServe) * annuity;
            result[i] = new CustomerPotential(c.CustomerId, purchase[i], referral, maintenance,
                options.Weights.Combine(purchase[i], referral, maintenance), expectedReferrals,
                c.Clv is null ? PurchasePotentialSource.RunRate : PurchasePotentialSource.Btyd);
        }
        return new PotentialResult(result, baseRate, referredValue, options);
    }
}
