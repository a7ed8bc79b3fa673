namespace Valora.Analytics.Campaigns;

/// <summary>Totals of one group (treatment or control) of a campaign.</summary>
/// <param name="Members">Members in the group.</param>
/// <param name="Responses">Members who responded.</param>
/// <param name="Conversions">Members who converted.</param>
/// <param name="Revenue">Revenue attributed to the group.</param>
/// <param name="RevenueVariance">Sample variance (n − 1) of revenue per member; 0 for one member.</param>
public sealed record GroupSummary(long Members, long Responses, long Conversions, double Revenue, double RevenueVariance)
{
    /// <summary>Responses ÷ members.</summary>
    public double ResponseRate => Members == 0 ? double.NaN : (double)Responses / Members;

    /// <summary>Conversions ÷ members.</summary>
    public double ConversionRate => Members == 0 ? double.NaN : (double)Conversions / Members;

    /// <summary>Revenue ÷ members.</summary>
    public double RevenuePerMember => Members == 0 ? double.NaN : Revenue / Members;
}
