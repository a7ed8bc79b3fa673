using Valora.Domain.Interactions;
using Valora.Domain.Tickets;

namespace Valora.Data.Tests.Demo;

/// <summary>
/// Statistical sanity of the generated population (20,000 customers, seed 7). Expected values are derived from the
/// generating model, not read from the generator: Gamma-Gamma mean order value p·γ/(q−1) and its variance, BG/NBD
/// P(X(T)=0) = (α/(α+T))^r (Fader, Hardie &amp; Lee 2005, eq. 8 with x = 0), binomial standard errors for shares.
/// </summary>
public sealed class DemoGeneratorStatisticsTests(DemoPopulationFixture data) : IClassFixture<DemoPopulationFixture>
{
    [Fact]
    public void Orders_MeanFirstOrderValue_MatchesGammaGammaMean()
    {
        var o = data.Options;
        // E[z] = E[p/ν] = p·γ/(q−1); E[z²] = p(p+1)·E[ν⁻²] = p(p+1)·γ²/((q−1)(q−2)).
        // With CDNOW's p = 6.25, q = 3.74, γ = 15.44: mean 35.219, variance 2265.8 − 1240.4 = 1025.4 (by hand).
        var mean = o.SpendShapeP * o.SpendGamma / (o.SpendShapeQ - 1);
        var second = o.SpendShapeP * (o.SpendShapeP + 1) * o.SpendGamma * o.SpendGamma / ((o.SpendShapeQ - 1) * (o.SpendShapeQ - 2));
        Assert.Equal(35.219, mean, 0.001);
        Assert.Equal(1025.4, second - mean * mean, 0.5);
        // One order per customer (the first) keeps the values independent; order counts do not depend on ν.
        var firstValues = data.Orders.GroupBy(x => x.CustomerExternalId)
            .Select(g => (double)g.OrderBy(x => x.OrderedAt).First().Lines.Sum(l => l.LineTotal))
            .ToList();
        Assert.Equal(data.Customers.Count, firstValues.Count);
        var standardError = Math.Sqrt((second - mean * mean) / firstValues.Count);
        Assert.InRange(firstValues.Average(), mean - 4 * standardError, mean + 4 * standardError);
    }

    [Fact]
    public void Orders_ShareWithoutRepeatPurchase_MatchesBgNbd()
    {
        var o = data.Options;
        var end = data.Generator.EndInstant;
        var expected = 0.0;
        var variance = 0.0;
        var observed = 0;
        foreach (var g in data.Orders.GroupBy(x => x.CustomerExternalId))
        {
            var first = g.Min(x => x.OrderedAt);
            var weeks = (end - first).TotalDays / 7;
            // No Poisson event in (0, T]: dropout only happens after a repeat purchase.
            var p0 = Math.Pow(o.Alpha / (o.Alpha + weeks), o.R);
            expected += p0;
            variance += p0 * (1 - p0);
            if (g.Count() == 1)
            {
                observed++;
            }
        }
        var n = data.Customers.Count;
        Assert.InRange(observed, expected - 4 * Math.Sqrt(variance), expected + 4 * Math.Sqrt(variance));
        // Independent check (python, T uniform over two years, 200-point midpoint rule): mean P0 = 0.5762.
        Assert.InRange(expected / n, 0.570, 0.582);
    }

    [Fact]
    public void Orders_PerCustomer_MatchBgNbdExpectationAndLinesNearTen()
    {
        // E[X(t)] averaged over T uniform on two years with CDNOW's r, α, a, b = 1.351 repeat purchases
        // (python, Gauss hypergeometric series of Fader, Hardie & Lee 2005 eq. 9), i.e. 2.351 orders per customer.
        var perCustomer = data.Orders.Count / (double)data.Customers.Count;
        Assert.InRange(perCustomer, 2.351 * 0.93, 2.351 * 1.07);
        var linesPerCustomer = data.Orders.Sum(x => x.Lines.Count) / (double)data.Customers.Count;
        Assert.InRange(linesPerCustomer, 8.5, 11.5);
    }

    [Fact]
    public void Customers_IncomeAndChannel_CorrelateWithSpend()
    {
        var spend = data.Orders.GroupBy(x => x.CustomerExternalId)
            .ToDictionary(g => g.Key, g => (double)g.Sum(x => x.Lines.Sum(l => l.LineTotal)), StringComparer.Ordinal);
        var pairs = data.Customers.Where(c => c.Income is not null)
            .Select(c => ((double)c.Income!.Value, spend[c.ExternalId]))
            .ToList();
        Assert.True(Spearman(pairs) > 0.1, $"Spearman {Spearman(pairs):F3}");
        var byChannel = data.Customers.GroupBy(c => c.AcquisitionChannel!).ToDictionary(g => g.Key, g => g.Average(c => spend[c.ExternalId]), StringComparer.Ordinal);
        Assert.True(byChannel["Store"] > byChannel["Social"], $"Store {byChannel["Store"]:F1} vs Social {byChannel["Social"]:F1}");
    }

