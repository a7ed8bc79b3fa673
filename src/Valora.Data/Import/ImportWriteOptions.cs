namespace Valora.Data.Import;

/// <summary>
/// How <see cref="ImportStore"/> writes. The bulk-load tuning (<see cref="ExpectedRows"/> and the thresholds beside it)
/// is set by the importers that know their input, not by callers.
/// </summary>
public sealed record ImportWriteOptions
{
    /// <summary>
    /// Records per transaction; for orders, order lines per transaction (an order is never split, so a batch may
    /// exceed this by the lines of its last order).
    /// </summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>Orders only: create a bare customer (external id only) for an unknown customer instead of rejecting the order.</summary>
    public bool CreateMissingCustomers { get; init; }

    /// <summary>
    /// Orders only: create a product for every line sku that has none (name = the first non-empty line description,
    /// <see cref="Records.OrderLineRecord.IsMerchandise"/> from the line), and fill in the name of an existing
    /// product that has none. Existing names are never overwritten, so re-runs change nothing.
    /// </summary>
    public bool CreateProducts { get; init; }

    /// <summary>
    /// How many records (orders: lines) the caller expects, if it knows: a load of at least
    /// <see cref="DeferIndexesFrom"/> rows that is at least half the size of what the table already holds is written
    /// without its non-unique indexes and per-row foreign-key checks, which are rebuilt and checked once at the end.
    /// </summary>
    internal long? ExpectedRows { get; init; }

    /// <summary>The smallest load for which indexes are deferred (see <see cref="ExpectedRows"/>).</summary>
    internal long DeferIndexesFrom { get; init; } = 50_000;

    /// <summary>
    /// The largest table whose keys are read into memory once at the start of a load, whatever the load's size (a
    /// larger one only when the load is at least half its size); otherwise each batch looks its own keys up.
    /// </summary>
    internal long ReadKeysUpTo { get; init; } = 1_000_000;

    public static ImportWriteOptions Default { get; } = new();
}
