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
        // Expected sizes (order of magnitude, from the defaults: ~10 lines and ~2 interactions per customer) let a
        // large first load defer its indexes; a re-run into a full database keeps them.
        long Expect(double perCustomer) => (long)(options.Customers * perCustomer);
        var summaries = new List<ImportSummary>
        {
            await store.UpsertProductsAsync(generator.Products(), progress: Report("products"), ct: ct),
            await store.UpsertCustomersAsync(generator.Customers(), new ImportWriteOptions { ExpectedRows = Expect(1) }, Report("customers"), ct),
            await store.UpsertOrdersAsync(generator.Orders(), new ImportWriteOptions { ExpectedRows = Expect(10) }, Report("orders"), ct),
            await store.UpsertReferralsAsync(generator.Referrals(), progress: Report("referrals"), ct: ct),
            await store.UpsertInteractionsAsync(generator.Interactions(), new ImportWriteOptions { ExpectedRows = Expect(2) }, Report("interactions"), ct),
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
