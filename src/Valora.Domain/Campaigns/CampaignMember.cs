namespace Valora.Domain.Campaigns;

/// <summary>A customer targeted by a campaign; control-group members are held out and not contacted.</summary>
public sealed class CampaignMember
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long CustomerId { get; set; }
    public bool IsControl { get; set; }
    /// <summary>UTC times; null when it did not happen.</summary>
    public DateTime? SentAt { get; set; }
    public DateTime? RespondedAt { get; set; }
    public DateTime? ConvertedAt { get; set; }
    public decimal? Revenue { get; set; }
}
