using Valora.Analytics.Clustering;

namespace Valora.Analytics.Tests.Clustering;

public class FeaturePreparationTests
{
    [Fact]
    public void Prepare_Log1pThenStandardise_IsTheClosedForm()
    {
        // e − 1 and e³ − 1 → log1p gives 1 and 3; mean 2, population sd 1 → −1 and 1. The second feature is constant.
        var raw = FeatureMatrix.FromRows([[Math.E - 1, 5.0], [Math.Exp(3) - 1, 5.0]], ["spend", "flag"]);
        var prepared = FeaturePreparation.Prepare(raw, new FeatureOptions { Log1p = true, Standardise = true });
        Assert.Equal(-1, prepared.Matrix[0, 0], 1e-12);
        Assert.Equal(1, prepared.Matrix[1, 0], 1e-12);
        Assert.Equal(0, prepared.Matrix[0, 1], 1e-12);
        Assert.Equal(2, prepared.Means[0], 1e-12);
        Assert.Equal(1, prepared.Scales[0], 1e-12);
        Assert.Equal(1, prepared.Scales[1]);
        Assert.Equal(Math.E - 1, raw[0, 0]); // the raw matrix is untouched
    }

    [Fact]
    public void Prepare_Log1pOfAValueAtOrBelowMinusOne_NamesRowAndFeature()
    {
        var raw = FeatureMatrix.FromRows([[1.0, 2.0], [3.0, -1.0]], ["a", "b"]);
        var error = Assert.Throws<ArgumentException>(() => FeaturePreparation.Prepare(raw, new FeatureOptions { Log1p = true }));
        Assert.Contains("Row 2, feature 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureMatrix_WithANaN_NamesRowAndFeature()
    {
        var error = Assert.Throws<ArgumentException>(() => new FeatureMatrix([1, 2, 3, double.NaN], ["x", "y"]));
        Assert.Contains("Row 2, feature 'y'", error.Message, StringComparison.Ordinal);
    }
}
