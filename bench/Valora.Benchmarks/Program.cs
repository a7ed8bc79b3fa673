using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Valora.Benchmarks -- --filter '*'      (all benchmarks)
// dotnet run -c Release --project bench/Valora.Benchmarks -- --list flat       (what there is)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
