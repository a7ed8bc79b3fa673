namespace Valora.Analytics.Campaigns;

/// <summary>Measures a campaign against its randomised control group (see <see cref="Uplift"/> for the intervals).</summary>
public static class CampaignMeasurement
{
    /// <summary>Totals per group and the uplift of response, conversion and revenue per member.</summary>
    /// <exception cref="ArgumentException">A group is empty, or the cost or a revenue is negative or not finite.</exception>
    public static CampaignResult Measure(IEnumerable<MemberOutcome> members, double cost = 0)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new ArgumentException($"cost must be a finite number ≥ 0 (was {cost}).", nameof(cost));
        }
        var t = new Accumulator();
        var c = new Accumulator();
        foreach (var m in members)
        {
            if (!double.IsFinite(m.Revenue) || m.Revenue < 0)
            {
                throw new ArgumentException($"a member's revenue must be a finite number ≥ 0 (was {m.Revenue}).", nameof(members));
            }
            (m.Treated ? t : c).Add(m);
        }
        if (t.N == 0 || c.N == 0)
        {
            throw new ArgumentException(
                $"both groups need members (treatment {t.N}, control {c.N}): uplift is measured against a control group.",
                nameof(members));
        }
        var treatment = t.Summary();
        var control = c.Summary();
        return new CampaignResult(
            treatment, control,
            Uplift.OfProportions(treatment.Responses, treatment.Members, control.Responses, control.Members),
            Uplift.OfProportions(treatment.Conversions, treatment.Members, control.Conversions, control.Members),
            Uplift.OfMeans(treatment.RevenuePerMember, treatment.RevenueVariance, treatment.Members,
                control.RevenuePerMember, control.RevenueVariance, control.Members),
            cost);
    }

    /// <summary>Counts and Welford's running mean and variance of revenue (stable for large sums).</summary>
    sealed class Accumulator
    {
        public long N;
        long _responses, _conversions;
        double _mean, _m2;

        public void Add(MemberOutcome m)
        {
            N++;
            if (m.Responded) _responses++;
            if (m.Converted) _conversions++;
            var delta = m.Revenue - _mean;
            _mean += delta / N;
            _m2 += delta * (m.Revenue - _mean);
        }

        public GroupSummary Summary() =>
            new(N, _responses, _conversions, _mean * N, N > 1 ? _m2 / (N - 1) : 0);
    }
}
