namespace Valora.Analytics.Churn;

/// <summary>One bin of a calibration table: predicted vs observed positive rate.</summary>
/// <param name="Bin">1-based bin number (1 = lowest probabilities).</param>
/// <param name="From">Lower edge of the bin's probabilities.</param>
/// <param name="To">Upper edge.</param>
/// <param name="Count">Rows in the bin.</param>
/// <param name="MeanPredicted">Mean predicted probability in the bin.</param>
/// <param name="ObservedRate">Share of positives in the bin.</param>
public sealed record CalibrationBin(int Bin, double From, double To, long Count, double MeanPredicted, double ObservedRate);
