namespace Valora.Analytics.Campaigns;

/// <summary>
/// A campaign measured against its control group. Incremental figures scale the per-member uplift to the treated
/// group (what the campaign added over doing nothing); cost figures are NaN when undefined (no conversions, no cost).
/// </summary>
/// <param name="Treatment">The contacted group.</param>
/// <param name="Control">The held-out group.</param>
/// <param name="ResponseUplift">Response rate, treatment − control.</param>
/// <param name="ConversionUplift">Conversion rate, treatment − control.</param>
/// <param name="RevenueUplift">Revenue per member, treatment − control.</param>
/// <param name="Cost">The campaign's cost.</param>
public sealed record CampaignResult(
    GroupSummary Treatment, GroupSummary Control, Uplift ResponseUplift, Uplift ConversionUplift, Uplift RevenueUplift,
    double Cost)
{
    /// <summary>Conversions the campaign caused: conversion uplift × treated members.</summary>
    public double IncrementalConversions => ConversionUplift.Difference * Treatment.Members;

    /// <summary>Revenue the campaign caused: revenue uplift × treated members.</summary>
    public double IncrementalRevenue => RevenueUplift.Difference * Treatment.Members;

    /// <summary>Cost ÷ all conversions of the treated group (the figure CRMs report).</summary>
    public double CostPerConversion => Treatment.Conversions == 0 ? double.NaN : Cost / Treatment.Conversions;

    /// <summary>Cost ÷ incremental conversions (what one conversion the campaign caused cost); NaN when none were caused.</summary>
    public double CostPerIncrementalConversion => IncrementalConversions <= 0 ? double.NaN : Cost / IncrementalConversions;

    /// <summary>(incremental revenue − cost) ÷ cost; NaN without a cost.</summary>
    public double ReturnOnInvestment => Cost <= 0 ? double.NaN : (IncrementalRevenue - Cost) / Cost;

    /// <summary>True when a group has fewer than 30 members: the normal intervals are then rough.</summary>
    public bool SmallSample => Treatment.Members < 30 || Control.Members < 30;
}
