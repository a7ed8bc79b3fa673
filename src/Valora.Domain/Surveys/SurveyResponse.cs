namespace Valora.Domain.Surveys;

/// <summary>One answer to one survey question (NPS 0–10, Likert 1–5, CSAT, …).</summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public long CustomerId { get; set; }
    /// <summary>Survey instrument, e.g. "NPS", "CSAT", "Kano".</summary>
    public required string Instrument { get; set; }
    public required string Question { get; set; }
    public int? Score { get; set; }
    public int ScaleMin { get; set; }
    public int ScaleMax { get; set; }
    public string? Text { get; set; }
    /// <summary>UTC.</summary>
    public DateTime AnsweredAt { get; set; }
}
