namespace Valora.Data.Import;

/// <summary>
/// What an import did. For file imports <see cref="Read"/> and <see cref="Rejected"/> count source rows (lines of
/// the file without the header); <see cref="Inserted"/>/<see cref="Updated"/>/<see cref="Unchanged"/> count records
/// (customers, products, orders, …). <see cref="Lines"/> counts the order lines of the orders written.
/// </summary>
public sealed class ImportSummary
{
    public string Kind { get; set; } = "";
    public long Read { get; set; }
    public long Inserted { get; set; }
    public long Updated { get; set; }
    public long Unchanged { get; set; }
    public long Rejected { get; set; }
    public long Lines { get; set; }
    public long CustomersCreated { get; set; }
    public long ProductsCreated { get; set; }
    public long ProductsUpdated { get; set; }

    /// <summary>Wall-clock seconds the store spent, from opening the session to the last commit (and index rebuild).</summary>
    public double Seconds { get; set; }

    /// <summary>Rejected source rows per rule code (e.g. <c>missing-customer-id</c>).</summary>
    public SortedDictionary<string, long> RejectedByRule { get; } = new(StringComparer.Ordinal);

    /// <summary>Missing values that were filled, e.g. <c>income: 12 × median 41000</c>.</summary>
    public List<string> Filled { get; } = [];

    public void Reject(string rule, long count = 1)
    {
        Rejected += count;
        RejectedByRule[rule] = RejectedByRule.GetValueOrDefault(rule) + count;
    }
}
