namespace Valora.Data.Demo;

/// <summary>One written demo file and its number of data rows (header excluded).</summary>
public sealed record DemoFileSummary(string File, long Rows);
