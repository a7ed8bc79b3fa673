namespace Valora.Server.Api;

/// <summary>
/// One page of customers and how many match in total. <see cref="Page"/> is the page number (null when the page was
/// asked for by cursor); <see cref="NextCursor"/> fetches the page after this one (null on the last page).
/// </summary>
public sealed record CustomerPage(IReadOnlyList<CustomerSummary> Items, int? Page, int PageSize, int Total, string? NextCursor = null);

public sealed record CustomerSummary(
    long Id, string ExternalId, string? Name, string? Email, string? City, string? Country, DateOnly? SignupDate);

/// <summary>
/// A customer with their sales. <see cref="Orders"/> counts all orders whatever their status;
/// <see cref="CompletedOrders"/> and <see cref="Revenue"/> only completed ones (cancelled and returned orders earn
/// nothing). Revenue is the sum of line totals, one entry per currency, since amounts in different currencies
/// cannot be added. First and last order dates are over completed orders, UTC; null without any. <see cref="ETag"/> is
/// the version to send in If-Match when updating (also the response's ETag header).
/// </summary>
public sealed record CustomerDetail(
    long Id,
    string ExternalId,
    string? Name,
    string? Email,
    string? Phone,
    string? City,
    string? Region,
    string? Country,
    DateOnly? SignupDate,
    string? AcquisitionChannel,
    int Orders,
    int CompletedOrders,
    IReadOnlyList<MoneyAmount> Revenue,
    DateTime? FirstOrderAt,
    DateTime? LastOrderAt,
    string ETag,
    DateOnly? BirthDate,
    string Gender,
    decimal? Income,
    decimal? AcquisitionCost,
    bool EmailConsent,
    bool SmsConsent,
    bool PhoneConsent,
    IReadOnlyList<string> Tags);

/// <summary>An amount in one currency (ISO 4217 code).</summary>
public sealed record MoneyAmount(string Currency, decimal Amount);

/// <summary>
/// The customer 360 (<c>GET /api/customers/{id}/360</c>): the profile with its ETag, tags, the most recent orders with
/// totals over all of them, the most recent interactions, tickets and survey answers with their counts, referrals,
/// open follow-up tasks, the latest score of every metric (value or label, as-of date, model and version), and
/// <see cref="Missing"/>: what this customer has none of yet (<c>orders</c>, <c>interactions</c>, <c>tickets</c>,
/// <c>surveys</c>, <c>referrals</c>, <c>tags</c>, and <c>scores.{model}</c> for each model that has not scored them).
/// </summary>
public sealed record Customer360Response(
    Valora.Data.Customers.CustomerRecord Profile,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Valora.Data.Customers.CustomerOrder> RecentOrders,
    Valora.Data.Customers.OrderTotals OrderTotals,
    int Interactions,
    IReadOnlyList<Valora.Data.Interactions.InteractionView> RecentInteractions,
    int Tickets,
    int OpenTickets,
    IReadOnlyList<Valora.Data.Customers.CustomerTicket> RecentTickets,
    IReadOnlyList<Valora.Data.Customers.CustomerSurvey> RecentSurveys,
    IReadOnlyList<Valora.Data.Customers.CustomerReferral> Referrals,
    IReadOnlyList<Valora.Data.Interactions.FollowUpView> OpenFollowUps,
    IReadOnlyList<Valora.Data.Scores.CustomerScoreView> Scores,
    IReadOnlyList<string> Missing);
