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
    /// <summary>The segment rule the target list was drawn with, when planned from a rule rather than a segment.</summary>
    public string? Rule { get; set; }
    /// <summary>The share of the target list held out as control when the campaign was planned in Valora.</summary>
    public double? ControlShare { get; set; }
    /// <summary>The seed of the random hold-out, recorded so the draw can be repeated and audited.</summary>
    public int? Seed { get; set; }
    /// <summary>When the campaign was planned (UTC); null for imported campaigns.</summary>
    public DateTime? CreatedAt { get; set; }
}
