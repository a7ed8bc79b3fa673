namespace Valora.Data.Analysis;

/// <summary>
/// The one error a use case raises when the request is valid but the data cannot answer it: no orders yet, no fitted
/// model, too few customers for a fit. The message is neutral (it never names a CLI flag or an HTTP field); the CLI
/// and the API map <see cref="Reason"/> to their own words and status (the API answers 422). Programming and database
/// errors are never wrapped in it.
/// </summary>
public sealed class NotAnalysableException : Exception
{
    public NotAnalysableException(NotAnalysableReason reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public NotAnalysableException()
        : this(NotAnalysableReason.NotEnoughData, "The data cannot be analysed.")
    {
    }

    public NotAnalysableException(string message)
        : this(NotAnalysableReason.NotEnoughData, message)
    {
    }

    public NotAnalysableException(string message, Exception innerException)
        : this(NotAnalysableReason.NotEnoughData, message, innerException)
    {
    }

    public NotAnalysableReason Reason { get; }

    /// <summary>
    /// The model the analysis needs or runs (e.g. <c>bgnbd</c>, <c>gammagamma</c>, <c>rfm</c>), so the CLI and the API can
    /// say how to make what is missing in their own words; null when no particular model is concerned.
    /// </summary>
    public string? Model { get; init; }
}

/// <summary>Why the data could not be analysed; stable codes the API returns as <c>reason</c>.</summary>
public enum NotAnalysableReason
{
    /// <summary>There are no (completed) orders at all.</summary>
    NoOrders,
    /// <summary>There is data, but not enough for this analysis (e.g. no customer before the calibration end).</summary>
    NotEnoughData,
    /// <summary>The analysis needs a model that has not been fitted or trained yet.</summary>
    NoModel,
    /// <summary>The model could not be fitted on this data (did not converge, degenerate data).</summary>
    FitFailed,
    /// <summary>Amounts are in several currencies and no conversion rates were given.</summary>
    MixedCurrencies,
    /// <summary>A needed input table, column or record is missing.</summary>
    MissingInput,
}
