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
