namespace Valora.Domain.Campaigns;

public sealed class Campaign
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Name { get; set; }
    public string? Channel { get; set; }
    /// <summary>The segment the campaign targets (a segment name), if any.</summary>
    public string? Segment { get; set; }
    public decimal Budget { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
}
