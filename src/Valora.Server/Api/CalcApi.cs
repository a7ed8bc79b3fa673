using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Analytics.Potential;
using Valora.Analytics.Value;

namespace Valora.Server.Api;

/// <summary>The value formulas for quick what-ifs, as <c>valora calc</c> (no database). Rates are fractions.</summary>
public static class CalcApi
{
    public static RouteGroupBuilder MapCalcApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/calc").WithTags("Calculator");
        group.MapGet("/clv", Clv).WithName("CalcClv")
            .WithSummary("Discounted lifetime value Σ profitₜ·(1+r)^−t, t = 1..n").ProducesValidationProblem();
        group.MapGet("/growth", Growth).WithName("CalcGrowth")
            .WithSummary("Projection with growth V·(1+g)^n, and the discounted growing stream when a rate is given").ProducesValidationProblem();
        group.MapGet("/simple", Simple).WithName("CalcSimple")
            .WithSummary("Simple lifetime value: AOV × orders/period × lifespan × margin − acquisition − retention × lifespan").ProducesValidationProblem();
        group.MapGet("/potential", Potential).WithName("CalcPotential")
            .WithSummary("Potential value V = α·B + β·R + γ·M (default α, β, γ = 0.5, 0.3, 0.2)").ProducesValidationProblem();
        group.MapGet("/event", Event).WithName("CalcEvent")
            .WithSummary("Single-event value: revenue − cost").ProducesValidationProblem();
        return group;
    }

    static Results<Ok<CalcClvResult>, ValidationProblem> Clv(
        [Description("Profit per period, comma-separated, period 1 first, '.' for decimals (e.g. 900,720,1080).")] string profits,
        [Description("Discount rate per period as a fraction (0.10 = 10 %), > −1.")] double rate,
        [Description("Treat rate as annual and convert it to this period: Year, Quarter or Month.")] string? annualRatePer = null)
    {
        var parts = profits.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return Problems.BadInput(nameof(profits), "Give at least one profit, e.g. profits=900,720,1080.");
        }
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return Problems.BadInput(nameof(profits),
                    string.Create(CultureInfo.InvariantCulture, $"Item {i + 1} '{parts[i]}' is not a finite number (use '.' for decimals, ',' between items)."));
            }
        }
        if (!double.IsFinite(rate) || rate <= -1)
        {
            return Problems.BadInput(nameof(rate), "The rate must be a finite fraction > −1 (0.10 = 10 %).");
        }
        var perPeriod = rate;
        if (annualRatePer is not null)
        {
            if (!Enum.TryParse<ValuePeriod>(annualRatePer, ignoreCase: true, out var period) || !Enum.IsDefined(period))
            {
                return Problems.BadInput(nameof(annualRatePer), $"'{annualRatePer}' is not a period: use Year, Quarter or Month.");
            }
            perPeriod = ValueFormulas.PerPeriodRate(rate, period);
        }
        var clv = ValueFormulas.DiscountedValue(values, perPeriod);
        return TypedResults.Ok(new CalcClvResult(values.Length, perPeriod, values.Sum(), Math.Round(clv, 2), clv));
    }

    static Results<Ok<CalcGrowthResult>, ValidationProblem> Growth(
        [Description("Value today (V), finite.")] double value,
        [Description("Growth per period as a fraction (g), > −1.")] double growth,
        [Description("Number of periods (n), ≥ 0.")] int periods,
        [Description("Optional discount rate per period: also discount the growing stream V, V(1+g), … over n periods.")] double? rate = null)
    {
        if (!double.IsFinite(value))
        {
            return Problems.BadInput(nameof(value), "The value must be a finite number.");
        }
        if (!double.IsFinite(growth) || growth <= -1)
        {
            return Problems.BadInput(nameof(growth), "The growth must be a finite fraction > −1 (0.05 = 5 %).");
        }
        if (periods < 0)
        {
            return Problems.BadInput(nameof(periods), "The number of periods must be ≥ 0.");
        }
        if (rate is { } r && (!double.IsFinite(r) || r <= -1))
        {
            return Problems.BadInput(nameof(rate), "The rate must be a finite fraction > −1 (0.10 = 10 %).");
        }
        return TypedResults.Ok(new CalcGrowthResult(
            ValueFormulas.ProjectWithGrowth(value, growth, periods),
            rate is { } d ? ValueFormulas.DiscountedGrowingStream(value, growth, d, periods) : null));
    }

    static Results<Ok<CalcPotentialResult>, ValidationProblem> Potential(
        [Description("B, purchase potential, finite.")] double purchase,
        [Description("R, referral potential, finite.")] double referral,
        [Description("M, maintenance potential, finite.")] double maintenance,
        [Description("α, weight of B, ≥ 0 (default 0.5).")] double alpha = PotentialWeights.DefaultAlpha,
        [Description("β, weight of R, ≥ 0 (default 0.3).")] double beta = PotentialWeights.DefaultBeta,
        [Description("γ, weight of M, ≥ 0 (default 0.2).")] double gamma = PotentialWeights.DefaultGamma)
    {
        foreach (var (name, v) in new[] { (nameof(purchase), purchase), (nameof(referral), referral), (nameof(maintenance), maintenance) })
        {
            if (!double.IsFinite(v))
            {
                return Problems.BadInput(name, $"The {name} potential must be a finite number.");
            }
        }
        var weights = new PotentialWeights(alpha, beta, gamma);
        if (weights.Check() is { } bad)
        {
            return Problems.BadInput(bad.Field, bad.Rule);
        }
        return TypedResults.Ok(new CalcPotentialResult(weights.Combine(purchase, referral, maintenance), alpha, beta, gamma));
    }

    static Results<Ok<CalcSimpleResult>, ValidationProblem> Simple(
        [Description("Average order value, ≥ 0.")] decimal aov,
        [Description("Orders per period, ≥ 0.")] decimal ordersPerPeriod,
        [Description("Expected lifespan in periods, ≥ 0.")] decimal lifespan,
        [Description("Margin as a fraction in [0, 1] (0.3 = 30 %).")] decimal margin,
        [Description("Cost to acquire the customer, ≥ 0 (default 0).")] decimal acquisitionCost = 0,
        [Description("Retention cost per period, ≥ 0 (default 0).")] decimal retentionCost = 0)
    {
        (string Name, decimal Value)[] nonNegative =
        [
            (nameof(aov), aov), (nameof(ordersPerPeriod), ordersPerPeriod), (nameof(lifespan), lifespan),
            (nameof(acquisitionCost), acquisitionCost), (nameof(retentionCost), retentionCost),
        ];
        foreach (var (name, v) in nonNegative)
        {
            if (v < 0)
            {
                return Problems.BadInput(name, $"{name} must be ≥ 0.");
            }
        }
        if (margin is < 0 or > 1)
        {
            return Problems.BadInput(nameof(margin), "The margin must be a fraction in [0, 1] (0.3 = 30 %).");
        }
        return TypedResults.Ok(new CalcSimpleResult(ValueFormulas.SimpleLifetimeValue(
            new SimpleLifetimeValueInputs(aov, ordersPerPeriod, lifespan, margin, acquisitionCost, retentionCost))));
    }

    static Results<Ok<CalcEventResult>, ValidationProblem> Event(
        [Description("Revenue of the event, ≥ 0.")] decimal revenue,
        [Description("Cost of the event, ≥ 0.")] decimal cost)
    {
        if (revenue < 0)
        {
            return Problems.BadInput(nameof(revenue), "The revenue must be ≥ 0.");
        }
        if (cost < 0)
        {
            return Problems.BadInput(nameof(cost), "The cost must be ≥ 0.");
        }
        return TypedResults.Ok(new CalcEventResult(ValueFormulas.EventValue(revenue, cost)));
    }
}

/// <param name="Periods">Number of profits given.</param>
/// <param name="RatePerPeriod">The discount rate applied per period (after any annual conversion).</param>
/// <param name="UndiscountedProfit">Σ profits.</param>
/// <param name="Clv">Discounted value rounded to 2 decimals.</param>
/// <param name="ClvExact">Discounted value unrounded.</param>
public sealed record CalcClvResult(int Periods, double RatePerPeriod, double UndiscountedProfit, double Clv, double ClvExact);

/// <param name="Projected">V·(1+g)^n.</param>
/// <param name="DiscountedStream">Σ_{t=1..n} V(1+g)^(t−1)/(1+r)^t when a rate was given.</param>
public sealed record CalcGrowthResult(double Projected, double? DiscountedStream);

public sealed record CalcSimpleResult(decimal LifetimeValue);

/// <summary>V = α·B + β·R + γ·M with the weights used.</summary>
public sealed record CalcPotentialResult(double PotentialValue, double Alpha, double Beta, double Gamma);

public sealed record CalcEventResult(decimal Value);
