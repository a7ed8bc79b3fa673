namespace Valora.Data.Import.Readers;

/// <summary>A field an importer understands; <see cref="Aliases"/> are header names that map to it by themselves.</summary>
public sealed record ImportField(string Name, bool Required, params string[] Aliases);

/// <summary>
/// The fields of each import kind. Header names match a field when equal to its name or an alias after dropping case,
/// spaces, underscores and hyphens (<c>InvoiceNo</c>, <c>order_id</c>, <c>Order ID</c> → <c>order-id</c>).
/// </summary>
public static class FieldCatalog
{
    public static IReadOnlyList<ImportField> For(ImportKind kind) => kind switch
    {
        ImportKind.Customers =>
        [
            new("customer-id", true, "customerid", "id", "externalid", "customer", "clientid", "customerno", "customernumber"),
            new("name", false, "fullname", "customername"),
            new("email", false, "emailaddress", "mail"),
            new("phone", false, "phonenumber", "telephone", "mobile"),
            new("birth-date", false, "birthdate", "dateofbirth", "dob", "birthday"),
            new("gender", false, "sex"),
            new("income", false, "annualincome", "yearlyincome"),
            new("city", false, "town"),
            new("region", false, "state", "province"),
            new("country", false),
            new("signup-date", false, "signupdate", "signedup", "createdat", "joined", "customersince"),
            new("acquisition-channel", false, "acquisitionchannel", "channel", "source"),
            new("acquisition-cost", false, "acquisitioncost", "cac"),
            new("email-consent", false, "emailconsent", "emailoptin"),
            new("sms-consent", false, "smsconsent", "smsoptin"),
            new("phone-consent", false, "phoneconsent", "phoneoptin"),
        ],
        ImportKind.Products =>
        [
            new("sku", true, "stockcode", "productid", "productcode", "code", "itemid"),
            new("name", false, "description", "productname", "title"),
            new("category", false, "productcategory"),
            new("unit-cost", false, "unitcost", "cost"),
            new("is-merchandise", false, "ismerchandise", "merchandise"),
        ],
        ImportKind.Orders =>
        [
            new("order-id", false, "orderid", "invoiceno", "invoice", "invoiceid", "invoicenumber", "ordernumber", "orderno", "transactionid"),
            new("customer-id", true, "customerid", "customer", "clientid", "customerno", "customernumber"),
            new("ordered-at", true, "orderedat", "invoicedate", "orderdate", "date", "orderedon", "timestamp", "transactiondate"),
            new("sku", false, "stockcode", "productid", "productcode", "itemid"),
            new("description", false, "productname", "itemname"),
            new("quantity", false, "qty", "numberofcds", "units", "count"),
            new("unit-price", false, "unitprice", "price"),
            new("line-total", false, "linetotal", "total", "amount", "dollarvalue", "revenue", "value", "sales"),
            new("unit-cost", false, "unitcost", "cost"),
            new("currency", false),
            new("channel", false),
            new("status", false, "orderstatus"),
        ],
        ImportKind.Interactions =>
        [
            new("interaction-id", true, "interactionid", "id", "externalid", "activityid"),
            new("customer-id", true, "customerid", "customerexternalid", "customer", "clientid"),
            new("occurred-at", true, "occurredat", "date", "timestamp", "time"),
            new("channel", false, "medium"),
            new("direction", false),
            new("subject", false),
            new("text", false, "body", "notes", "content"),
            new("outcome", false, "result"),
            new("responded", false),
        ],
        ImportKind.Referrals =>
        [
            new("referrer-id", true, "referrerid", "referrerexternalid", "referrer", "referrercustomerid"),
            new("referred-id", true, "referredid", "referredexternalid", "referred", "referredcustomerid", "referee", "refereeid"),
            new("referred-on", true, "referredon", "date", "referraldate"),
        ],
        ImportKind.Tickets =>
        [
            new("ticket-id", true, "ticketid", "id", "externalid", "caseid"),
            new("customer-id", true, "customerid", "customerexternalid", "customer", "clientid"),
            new("opened-at", true, "openedat", "created", "createdat", "date", "opened"),
            new("kind", false, "type", "tickettype"),
            new("priority", false),
            new("status", false),
            new("subject", false, "title"),
            new("text", false, "body", "description"),
            new("resolved-at", false, "resolvedat", "resolved", "closedat"),
        ],
        ImportKind.Surveys =>
        [
            new("response-id", true, "responseid", "id", "externalid"),
            new("customer-id", true, "customerid", "customerexternalid", "customer", "clientid"),
            new("instrument", true, "survey", "surveytype"),
            new("question", true),
            new("answered-at", true, "answeredat", "date", "timestamp", "respondedat"),
            new("score", false, "rating", "answer"),
            new("scale-min", false, "scalemin", "min"),
            new("scale-max", false, "scalemax", "max"),
            new("text", false, "comment", "comments", "verbatim"),
        ],
        _ => throw new ArgumentException($"Unknown import kind {kind}.", nameof(kind)),
    };

    /// <summary>Lower case without spaces, underscores, hyphens or dots.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Where(c => !char.IsWhiteSpace(c) && c is not '_' and not '-' and not '.')).ToLowerInvariant();
    }
}
