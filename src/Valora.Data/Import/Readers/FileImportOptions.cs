using System.Text;

namespace Valora.Data.Import.Readers;

/// <summary>Missing-value policy for numeric customer profile fields (income, acquisition cost).</summary>
public enum MissingValuePolicy
{
    Keep,
    Mean,
    Median,
}

/// <summary>How a file is read and validated (see <see cref="FileImporter"/>).</summary>
public sealed record FileImportOptions
{
    /// <summary>Field delimiter; null = detect; <see cref="DelimitedFile.Whitespace"/> = runs of whitespace.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first row is a header; null = detect.</summary>
    public bool? Header { get; init; }

    /// <summary><c>field=column[:format]</c> specs (after those of <see cref="MappingFile"/>, so they win).</summary>
    public IReadOnlyList<string> Map { get; init; } = [];

    public string? MappingFile { get; init; }

    /// <summary>Default date format (.NET custom format, invariant culture) for date fields without their own.</summary>
    public string? DateFormat { get; init; }

    /// <summary><c>.</c> or <c>,</c>.</summary>
    public char DecimalSeparator { get; init; } = '.';

    public Encoding? Encoding { get; init; }

    /// <summary>Currency of orders whose file has no currency column (ISO 4217).</summary>
    public string Currency { get; init; } = "USD";

    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Keep;

    public bool CreateMissingCustomers { get; init; }

    public int BatchSize { get; init; } = 20_000;

    /// <summary>
    /// Where rejected rows go; default <c>&lt;file&gt;.rejects.csv</c> beside the input, or, when that folder cannot be
    /// written, the same name in the temp folder (the path used is in <see cref="FileImportResult.RejectsPath"/>).
    /// </summary>
    public string? RejectsPath { get; init; }

    /// <summary>The earliest plausible date of any date field (orders, contacts, sign-ups, birth dates); default 1900-01-01.</summary>
    public DateOnly? EarliestDate { get; init; }

    /// <summary>The latest plausible date of any date field; default one year after today (UTC).</summary>
    public DateOnly? LatestDate { get; init; }

    public static readonly DateOnly DefaultEarliestDate = new(1900, 1, 1);
}
