using Valora.Analytics.Campaigns;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Campaigns;

public class CampaignMeasurementTests
{
    [Fact]
    public void Worked_example_by_hand()
    {
        // Treated: 4 members, 2 responded, 1 converted spending 40 → rates .5 / .25, revenue per member 10.
        // Control: 4 members, 1 responded, 0 converted → rates .25 / 0, revenue 0.
        var members = new[]
        {
            new MemberOutcome(true, true, true, 40), new MemberOutcome(true, true, false, 0),
            new MemberOutcome(true, false, false, 0), new MemberOutcome(true, false, false, 0),
            new MemberOutcome(false, true, false, 0), new MemberOutcome(false, false, false, 0),
            new MemberOutcome(false, false, false, 0), new MemberOutcome(false, false, false, 0),
        };
        var r = CampaignMeasurement.Measure(members, cost: 5);

        Assert.Equal(0.25, r.ResponseUplift.Difference, 12);
        // SE = √(.5·.5/4 + .25·.75/4) = √(0.109375)
        Assert.Equal(Math.Sqrt(0.109375), r.ResponseUplift.StandardError, 12);
        Assert.Equal(1.0, r.ResponseUplift.Relative, 12);
        // Revenue: treated values 40,0,0,0 → mean 10, sample variance (900+100·3)/3 = 400; control all 0.
        Assert.Equal(400, r.Treatment.RevenueVariance, 9);
        Assert.Equal(10, r.RevenueUplift.Difference, 12);
        Assert.Equal(10, r.RevenueUplift.StandardError, 12);
        Assert.Equal(10 - Uplift.Z95 * 10, r.RevenueUplift.Lower, 12);
        Assert.Equal(1.0, r.IncrementalConversions, 12);
        Assert.Equal(40, r.IncrementalRevenue, 12);
        Assert.Equal(5, r.CostPerConversion, 12);
        Assert.Equal(5, r.CostPerIncrementalConversion, 12);
        Assert.Equal((40 - 5) / 5.0, r.ReturnOnInvestment, 12);
        Assert.True(r.SmallSample);
    }

    [Fact]
    public void P_value_of_a_two_standard_error_difference()
    {
        // 0.6 vs 0.4 of 100 each: SE = √(.24/100·2) ≈ .069282, z ≈ 2.8868 → two-sided p ≈ 0.003892 (normal table).
        var u = Uplift.OfProportions(60, 100, 40, 100);
        Assert.Equal(0.0038924, u.PValue, 6);
        Assert.True(u.Significant);
    }

    [Fact]
    public void A_campaign_without_a_control_group_is_refused_saying_why()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            CampaignMeasurement.Measure([new MemberOutcome(true, true, true, 1)]));
        Assert.Contains("control", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() =>
            CampaignMeasurement.Measure([new MemberOutcome(true, true, true, -1), new MemberOutcome(false, false, false, 0)]));
    }

    [RealDataFact(Hillstrom.File)]
    public void Hillstrom_mens_email_lifts_visits_and_spend_as_the_peer_computes()
    {
        var rows = Hillstrom.Load();
        var members = rows.Where(r => r.Segment != "Womens E-Mail")
            .Select(r => new MemberOutcome(r.Segment == "Mens E-Mail", r.Visit, r.Conversion, r.Spend));
        var result = CampaignMeasurement.Measure(members);

        // The README's overall figures check the reading: 21,307 men's e-mail and 21,306 control.
        Assert.Equal(21_307, result.Treatment.Members);
        Assert.Equal(21_306, result.Control.Members);
        // Peer: bench/peers/campaign_uplift.py (pandas + scipy), same rows.
        Assert.Equal(0.076589563652, result.ResponseUplift.Difference, 10);
        Assert.Equal(0.069953501218, result.ResponseUplift.Lower, 10);
        Assert.Equal(0.083225626085, result.ResponseUplift.Upper, 10);
        Assert.Equal(0.006805006520, result.ConversionUplift.Difference, 10);
        Assert.Equal(0.000920851176, result.ConversionUplift.StandardError, 10);
        Assert.Equal(0.769827155895, result.RevenueUplift.Difference, 9);
        Assert.Equal(0.485149128929, result.RevenueUplift.Lower, 9);
        Assert.Equal(1.054505182860, result.RevenueUplift.Upper, 9);
    }
}
