using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Valora.Data;
using Valora.Data.Analysis;
using Valora.Data.Baskets;
using Valora.Data.Campaigns;
using Valora.Data.Churn;
using Valora.Data.Clustering;
using Valora.Data.Cycles;
using Valora.Data.Demo;
using Valora.Data.Forecasting;
using Valora.Data.Lifecycle;
using Valora.Data.Potential;
using Valora.Data.Segments;
using Valora.Data.Surveys;

namespace Valora.Cli.Commands;

/// <summary>
/// <c>valora demo</c>: generate a deterministic demo population, load it, analyse it and print a short report.
/// <c>valora demo generate --customers N --seed S [--out dir]</c>: generate and load it (or write it as CSV files).
/// </summary>
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
        var output = new Option<string?>("--out")
        {
            Description = "Write CSV files into this directory instead of loading the database",
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
            if (result.GetValue(output) is not { } directory)
            {
                await LoadAsync(result, options, analyseAfter: false, ct);
                return 0;
            }
            var generator = new DemoGenerator(options);
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

        var demo = new Command("demo", "Generate a demo population, load it, analyse it and print a short report")
        {
            customers, seed, end, years, generate,
        };
        demo.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var lastDay = result.GetValue(end);
            var options = new DemoOptions
            {
                Customers = result.GetValue(customers),
                Seed = result.GetValue(seed),
                End = lastDay,
                Start = lastDay.AddYears(-Math.Max(1, result.GetValue(years))).AddDays(1),
            };
            var database = CliOptions.DatabaseFrom(result);
            await LoadAsync(result, options, analyseAfter: true, ct);
            ValueAnalysisReport report = null!;
            await CliRunner.Messages.Status().StartAsync("Analysing", async context =>
            {
                var progress = new SynchronousProgress<string>(stage => context.Status($"Analysing: {stage}"));
                report = await new RunValueAnalysis(database, TimeProvider.System).ExecuteAsync(progress: progress, ct: ct);
            });
            WriteReport(report, result.GetValue(CliOptions.Format));
            if (result.GetValue(CliOptions.Format) != OutputFormat.Json)
            {
                await WriteSatisfactionAndCampaignsAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteChurnAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteClustersAsync(database, result.GetValue(CliOptions.Format), ct);
                await WritePotentialAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteLifecycleAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteCycleAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteForecastAsync(database, result.GetValue(CliOptions.Format), ct);
                await WritePipelineAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteDuplicatesAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteRulesAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteRecommendAsync(database, result.GetValue(CliOptions.Format), ct);
                await WriteSegmentsAsync(database, result.GetValue(CliOptions.Format), ct);
            }
            return 0;
        });
        return demo;
    }

    /// <summary>Generates and loads through the import store, one progress bar per kind of record.</summary>
    static async Task LoadAsync(ParseResult result, DemoOptions options, bool analyseAfter, CancellationToken ct)
    {
        var database = CliOptions.DatabaseFrom(result);
        var watch = Stopwatch.StartNew();
        DemoLoadSummary summary = null!;
        await CliRunner.Messages.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SynchronousProgress<(string Stage, long Done)>(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        foreach (var done in tasks.Values)
                        {
                            done.Value = done.MaxValue;
                        }
                        task = tasks[p.Stage] = context.AddTask($"Loading {p.Stage}", maxValue: Expected(p.Stage, options));
                    }
                    task.Value = Math.Min(p.Done, task.MaxValue);
                });
                summary = await Task.Run(() => new DemoLoader(database).ExecuteAsync(options, progress, ct), ct);
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            });
        CliRunner.Messages.MarkupLine($"[green]Loaded[/] {options.Customers:N0} demo customers into {Markup.Escape(database.Describe())} in {watch.Elapsed.TotalSeconds:F1} s.");
        var rows = summary.Imports.Select(s => new LoadedKind(s.Kind, s.Read, s.Inserted, s.Updated, s.Unchanged, s.Rejected, s.Lines,
            Math.Round(s.Seconds, 2), s.Seconds > 0 ? (long)((s.Lines > 0 ? s.Lines : s.Inserted + s.Updated + s.Unchanged) / s.Seconds) : 0));
        // `valora demo --format json` prints one JSON document (the report); the load table is for the other formats.
        if (!(analyseAfter && result.GetValue(CliOptions.Format) == OutputFormat.Json))
        {
            ResultWriter.WriteRows(rows, result.GetValue(CliOptions.Format), "Loaded");
        }
    }

    /// <summary>Rough totals for the progress bars (the generator's means: ~2.35 orders per customer).</summary>
    static double Expected(string stage, DemoOptions options) => stage switch
    {
        "orders" => Math.Max(1, options.Customers * 2.4),
        "products" => 1_000,
        _ => Math.Max(1, options.Customers * 1.6),
    };

    static void WriteReport(ValueAnalysisReport r, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            ResultWriter.WriteObject(r with { Validation = r.Validation is null ? null : r.Validation with { Run = null, Holdout = r.Validation.Holdout! with { Tracking = [] } }, PurchaseModel = r.PurchaseModel with { Run = null }, SpendModel = r.SpendModel with { Run = null } }, format);
            return;
        }
        ResultWriter.WriteObject(new
        {
            Period = $"{r.From:yyyy-MM-dd} .. {r.To:yyyy-MM-dd}",
            r.Customers,
            r.Orders,
            r.Currency,
            Revenue = Math.Round(r.Revenue, 2),
            Profit = Math.Round(r.Profit, 2),
            r.Gini,
            TopFifthShareOfProfit = r.TopFifthProfitShare,
            BgNbd = string.Join(", ", r.PurchaseModel.Estimates.Select(e => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.Name}={e.Value:G4}"))),
            HoldoutPredicted = r.Validation?.Holdout?.TotalPredicted,
            HoldoutActual = r.Validation?.Holdout?.TotalActual,
            r.Margin,
            TotalClv52Weeks = Math.Round(r.TotalClv, 2),
            r.MeanProbabilityAlive,
        }, format, "Customer value");
        ResultWriter.WriteRows(r.Segments.Select(s => new { s.Segment, s.Customers, s.Share, s.MeanDaysSinceLastPurchase, s.MeanOrders, s.TotalMonetary }), format, "RFM segments");
        ResultWriter.WriteRows(r.TopCustomers, format, "Most valuable customers (CLV, 52 weeks)");
    }

    /// <summary>The demo's NPS and the results of its campaigns against their control groups.</summary>
    static async Task WriteSatisfactionAndCampaignsAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        var nps = (await new SurveyResults(database).NpsAsync(ct: ct)).Overall;
        ResultWriter.WriteObject(new
        {
            Nps = Math.Round(nps.Score, 1),
            Lower95 = Math.Round(nps.Lower, 1),
            Upper95 = Math.Round(nps.Upper, 1),
            nps.Answers,
            nps.Promoters,
            nps.Passives,
            nps.Detractors,
        }, format, "Net Promoter Score");
        var campaigns = new CampaignResults(database);
        var rows = new List<DemoCampaignLine>();
        foreach (var c in (await campaigns.ListAsync(ct)).Where(c => c.Contacted > 0 && c.Control > 0))
        {
            var r = (await campaigns.ResultsAsync(c.Id, ct))!.Results;
            rows.Add(new DemoCampaignLine(c.Name, c.Contacted, c.Control, Math.Round(r.ResponseUplift.Difference, 4),
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.ResponseUplift.Lower:0.####} .. {r.ResponseUplift.Upper:0.####}"), Math.Round(r.IncrementalRevenue, 2), r.ResponseUplift.Significant));
        }
        ResultWriter.WriteRows(rows, format, "Campaigns against their control groups (response uplift, 95 % interval)");
    }

    /// <summary>
    /// Churn on the demo's orders (logistic regression, the quickest learner, 90-day window; the demo's customers drop
    /// out as BG/NBD says, so silence is real signal) and its tiers with the value at risk P(churn) × CLV.
    /// </summary>
    static async Task WriteChurnAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        ChurnRun? run = null;
        await CliRunner.Messages.Status().StartAsync("Churn", async context =>
        {
            var progress = new SynchronousProgress<string>(stage => context.Status($"Churn: {stage}"));
            try
            {
                run = await new RunChurn(database, TimeProvider.System).ExecuteAsync(DemoAnalyses.Churn, progress, ct);
            }
            catch (NotAnalysableException ex)
            {
                CliRunner.Messages.WriteLine($"churn: {ex.Message}");
            }
        });
        if (run is null) return;
        var auc = run.CrossValidation[0].Mean["roc_auc"];
        ResultWriter.WriteRows(run.Tiers.Select(t => new { t.Tier, t.Customers, ExpectedChurners = Math.Round(t.ExpectedChurners, 1), ValueAtRisk = t.ValueAtRisk is { } v ? Math.Round(v, 2) : (double?)null }),
            format, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Churn tiers as of {run.AsOf:yyyy-MM-dd} (no purchase in {run.WindowDays} days; {run.Trainer}, CV ROC AUC {auc:0.###})"));
    }

    /// <summary>
    /// The demo's customers clustered (<see cref="DemoAnalyses.Clusters"/>: k-means on log1p-standardised R, F, M, k by
    /// silhouette) and stored, then each cluster's size, revenue share and mean features as the Clusters page shows them.
    /// </summary>
    static async Task WriteClustersAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            await CliRunner.Messages.Status().StartAsync("Clusters", async context =>
                await new ClusterCustomers(database, TimeProvider.System).ExecuteAsync(DemoAnalyses.Clusters,
                    progress: stage => context.Status($"Clusters: {stage}"), ct: ct));
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"clusters: {ex.Message}");
            return;
        }
        await using var db = database.CreateContext();
        var view = (await ClusterView.LoadAsync(db, ct))!;
        string Mean(ClusterProfileView p, string feature) =>
            p.Features.FirstOrDefault(f => f.Feature == feature)?.Mean.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "";
        ResultWriter.WriteRows(view.Profiles.Select(p => new
            {
                p.Cluster,
                p.Name,
                Customers = p.Size,
                Share = Math.Round(p.Share, 4),
                RevenueShare = p.RevenueShare is { } r ? Math.Round(r, 4) : (double?)null,
                ClvShare = p.ClvShare is { } c ? Math.Round(c, 4) : (double?)null,
                MeanRecencyDays = Mean(p, "recency"),
                MeanOrders = Mean(p, "frequency"),
                MeanRevenue = Mean(p, "monetary"),
            }),
            format, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Clusters as of {view.AsOf:yyyy-MM-dd} ({view.Algorithm} on log1p-standardised {string.Join(", ", view.Features)}; k = {view.Profiles.Count} by {view.ChosenBy}, silhouette {view.Quality.Silhouette:0.###})"));
    }

    /// <summary>Potential value with the default weights (after churn, whose scores give the retention), per RFM segment.</summary>
    static async Task WritePotentialAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            await new ScorePotential(database).ExecuteAsync(null, ct: ct);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"potential: {ex.Message}");
            return;
        }
        await PotentialCommand.PrintAsync(database, "rfm", format, ct);
        try
        {
            PotentialCommand.PrintLearned(await new LearnPotential(database).ExecuteAsync(DemoAnalyses.LearnedPotential, ct: ct), format, brief: true);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"learned potential: {ex.Message}");
        }
    }

    /// <summary>Lifecycle stages with the default thresholds, stored, and the moves over the last quarter.</summary>
    static async Task WriteLifecycleAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            var lifecycle = new RunLifecycle(database);
            var run = await lifecycle.ExecuteAsync(null, ct: ct);
            LifecycleCommand.Print(run, format);
            LifecycleCommand.PrintMatrix(await lifecycle.CompareAsync(run.AsOf.AddDays(-90), run.AsOf, ct: ct), format);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"lifecycle: {ex.Message}");
        }
    }

    /// <summary>
    /// Purchase cycles with the defaults (overdue past mean + 1·sd, P(alive) and the 30-day purchase probability from
    /// the BG/NBD fit on all data above), stored, printed as <c>valora cycle</c> prints them.
    /// </summary>
    static async Task WriteCycleAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            await new RunPurchaseCycle(database).ExecuteAsync(null, ct: ct);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"cycle: {ex.Message}");
            return;
        }
        await using var db = database.CreateContext();
        CycleCommand.Print(await CycleView.LoadAsync(db, overdueOnly: true, CycleCommand.DefaultTop, ct: ct)
            ?? throw new InvalidOperationException("The cycle run was not stored."), format);
    }

    /// <summary>The likely duplicate customers (the generator plants one in every hundred), best 10.</summary>
    static async Task WriteDuplicatesAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        MergeCommand.PrintDuplicates(await Valora.Data.Customers.DuplicateCandidates.FindAsync(db, limit: 10, ct: ct), format);
    }

    /// <summary>Revenue by week forecast 12 weeks ahead (Holt-Winters chosen on the holdout beside seasonal naive), stored.</summary>
    static async Task WriteForecastAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            ForecastCommand.Print(await new ForecastSales(database).ExecuteAsync(new ForecastRequest(), ct: ct), format);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"forecast: {ex.Message}");
        }
    }

    /// <summary>The sales pipeline at the demo's last day of activity.</summary>
    static async Task WritePipelineAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var day = await Valora.Data.Pipeline.PipelineReport.DefaultAsOfAsync(db, DateOnly.FromDateTime(DateTime.UtcNow), ct);
        PipelineCommand.Print(await Valora.Data.Pipeline.PipelineReport.RunAsync(db, new(), new(day), ct), format);
    }

    /// <summary>Item-based recommendations for every customer, stored (three offers each with their reasons).</summary>
    static async Task WriteRecommendAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        var run = await new Valora.Data.Recommendations.RecommendCustomers(database).ExecuteAsync(ct: ct);
        ResultWriter.WriteObject(run, format, "Item-based recommendations");
    }

    /// <summary>Association rules of every completed order at the default settings, stored; the ten best by lift shown.</summary>
    static async Task WriteRulesAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        try
        {
            RulesCommand.Print(await new MineOrderRules(database).ExecuteAsync(ct: ct), format, 10);
        }
        catch (NotAnalysableException ex)
        {
            CliRunner.Messages.WriteLine($"rules: {ex.Message}");
        }
    }

    /// <summary>The three preset segments, scaled to the demo's prices, stored.</summary>
    static async Task WriteSegmentsAsync(ValoraDatabase database, OutputFormat format, CancellationToken ct)
    {
        var saved = new List<SegmentView>();
        foreach (var (name, rule, description) in DemoAnalyses.Segments)
        {
            saved.Add(await new CustomerSegments(database).SaveAsync(name, rule, description, ct: ct));
        }
        SegmentCommand.Print(saved, format);
    }

    sealed record DemoCampaignLine(string Campaign, int Contacted, int Control, double ResponseUplift, string Interval95, double IncrementalRevenue, bool Significant);

    sealed record LoadedKind(string Kind, long Read, long Inserted, long Updated, long Unchanged, long Rejected, long Lines, double Seconds, long RowsPerSecond);
}
