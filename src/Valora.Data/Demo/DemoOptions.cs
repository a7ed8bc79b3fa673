namespace Valora.Data.Demo;

/// <summary>
/// Settings of the demo population. The purchase model is BG/NBD (Fader, Hardie &amp; Lee 2005, "Counting your
/// customers the easy way", Marketing Science 24(2)): each customer buys at a Poisson rate λ ~ Gamma(r, α) per week
/// while alive and drops out after each repeat purchase with probability p ~ Beta(a, b). Spend is Gamma-Gamma (Fader,
/// Hardie &amp; Lee 2005, "RFM and CLV", JMR 42(4)): ν ~ Gamma(q, γ) (rate γ), each order value ~ Gamma(p, ν) (rate ν),
/// so the mean order value is p·γ/(q − 1). Defaults are the published CDNOW estimates; with them a customer signing
/// up uniformly over two years averages ≈ 2.35 orders, and baskets average ≈ 4.3 lines, so 1M customers give ≈ 10M
/// order lines. Nothing reads the clock: the history is [<see cref="StartDate"/>, <see cref="End"/>].
/// </summary>
public sealed record DemoOptions
{
    /// <summary>Number of customers (≥ 1).</summary>
    public int Customers { get; init; } = 10_000;

    /// <summary>Random seed; the same seed gives byte-identical output.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Last day of the history (inclusive).</summary>
    public DateOnly End { get; init; } = new(2026, 6, 30);

    /// <summary>First day of the history; null means two years before <see cref="End"/>.</summary>
    public DateOnly? Start { get; init; }

    /// <summary>The effective first day of the history.</summary>
    public DateOnly StartDate => Start ?? End.AddYears(-2).AddDays(1);

    /// <summary>BG/NBD r: shape of the Gamma heterogeneity of the weekly purchase rate λ (CDNOW: 0.243).</summary>
    public double R { get; init; } = 0.243;

    /// <summary>BG/NBD α: rate (weeks) of the Gamma heterogeneity of λ; mean λ = r/α per week (CDNOW: 4.414).</summary>
    public double Alpha { get; init; } = 4.414;

    /// <summary>BG/NBD a: first shape of the Beta distribution of the dropout probability p (CDNOW: 0.793).</summary>
    public double A { get; init; } = 0.793;

    /// <summary>BG/NBD b: second shape of the Beta distribution of p; mean p = a/(a+b) (CDNOW: 2.426).</summary>
    public double B { get; init; } = 2.426;

    /// <summary>Gamma-Gamma p: shape of the order value given ν (CDNOW: 6.25).</summary>
    public double SpendShapeP { get; init; } = 6.25;

    /// <summary>Gamma-Gamma q: shape of ν; must exceed 1 for the mean spend to exist (CDNOW: 3.74).</summary>
    public double SpendShapeQ { get; init; } = 3.74;

    /// <summary>Gamma-Gamma γ: rate of ν, in currency units (CDNOW: 15.44).</summary>
    public double SpendGamma { get; init; } = 15.44;

    /// <summary>Products per category (10 categories).</summary>
    public int ProductsPerCategory { get; init; } = 24;

    /// <summary>Share of customers acquired through a referral by an earlier customer.</summary>
    public double ReferralShare { get; init; } = 0.08;

    /// <summary>Share of orders cancelled.</summary>
    public double CancelledShare { get; init; } = 0.02;

    /// <summary>Share of orders returned (higher for dissatisfied customers; this is the average).</summary>
    public double ReturnedShare { get; init; } = 0.03;

    /// <summary>Interactions per customer per year of tenure.</summary>
    public double InteractionsPerYear { get; init; } = 1.6;

    /// <summary>Support tickets per customer per year of tenure (for an average customer).</summary>
    public double TicketsPerYear { get; init; } = 0.3;

    /// <summary>Share of customers who answer a survey.</summary>
    public double SurveyShare { get; init; } = 0.3;

    /// <summary>Share of customers with a sales opportunity.</summary>
    public double OpportunityShare { get; init; } = 0.03;

    /// <summary>Number of marketing campaigns spread over the history.</summary>
    public int Campaigns { get; init; } = 6;

    /// <summary>Share of eligible customers a campaign targets.</summary>
    public double CampaignTargetShare { get; init; } = 0.12;

    /// <summary>Share of campaign members held out as a control group.</summary>
    public double ControlShare { get; init; } = 0.1;

    /// <summary>ISO 4217 currency of every order.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Customers < 1)
        {
            throw new ArgumentException($"Customers must be at least 1 (got {Customers}).", nameof(Customers));
        }
        if (StartDate > End)
        {
            throw new ArgumentException($"Start {StartDate:yyyy-MM-dd} is after End {End:yyyy-MM-dd}.", nameof(Start));
        }
        Positive(R, nameof(R));
        Positive(Alpha, nameof(Alpha));
        Positive(A, nameof(A));
        Positive(B, nameof(B));
        Positive(SpendShapeP, nameof(SpendShapeP));
        Positive(SpendGamma, nameof(SpendGamma));
        if (!(SpendShapeQ > 1) || double.IsInfinity(SpendShapeQ))
        {
            throw new ArgumentException($"SpendShapeQ must be finite and greater than 1 (got {SpendShapeQ}).", nameof(SpendShapeQ));
        }
        if (ProductsPerCategory < 2)
        {
            throw new ArgumentException($"ProductsPerCategory must be at least 2 (got {ProductsPerCategory}).", nameof(ProductsPerCategory));
        }
        Share(ReferralShare, nameof(ReferralShare));
        Share(CancelledShare, nameof(CancelledShare));
        Share(ReturnedShare, nameof(ReturnedShare));
        Share(SurveyShare, nameof(SurveyShare));
        Share(OpportunityShare, nameof(OpportunityShare));
        Share(CampaignTargetShare, nameof(CampaignTargetShare));
        Share(ControlShare, nameof(ControlShare));
        if (CancelledShare + ReturnedShare > 0.5)
        {
            throw new ArgumentException("CancelledShare + ReturnedShare must not exceed 0.5.", nameof(ReturnedShare));
        }
        NonNegative(InteractionsPerYear, nameof(InteractionsPerYear));
        NonNegative(TicketsPerYear, nameof(TicketsPerYear));
        if (Campaigns < 0)
        {
            throw new ArgumentException($"Campaigns must not be negative (got {Campaigns}).", nameof(Campaigns));
        }
        if (Currency is not { Length: 3 })
        {
            throw new ArgumentException($"Currency must be a 3-letter ISO code (got '{Currency}').", nameof(Currency));
        }
    }

    static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} must be a positive finite number (got {value}).", name);
        }
    }

    static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} must be a non-negative finite number (got {value}).", name);
        }
    }

    static void Share(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException($"{name} must be between 0 and 1 (got {value}).", name);
        }
    }
}
