namespace Valora.Analytics.Clustering;

/// <summary>A silhouette coefficient estimated from a random sample of points, each scored exactly against all points.</summary>
/// <param name="Mean">Mean silhouette of the sampled points (unbiased for the population mean).</param>
/// <param name="StandardError">Standard error of the mean: s/√m · √(1 − m/N) (finite-population correction).</param>
/// <param name="Lower">Lower end of the 95 % normal interval, Mean − 1.96·SE.</param>
/// <param name="Upper">Upper end of the 95 % interval.</param>
/// <param name="SampleSize">m, points sampled (without replacement).</param>
/// <param name="Population">N, points that are not noise.</param>
public sealed record SilhouetteEstimate(double Mean, double StandardError, double Lower, double Upper, int SampleSize, int Population);
