namespace Valora.Data.Demo;

/// <summary>A generated marketing campaign (not an importable kind; <see cref="DemoExtrasLoader"/> writes it).</summary>
public sealed record DemoCampaign(string ExternalId, string Name, string Channel, string Segment, decimal Budget, DateOnly StartsOn, DateOnly EndsOn);
