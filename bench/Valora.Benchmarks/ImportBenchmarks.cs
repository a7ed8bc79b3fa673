using BenchmarkDotNet.Attributes;
using Npgsql;
using Valora.Data;
using Valora.Data.Import.Readers;

namespace Valora.Benchmarks;

/// <summary>
/// Online Retail (541,909 rows → 22,190 orders, 406,829 lines) read, validated and written into a fresh database.
/// SQLite always; PostgreSQL when <c>VALORA_BENCH_POSTGRES</c> holds a connection string (a fresh schema per iteration).
/// Data from <c>VALORA_SHARED_DATA</c> or <c>/work/shared/data</c>. Report rows/s = 541,909 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ImportBenchmarks
{
    string _source = "";
    string _file = "";
    ValoraDatabase _database = null!;
    string? _schema;

    [Params("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        var root = Environment.GetEnvironmentVariable("VALORA_SHARED_DATA") ?? "/work/shared/data";
        _source = Path.Combine(root, "online-retail", "online_retail.csv");
        _file = Path.Combine(Path.GetTempPath(), $"valora-bench-{Guid.NewGuid():N}.csv");
        File.Copy(_source, _file);
    }

    [IterationSetup]
    public void Fresh()
    {
        if (Provider == "sqlite")
        {
            _database = ValoraDatabase.Parse(Path.Combine(Path.GetTempPath(), $"valora-bench-{Guid.NewGuid():N}.db"));
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("VALORA_BENCH_POSTGRES")
                ?? throw new InvalidOperationException("Set VALORA_BENCH_POSTGRES to benchmark PostgreSQL.");
            _schema = $"bench_{Guid.NewGuid():N}";
            using (var conn = new NpgsqlConnection(admin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE SCHEMA \"{_schema}\"", conn);
                cmd.ExecuteNonQuery();
            }
            _database = ValoraDatabase.Parse(new NpgsqlConnectionStringBuilder(admin) { SearchPath = _schema }.ConnectionString);
        }
        _database.MigrateAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<long> OnlineRetail()
    {
        var options = new FileImportOptions { CreateMissingCustomers = true, Currency = "GBP" };
        var result = await new FileImporter(_database).ImportAsync(ImportKind.Orders, _file, options);
        return result.Summary.Lines;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_file);
        File.Delete(_file + ".rejects.csv");
    }
}
