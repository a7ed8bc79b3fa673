namespace Valora.Server.Api;

/// <summary>One page of customers, ordered by id, and how many match in total.</summary>
public sealed record CustomerPage(IReadOnlyList<CustomerSummary> Items, int Page, int PageSize, int Total);

public sealed record CustomerSummary(
    long Id, string ExternalId, string? Name, string? Email, string? City, string? Country, DateOnly? SignupDate);

/// <summary>
/// A customer with their sales. <see cref="Orders"/> counts all orders whatever their status;
/// <see cref="CompletedOrders"/> and <see cref="Revenue"/> only completed ones (cancelled and returned orders earn
/// nothing). Revenue is the sum of line totals, one entry per currency, since amounts in different currencies
/// cannot be added. First and last order dates are over completed orders, UTC; null without any.
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
    DateTime? LastOrderAt);

/// <summary>An amount in one currency (ISO 4217 code).</summary>
public sealed record MoneyAmount(string Currency, decimal Amount);
