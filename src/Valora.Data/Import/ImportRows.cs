using Valora.Data.Bulk;
using Valora.Data.Import.Records;
using Valora.Domain.Customers;
using Valora.Domain.Interactions;
using Valora.Domain.Sales;
using Valora.Domain.Surveys;
using Valora.Domain.Tickets;

namespace Valora.Data.Import;

/// <summary>Entities and import records laid out as rows of their <see cref="TableSpec"/> (stored rows and incoming records compare as arrays).</summary>
internal static class ImportRows
{
    public static object?[] Customer(Customer c) =>
    [
        c.Id, c.ExternalId, c.Name, c.Email, c.Phone, c.BirthDate, Values.Name(c.Gender), Values.Money(c.Income), c.City,
        c.Region, c.Country, c.SignupDate, c.AcquisitionChannel, Values.Money(c.AcquisitionCost), c.EmailConsent,
        c.SmsConsent, c.PhoneConsent,
    ];

    public static object?[] Customer(CustomerRecord r) =>
    [
        0L, r.ExternalId, r.Name, r.Email, r.Phone, r.BirthDate, Values.Name(r.Gender), Values.Money(r.Income), r.City,
        r.Region, r.Country, r.SignupDate, r.AcquisitionChannel, Values.Money(r.AcquisitionCost), r.EmailConsent,
        r.SmsConsent, r.PhoneConsent,
    ];

    public static object?[] BareCustomer(string externalId) =>
        [0L, externalId, null, null, null, null, Values.Name(Gender.Unknown), null, null, null, null, null, null, null, false, false, false];

    public static object?[] Product(Product p) => [p.Id, p.Sku, p.Name, p.Category, Values.Money(p.UnitCost), p.IsMerchandise];

    public static object?[] Product(ProductRecord r) => [0L, r.Sku, r.Name, r.Category, Values.Money(r.UnitCost), r.IsMerchandise];

    public static object?[] Order(Order o) =>
        [o.Id, o.ExternalId, o.CustomerId, Values.Time(o.OrderedAt), o.Currency, o.Channel, Values.Name(o.Status)];

    public static object?[] Order(OrderRecord r, long customerId) =>
        [0L, r.ExternalId, customerId, Values.Time(r.OrderedAt), r.Currency, r.Channel, Values.Name(r.Status)];

    public static object?[] Line(OrderLine l) =>
    [
        l.Id, l.OrderId, l.LineNumber, l.ProductId, l.Sku, l.Quantity, Values.Money(l.UnitPrice), Values.Money(l.LineTotal),
        Values.Money(l.UnitCost), l.IsMerchandise,
    ];

    public static object?[] Line(OrderLineRecord r, long orderId, long? productId) => Line(r, orderId, productId, new object?[10]);

    /// <summary>
    /// The line written into <paramref name="row"/> (10 elements; a streamed insert refills one array); the ids come
    /// boxed, so a caller can box each order's and product's id once.
    /// </summary>
    public static object?[] Line(OrderLineRecord r, object orderId, object? productId, object?[] row)
    {
        row[0] = 0L;
        row[1] = orderId;
        row[2] = Values.Int(r.LineNumber);
        row[3] = productId;
        row[4] = r.Sku;
        row[5] = Values.Int(r.Quantity);
        row[6] = Values.Money(r.UnitPrice);
        row[7] = Values.Money(r.LineTotal);
        row[8] = Values.Money(r.UnitCost);
        row[9] = Values.Bool(r.IsMerchandise);
        return row;
    }

    public static object?[] Interaction(Interaction i) =>
    [
        i.Id, i.ExternalId, i.CustomerId, Values.Name(i.Channel), Values.Name(i.Direction), Values.Time(i.OccurredAt),
        i.Subject, i.Text, i.Outcome, i.Responded,
    ];

    public static object?[] Interaction(InteractionRecord r, long customerId) =>
    [
        0L, r.ExternalId, customerId, Values.Name(r.Channel), Values.Name(r.Direction), Values.Time(r.OccurredAt),
        r.Subject, r.Text, r.Outcome, r.Responded,
    ];

    public static object?[] Referral(Referral r) => [r.Id, r.ReferrerCustomerId, r.ReferredCustomerId, r.ReferredOn];

    public static object?[] Referral(ReferralRecord r, long referrer, long referred) => [0L, referrer, referred, r.ReferredOn];

    public static object?[] Ticket(Ticket t) =>
    [
        t.Id, t.ExternalId, t.CustomerId, Values.Name(t.Kind), Values.Name(t.Priority), Values.Name(t.Status), t.Subject,
        t.Text, Values.Time(t.OpenedAt), Values.Time(t.ResolvedAt),
    ];

    public static object?[] Ticket(TicketRecord r, long customerId) =>
    [
        0L, r.ExternalId, customerId, Values.Name(r.Kind), Values.Name(r.Priority), Values.Name(r.Status), r.Subject,
        r.Text, Values.Time(r.OpenedAt), Values.Time(r.ResolvedAt),
    ];

    public static object?[] Survey(SurveyResponse s) =>
    [
        s.Id, s.ExternalId, s.CustomerId, s.Instrument, s.Question, s.Score, s.ScaleMin, s.ScaleMax, s.Text,
        Values.Time(s.AnsweredAt),
    ];

    public static object?[] Survey(SurveyRecord r, long customerId) =>
    [
        0L, r.ExternalId, customerId, r.Instrument, r.Question, r.Score, r.ScaleMin, r.ScaleMax, r.Text,
        Values.Time(r.AnsweredAt),
    ];
}
