namespace Valora.Analytics.Clv;

/// <summary>A fit that did not converge or met data it cannot fit; never returns silent garbage.</summary>
public sealed class ModelFitException(string message) : Exception(message);
