using Valora.Analytics.Text;

namespace Valora.Analytics.Tests.Text;

public class TemperatureScalingTests
{
    [Fact]
    public void Apply_TemperatureOne_LeavesProbabilities_AndTwoTakesSquareRoots()
    {
        Assert.Equal([0.2, 0.3, 0.5], TemperatureScaling.None.Apply([0.2, 0.3, 0.5]), new Close(1e-12));
        // T = 2: q ∝ √p; √.1 : √.9 = 1 : 3, so q = (.25, .75).
        Assert.Equal([0.25, 0.75], new TemperatureScaling(2).Apply([0.1, 0.9]), new Close(1e-12));
    }

    /// <summary>
    /// Recovery: true class probabilities q are drawn at random, the label from q, and the model reports the
    /// over-confident p ∝ q^2.5 (temperature 1/2.5 too cold). The fit must find T ≈ 2.5, which undoes it exactly.
    /// </summary>
    [Fact]
    public void Fit_OverConfidentProbabilities_RecoversTheTemperature()
    {
        var rng = new Random(11);
        var p = new List<IReadOnlyList<double>>();
        var y = new List<int>();
        for (var i = 0; i < 20_000; i++)
        {
            var raw = new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() };
            var q = raw.Select(v => v / raw.Sum()).ToArray();
            var u = rng.NextDouble();
            y.Add(u < q[0] ? 0 : u < q[0] + q[1] ? 1 : 2);
            p.Add(new TemperatureScaling(1 / 2.5).Apply(q));
        }
        var fit = TemperatureScaling.Fit(p, y);
        Assert.InRange(fit.Temperature, 2.3, 2.7);
    }

    [Fact]
    public void Fit_ClassOutOfRange_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([[0.5, 0.5]], [2]));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([], []));
    }

    sealed class Close(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
