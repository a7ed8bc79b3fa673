namespace Valora.Data.Bulk;

/// <summary>
/// One index or foreign key an exclusive bulk load dropped (<see cref="BulkSession.DeferAsync"/>), with the SQL that
/// rebuilds it: the ledger a killed load leaves behind for the next session to finish. The table is created by a
/// migration like every other; rows are written and read by the bulk session's own SQL, never through EF.
/// </summary>
internal sealed class DeferredSchemaEntry
{
    public const string Table = "ValoraDeferredSchema";

    public required string Name { get; set; }

    /// <summary><c>index</c>, <c>foreign-key</c> or (SQLite) <c>foreign-key-check</c>.</summary>
    public required string Kind { get; set; }

    public required string DropSql { get; set; }

    public required string RestoreSql { get; set; }
}
