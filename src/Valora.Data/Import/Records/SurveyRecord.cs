namespace Valora.Data.Import.Records;

public sealed record SurveyRecord(string ExternalId, string CustomerExternalId, string Instrument, string Question, DateTime AnsweredAt)
{
    public int? Score { get; init; }
    public int ScaleMin { get; init; }
    public int ScaleMax { get; init; }
    public string? Text { get; init; }
}