    [Fact]
    public void CampaignMembers_ControlShare_MatchesOptionAndControlIsNotContacted()
    {
        var members = data.Members;
        Assert.NotEmpty(members);
        var share = data.Options.ControlShare;
        var se = Math.Sqrt(share * (1 - share) / members.Count);
        Assert.InRange(members.Count(m => m.IsControl) / (double)members.Count, share - 4 * se, share + 4 * se);
        Assert.All(members.Where(m => m.IsControl), m => Assert.True(m.SentAt is null && m.RespondedAt is null));
        Assert.All(members.Where(m => !m.IsControl), m => Assert.NotNull(m.SentAt));
        var treated = members.Where(m => !m.IsControl).Average(m => m.ConvertedAt is null ? 0.0 : 1.0);
        var control = members.Where(m => m.IsControl).Average(m => m.ConvertedAt is null ? 0.0 : 1.0);
        Assert.True(treated > control, $"treated {treated:P1} vs control {control:P1}");
    }

    [Fact]
    public void Interactions_OfferWording_RaisesResponseRate()
    {
        var outbound = data.Interactions.Where(i => i.Direction == InteractionDirection.Outbound).ToList();
        Assert.All(outbound, i => Assert.NotNull(i.Responded));
        Assert.All(data.Interactions.Where(i => i.Direction == InteractionDirection.Inbound), i => Assert.Null(i.Responded));
        static bool IsOffer(string text) => text.Contains("% off", StringComparison.Ordinal)
            || text.Contains("free shipping", StringComparison.Ordinal)
            || text.Contains("discount", StringComparison.Ordinal);
        var offer = outbound.Where(i => IsOffer(i.Text!)).Average(i => i.Responded!.Value ? 1.0 : 0.0);
        var neutral = outbound.Where(i => !IsOffer(i.Text!)).Average(i => i.Responded!.Value ? 1.0 : 0.0);
        // Logit +1.3 for an offer: roughly 0.16 → 0.40 at the average customer; demand a clear gap.
        Assert.True(offer - neutral > 0.1, $"offer {offer:P1} vs neutral {neutral:P1}");
    }

    [Fact]
    public void Surveys_ComplaintsBeforeAnswering_LowerNps()
    {
        var complaints = data.Tickets.Where(t => t.Kind == TicketKind.Complaint).ToLookup(t => t.CustomerExternalId, StringComparer.Ordinal);
        var nps = data.Surveys.Where(s => s.Instrument == "NPS").ToList();
        Assert.All(nps, s => Assert.Equal((0, 10), (s.ScaleMin, s.ScaleMax)));
        var after = nps.Where(s => complaints[s.CustomerExternalId].Any(t => t.OpenedAt < s.AnsweredAt)).ToList();
        var without = nps.Where(s => !complaints[s.CustomerExternalId].Any()).ToList();
        Assert.NotEmpty(after);
        Assert.True(without.Average(s => s.Score!.Value) - after.Average(s => s.Score!.Value) > 1.0);
    }

    [Fact]
    public void Orders_ComplementaryCategories_AreBoughtTogetherMoreThanByChance()
    {
        var baskets = data.Orders.Where(o => o.Lines.Count > 1)
            .Select(o => o.Lines.Select(l => l.Sku![..3]).ToHashSet(StringComparer.Ordinal))
            .ToList();
        double Support(Func<HashSet<string>, bool> f) => baskets.Count(f) / (double)baskets.Count;
        var electronics = Support(b => b.Contains("ELE"));
        var accessories = Support(b => b.Contains("ACC"));
        var both = Support(b => b.Contains("ELE") && b.Contains("ACC"));
        Assert.True(both / (electronics * accessories) > 1.5, $"lift {both / (electronics * accessories):F2}");
    }

    static double Spearman(List<(double X, double Y)> pairs)
    {
        var rx = Ranks(pairs.Select(p => p.X).ToList());
        var ry = Ranks(pairs.Select(p => p.Y).ToList());
        var mx = rx.Average();
        var my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    static double[] Ranks(List<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return ranks;
    }
}
