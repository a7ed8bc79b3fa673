using BenchmarkDotNet.Attributes;
using Valora.Analytics.Clv;

namespace Valora.Benchmarks;

/// <summary>
/// Pareto/NBD maximum-likelihood fit on 1,000,000 simulated customers (CDNOW-like parameters r = 0.55, α = 10.58,
/// s = 0.61, β = 11.67; first purchases over 12 weeks, calibration to week 39, daily clock so histories compress to
/// distinct (x, tₓ, T) as real data does; fixed seed). Peer reference: Python lifetimes ParetoNBDFitter ≈ 271 s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ParetoNbdBenchmarks
{
    CustomerHistory[] histories = [];

    [GlobalSetup]
    public void Setup() =>
        histories = ParetoNbdSimulator.Simulate(new ParetoNbdModel(0.55, 10.58, 0.61, 11.67), 1_000_000,
            cohortSpan: 12, calibrationSpan: 39, seed: 42, stepsPerUnit: 7);

    [Benchmark]
    public ParetoNbdFit FitOneMillionCustomers() => new ParetoNbdFitter().Fit(histories);
}
