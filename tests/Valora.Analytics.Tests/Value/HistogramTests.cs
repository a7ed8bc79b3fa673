using Valora.Analytics.Value;

namespace Valora.Analytics.Tests.Value;

public sealed class HistogramTests
{
    [Fact]
    public void Histogram_ValuesZeroToTen_FiveBinsOfWidthTwoLastOneClosed()
    {
        var bins = Histogram.Build([0, 1, 2, 3, 9.5, 10], 5);

        Assert.Equal([2, 2, 0, 0, 2], bins.Select(b => b.Count));
        Assert.Equal([0.0, 2, 4, 6, 8], bins.Select(b => b.Lower));
        Assert.Equal(10, bins[^1].Upper);
    }
}
