using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Valora.Data.Demo;

namespace Valora.Cli.Commands;

/// <summary><c>valora demo generate --customers N --seed S --out dir</c>: writes a deterministic demo population as CSV.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers")
        {
            Description = "Number of customers to generate",
            DefaultValueFactory = _ => 10_000,
        };
        var seed = new Option<long>("--seed")
        {
            Description = "Random seed; the same seed gives identical files",
            DefaultValueFactory = _ => 42,
        };
        var output = new Option<string>("--out")
        {
            Description = "Directory to write the CSV files into (created when missing)",
            DefaultValueFactory = _ => "demo-data",
        };
        var end = new Option<DateOnly>("--end")
        {
            Description = "Last day of the generated history (yyyy-MM-dd)",
            DefaultValueFactory = _ => new DemoOptions().End,
        };
        var years = new Option<int>("--years")
        {
            Description = "Length of the history in years",
            DefaultValueFactory = _ => 2,
        };

        var generate = new Command("generate", "Write a realistic demo population (customers, products, orders, interactions, referrals, tickets, surveys) as CSV")
        {
            customers, seed, output, end, years,
        };
        generate.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var lastDay = result.GetValue(end);
            var span = result.GetValue(years);
            if (span < 1)
            {
                throw new ArgumentException($"--years must be at least 1 (got {span}).");
            }
            var options = new DemoOptions
            {
                Customers = result.GetValue(customers),
                Seed = result.GetValue(seed),
                End = lastDay,
                Start = lastDay.AddYears(-span).AddDays(1),
            };
            var generator = new DemoGenerator(options);
            var directory = result.GetValue(output) ?? "demo-data";
            var watch = Stopwatch.StartNew();
            IReadOnlyList<DemoFileSummary> files = [];
            await CliRunner.Messages.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Generating {options.Customers:N0} customers", maxValue: options.Customers);
                    var progress = new Progress<int>(done => task.Value = done);
                    files = await Task.Run(() => DemoCsvWriter.Write(generator, directory, progress, ct), ct);
                    task.Value = options.Customers;
                });
            CliRunner.Messages.MarkupLine($"[green]Wrote[/] {Markup.Escape(Path.GetFullPath(directory))} in {watch.Elapsed.TotalSeconds:F1} s.");
            ResultWriter.WriteRows(files, result.GetValue(CliOptions.Format), "Demo files");
            return 0;
        });

        return new Command("demo", "Demo data") { generate };
    }
}
