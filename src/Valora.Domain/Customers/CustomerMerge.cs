namespace Valora.Domain.Customers;

/// <summary>
/// One merge of customer <see cref="MergedId"/> into <see cref="SurvivorId"/>, recorded so it can be undone: the
/// merged customer's full record, the survivor's field values before the merge and the values it set, and the rows
/// moved (and the duplicate rows dropped) per table. The ids are plain columns, not foreign keys: the merged
/// customer no longer exists, and the survivor may later be merged away itself.
/// </summary>
public sealed class CustomerMerge
{
    public long Id { get; set; }
    public long SurvivorId { get; set; }
    public long MergedId { get; set; }
    /// <summary>The merged customer as it was, every column (JSON object).</summary>
    public required string MergedCustomerJson { get; set; }
    /// <summary>The survivor's values, before the merge, of the fields the merge changed (JSON object).</summary>
    public required string SurvivorBeforeJson { get; set; }
    /// <summary>The values the merge gave those fields (JSON object).</summary>
    public required string SurvivorAfterJson { get; set; }
    /// <summary>Per table and customer column, the keys of the rows moved to the survivor (JSON).</summary>
    public required string MovedRowsJson { get; set; }
    /// <summary>Per table, the merged customer's rows dropped as duplicates of the survivor's, every column (JSON).</summary>
    public required string DroppedRowsJson { get; set; }
    public required string Actor { get; set; }
    public DateTime MergedAt { get; set; }
    public DateTime? UndoneAt { get; set; }
    public string? UndoneBy { get; set; }
}
