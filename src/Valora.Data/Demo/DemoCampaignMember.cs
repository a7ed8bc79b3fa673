namespace Valora.Data.Demo;

/// <summary>
/// A customer targeted by a generated campaign. Control-group members are never sent anything (<see cref="SentAt"/>
/// and <see cref="RespondedAt"/> are null) but may still convert on their own, which is what uplift is measured against.
/// </summary>
public sealed record DemoCampaignMember(
    string CampaignExternalId,
    string CustomerExternalId,
    bool IsControl,
    DateTime? SentAt,
    DateTime? RespondedAt,
    DateTime? ConvertedAt,
    decimal? Revenue);
