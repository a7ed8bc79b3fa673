using Valora.Data.Import;

namespace Valora.Data.Demo;

/// <summary>
/// Use case: generate a demo population and load it through the same <see cref="ImportStore"/> that file imports
/// use (one load path, fast on both providers), then the extras that are not importable kinds (opportunities,
/// campaigns and members, tags). Deterministic for a seed; re-running it changes nothing.
/// </summary>
public sealed class DemoLoader(ValoraDatabase database)
{
    /// <param name="progress">Called with (stage, records done so far in that stage).</param>
    public async Task<DemoLoadSummary> ExecuteAsync(DemoOptions options, IProgress<(string Stage, long Done)>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await database.MigrateAsync(ct);
        var generator = new DemoGenerator(options);
        var store = new ImportStore(database);
        var summaries = new List<ImportSummary>
        {
            await store.UpsertProductsAsync(generator.Products(), progress: Report("products"), ct: ct),
            await store.UpsertCustomersAsync(generator.Customers(), progress: Report("customers"), ct: ct),
            await store.UpsertOrdersAsync(generator.Orders(), progress: Report("orders"), ct: ct),
            await store.UpsertReferralsAsync(generator.Referrals(), progress: Report("referrals"), ct: ct),
            await store.UpsertInteractionsAsync(generator.Interactions(), progress: Report("interactions"), ct: ct),
            await store.UpsertTicketsAsync(generator.Tickets(), progress: Report("tickets"), ct: ct),
            await store.UpsertSurveysAsync(generator.Surveys(), progress: Report("surveys"), ct: ct),
        };
        var extras = await DemoExtrasLoader.LoadAsync(database, generator,
            progress is null ? null : new Progress<int>(n => progress.Report(("extras", n))), ct);
        return new DemoLoadSummary(summaries, extras);

        IProgress<ImportProgress>? Report(string stage) =>
            progress is null ? null : new SynchronousProgress<ImportProgress>(p => progress.Report((stage, p.Records)));
    }
}

public sealed record DemoLoadSummary(IReadOnlyList<ImportSummary> Imports, DemoExtrasSummary Extras);
