namespace Valora.Data.Bulk;

/// <summary>How a column is stored; the bulk writers bind values by this, not by CLR type.</summary>
internal enum ColumnType
{
    Int64,
    Int32,
    Double,
    Text,
    Decimal,
    DateTime,
    Date,
    Bool,
}

internal sealed record Column(string Name, ColumnType Type, bool Nullable = false);

/// <summary>
/// A table as the bulk writers see it. Tables whose ids the writer assigns (<see cref="BulkSession.ReserveIdsAsync"/>)
/// list <c>Id</c> first, then the data columns in a fixed order; tables whose ids the database assigns (or that have
/// none) list only the data columns (<see cref="Generated"/>) and can only be inserted into. Every spec is pinned to
/// the EF model by <c>TableSpecTests</c>: a column added to an entity and missing here fails that test.
/// </summary>
internal sealed class TableSpec
{
    TableSpec(string table, bool hasId, Column[] columns)
    {
        Table = table;
        HasId = hasId;
        Columns = hasId ? [new Column("Id", ColumnType.Int64), .. columns] : columns;
    }

    /// <summary>A table whose ids the writer assigns: <c>Id</c> (Int64) first, then <paramref name="columns"/>.</summary>
    public TableSpec(string table, params Column[] columns)
        : this(table, true, columns)
    {
    }

    /// <summary>A table whose ids the database assigns, or that has no id column: insert only.</summary>
    public static TableSpec Generated(string table, params Column[] columns) => new(table, false, columns);

    public string Table { get; }

    /// <summary>Whether <see cref="Columns"/> starts with the writer-assigned <c>Id</c>.</summary>
    public bool HasId { get; }

    /// <summary>All columns written, in row order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    public static readonly TableSpec Customers = new("Customers",
        new("ExternalId", ColumnType.Text), new("Name", ColumnType.Text, true), new("Email", ColumnType.Text, true),
        new("Phone", ColumnType.Text, true), new("BirthDate", ColumnType.Date, true), new("Gender", ColumnType.Text),
        new("Income", ColumnType.Decimal, true), new("City", ColumnType.Text, true), new("Region", ColumnType.Text, true),
        new("Country", ColumnType.Text, true), new("SignupDate", ColumnType.Date, true),
        new("AcquisitionChannel", ColumnType.Text, true), new("AcquisitionCost", ColumnType.Decimal, true),
        new("EmailConsent", ColumnType.Bool), new("SmsConsent", ColumnType.Bool), new("PhoneConsent", ColumnType.Bool));

    public static readonly TableSpec Products = new("Products",
        new("Sku", ColumnType.Text), new("Name", ColumnType.Text, true), new("Category", ColumnType.Text, true),
        new("UnitCost", ColumnType.Decimal, true), new("IsMerchandise", ColumnType.Bool));

    public static readonly TableSpec Orders = new("Orders",
        new("ExternalId", ColumnType.Text), new("CustomerId", ColumnType.Int64), new("OrderedAt", ColumnType.DateTime),
        new("Currency", ColumnType.Text), new("Channel", ColumnType.Text, true), new("Status", ColumnType.Text));

    public static readonly TableSpec OrderLines = new("OrderLines",
        new("OrderId", ColumnType.Int64), new("LineNumber", ColumnType.Int32), new("ProductId", ColumnType.Int64, true),
        new("Sku", ColumnType.Text, true), new("Quantity", ColumnType.Int32), new("UnitPrice", ColumnType.Decimal),
        new("LineTotal", ColumnType.Decimal), new("UnitCost", ColumnType.Decimal, true), new("IsMerchandise", ColumnType.Bool));

    public static readonly TableSpec Interactions = new("Interactions",
        new("ExternalId", ColumnType.Text), new("CustomerId", ColumnType.Int64), new("Channel", ColumnType.Text),
        new("Direction", ColumnType.Text), new("OccurredAt", ColumnType.DateTime), new("Subject", ColumnType.Text, true),
        new("Text", ColumnType.Text, true), new("Outcome", ColumnType.Text, true), new("Responded", ColumnType.Bool, true));

    public static readonly TableSpec Referrals = new("Referrals",
        new("ReferrerCustomerId", ColumnType.Int64), new("ReferredCustomerId", ColumnType.Int64),
        new("ReferredOn", ColumnType.Date));

    public static readonly TableSpec Tickets = new("Tickets",
        new("ExternalId", ColumnType.Text), new("CustomerId", ColumnType.Int64), new("Kind", ColumnType.Text),
        new("Priority", ColumnType.Text), new("Status", ColumnType.Text), new("Subject", ColumnType.Text, true),
        new("Text", ColumnType.Text, true), new("OpenedAt", ColumnType.DateTime), new("ResolvedAt", ColumnType.DateTime, true));

    public static readonly TableSpec SurveyResponses = new("SurveyResponses",
        new("ExternalId", ColumnType.Text), new("CustomerId", ColumnType.Int64), new("Instrument", ColumnType.Text),
        new("Question", ColumnType.Text), new("Score", ColumnType.Int32, true), new("ScaleMin", ColumnType.Int32),
        new("ScaleMax", ColumnType.Int32), new("Text", ColumnType.Text, true), new("AnsweredAt", ColumnType.DateTime));

    public static readonly TableSpec CustomerScores = Generated("CustomerScores",
        new("CustomerId", ColumnType.Int64), new("AsOf", ColumnType.Date), new("Metric", ColumnType.Text),
        new("Value", ColumnType.Double, true), new("Label", ColumnType.Text, true), new("ModelVersion", ColumnType.Text));

    public static readonly TableSpec CampaignMembers = Generated("CampaignMembers",
        new("CampaignId", ColumnType.Int64), new("CustomerId", ColumnType.Int64), new("IsControl", ColumnType.Bool),
        new("SentAt", ColumnType.DateTime, true), new("RespondedAt", ColumnType.DateTime, true),
        new("ConvertedAt", ColumnType.DateTime, true), new("Revenue", ColumnType.Decimal, true));

    public static readonly TableSpec Opportunities = Generated("Opportunities",
        new("ExternalId", ColumnType.Text), new("CustomerId", ColumnType.Int64), new("Name", ColumnType.Text),
        new("Stage", ColumnType.Text), new("Amount", ColumnType.Decimal), new("Probability", ColumnType.Double),
        new("ExpectedClose", ColumnType.Date, true), new("Owner", ColumnType.Text, true), new("CreatedAt", ColumnType.DateTime),
        new("ClosedAt", ColumnType.DateTime, true));

    public static readonly TableSpec CustomerTags = Generated("CustomerTags",
        new("CustomerId", ColumnType.Int64), new("TagId", ColumnType.Int64));

    /// <summary>Every spec, for the test that pins them to the EF model.</summary>
    public static IReadOnlyList<TableSpec> All { get; } =
    [
        Customers, Products, Orders, OrderLines, Interactions, Referrals, Tickets, SurveyResponses, CustomerScores,
        CampaignMembers, Opportunities, CustomerTags,
    ];
}
