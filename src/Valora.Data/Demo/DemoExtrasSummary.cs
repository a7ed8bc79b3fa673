namespace Valora.Data.Demo;

/// <summary>What <see cref="DemoExtrasLoader"/> wrote; <see cref="SkippedRows"/> counts rows whose customer is not in the database.</summary>
public sealed record DemoExtrasSummary(int Campaigns, long CampaignMembers, long Opportunities, long CustomerTags, long SkippedRows);
