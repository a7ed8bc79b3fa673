using Valora.Analytics.Potential;

namespace Valora.Analytics.Tests.Potential;

public sealed class PotentialValueTests
{
    [Fact]
    public void Combine_is_the_weighted_sum_of_the_issue_example()
    {
        // 0.5·100 + 0.3·10 + 0.2·1 = 50 + 3 + 0.2
        Assert.Equal(53.2, new PotentialWeights().Combine(100, 10, 1), 12);
        Assert.Equal(100 + 20 + 3, new PotentialWeights(1, 2, 3).Combine(100, 10, 1), 12);
    }

    [Theory]
    [InlineData(-0.1, 0.3, 0.2, "alpha")]
    [InlineData(0.5, double.NaN, 0.2, "beta")]
    [InlineData(0.5, 0.3, double.PositiveInfinity, "gamma")]
    [InlineData(0, 0, 0, "alpha")]
    public void Weights_out_of_range_name_the_weight(double alpha, double beta, double gamma, string field)
    {
        var bad = new PotentialWeights(alpha, beta, gamma).Check();
        Assert.NotNull(bad);
        Assert.Equal(field, bad.Value.Field);
    }

    [Fact]
    public void Retained_annuity_is_the_discounted_retained_stream()
    {
        // 0.8/1.1 + 0.8²/1.21
        Assert.Equal((0.8 / 1.1) + (0.64 / 1.21), PotentialValue.RetainedAnnuity(0.8, 2, 0.1), 12);
        Assert.Equal(3, PotentialValue.RetainedAnnuity(1, 3, 0), 12);
        Assert.Equal(0, PotentialValue.RetainedAnnuity(0, 5, 0.1), 12);
    }

    [Fact]
    public void Components_match_a_worked_example()
    {
        // Hand-worked (python, see the expected values): horizon 2 years at 10 %, ticket 10, contact 1, prior 1 year.
        // Base referral rate 2 referrals / 4 years = 0.5; a referred customer is worth mean(B₂, B₃) = 46.5289256198.
        var inputs = new PotentialInputs[]
        {
            new(1, Clv: 200, AnnualProfit: 100, YearlyRetention: 0.8, Referrals: 2, ExposureYears: 2, TicketsPerYear: 1, ContactsPerYear: 5, WasReferred: false),
            new(2, Clv: null, AnnualProfit: 50, YearlyRetention: 0.5, Referrals: 0, ExposureYears: 1, TicketsPerYear: 0, ContactsPerYear: 0, WasReferred: true),
            new(3, Clv: 60, AnnualProfit: 0, YearlyRetention: 1, Referrals: 0, ExposureYears: 1, TicketsPerYear: 2, ContactsPerYear: 0, WasReferred: true),
        };
        var result = PotentialValue.Score(inputs, new PotentialOptions { HorizonYears = 2, AnnualDiscountRate = 0.1 });

        Assert.Equal(0.5, result.BaseReferralRate, 12);
        Assert.Equal(46.5289256198, result.ReferredCustomerValue, 9);
        double[] purchase = [200, 33.0578512397, 60];
        double[] expectedReferrals = [1.0468319559, 0.1652892562, 0.4338842975];
        double[] referral = [48.7079662136, 7.6907315074, 20.1881702070];
        double[] maintenance = [106.7768595041, 33.0578512397, -34.7107438017];
        double[] value = [135.9677617649, 25.4477153200, 29.1143023018];
        for (var i = 0; i < 3; i++)
        {
            var c = result.Customers[i];
            Assert.Equal(purchase[i], c.Purchase, 9);
            Assert.Equal(expectedReferrals[i], c.ExpectedReferrals, 9);
            Assert.Equal(referral[i], c.Referral, 9);
            Assert.Equal(maintenance[i], c.Maintenance, 9);
            Assert.Equal(value[i], c.Value, 9);
        }
        Assert.Equal(PurchasePotentialSource.RunRate, result.Customers[1].PurchaseSource);
        Assert.Equal(PurchasePotentialSource.Btyd, result.Customers[0].PurchaseSource);
        Assert.Equal(value.Sum(), result.Total, 9);
    }

    [Fact]
    public void Nobody_referred_prices_a_referral_at_the_mean_purchase_potential()
    {
        var inputs = new PotentialInputs[]
        {
            new(1, 100, 0, 1, 1, 1, 0, 0, false),
            new(2, 300, 0, 1, 0, 1, 0, 0, false),
        };
        var result = PotentialValue.Score(inputs, new PotentialOptions { AnnualDiscountRate = 0 });
        Assert.Equal(200, result.ReferredCustomerValue, 12);
        // rate₁ = (0.5·1 + 1)/(1 + 1) = 0.75 referrals a year, kept one year at retention 1, undiscounted
        Assert.Equal(0.75 * 200, result.Customers[0].Referral, 12);
    }

    [Fact]
    public void Out_of_range_settings_and_inputs_are_refused_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => PotentialValue.Score([], new PotentialOptions { HorizonYears = 0 }));
        Assert.Equal("horizonYears", error.ParamName);
        Assert.Equal("ticketCost", new PotentialOptions { TicketCost = -1 }.Check()!.Value.Field);
        Assert.Throws<ArgumentException>(() => PotentialValue.Score([new(7, null, 10, 1.5, 0, 1, 0, 0, false)]));
    }
}
