namespace Valora.Data.Import.Bulk;

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

/// <summary>A table as the bulk writers see it: <c>Id</c> first, then the data columns in a fixed order.</summary>
internal sealed class TableSpec(string table, params Column[] columns)
{
    public string Table { get; } = table;

    /// <summary>All columns, <c>Id</c> (Int64) first.</summary>
    public IReadOnlyList<Column> Columns { get; } = [new Column("Id", ColumnType.Int64), .. columns];

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
}
