using BenchmarkDotNet.Attributes;
using Valora.Data.Demo;

namespace Valora.Benchmarks;

/// <summary>
/// Demo data generation: records only (no I/O) and the full CSV pass into a temp directory. Report figures as ratios
/// between the two (the cost of formatting and writing) and per customer; 1M customers scale linearly from here.
/// </summary>
[MemoryDiagnoser]
public class DemoBenchmarks
{
    string _directory = "";

    [Params(20_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup() => _directory = Path.Combine(Path.GetTempPath(), $"valora-demo-bench-{Guid.NewGuid():N}");

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public long GenerateOrderLines()
    {
        var generator = new DemoGenerator(new DemoOptions { Customers = Customers, Seed = 1 });
        long lines = 0;
        foreach (var order in generator.Orders())
        {
            lines += order.Lines.Count;
        }
        return lines;
    }

    [Benchmark]
    public long WriteAllCsvFiles()
    {
        var generator = new DemoGenerator(new DemoOptions { Customers = Customers, Seed = 1 });
        return DemoCsvWriter.Write(generator, _directory).Sum(f => f.Rows);
    }
}
