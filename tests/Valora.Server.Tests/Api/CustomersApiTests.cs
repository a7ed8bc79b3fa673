using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Valora.Server.Api;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Api;

public sealed class CustomersApiTests(CustomersFixture fixture) : IClassFixture<CustomersFixture>
{
    readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task GetCustomers_WithoutParameters_ReturnsEveryoneOnPageOneOrderedById()
    {
        var page = await GetPageAsync("/api/customers");

        Assert.Equal(1, page.Page);
        Assert.Equal(50, page.PageSize);
        Assert.Equal(CustomerData.Count, page.Total);
        Assert.Equal(["C-001", "C-002", "C-003", "C-004", "C-005", "C-006", "X-ALI-7"], page.Items.Select(c => c.ExternalId));
        Assert.Equal(page.Items.Select(c => c.Id).Order(), page.Items.Select(c => c.Id));
    }

    [Theory]
    [InlineData(1, new[] { "C-001", "C-002", "C-003" })]
    [InlineData(2, new[] { "C-004", "C-005", "C-006" })]
    [InlineData(3, new[] { "X-ALI-7" })]
    [InlineData(4, new string[0])]
    public async Task GetCustomers_ByPagesOfThree_SplitsSevenIntoThreeThreeOne(int pageNumber, string[] expected)
    {
        var page = await GetPageAsync($"/api/customers?page={pageNumber}&pageSize=3");

        Assert.Equal(expected, page.Items.Select(c => c.ExternalId));
        Assert.Equal(CustomerData.Count, page.Total);
        Assert.Equal(pageNumber, page.Page);
    }

    [Theory]
    [InlineData("ali")]
    [InlineData("ALI")]
    [InlineData("  aLi ")]
    public async Task GetCustomers_WithSearch_MatchesNameEmailOrExternalIdIgnoringCase(string search)
    {
        var page = await GetPageAsync($"/api/customers?search={Uri.EscapeDataString(search)}");

        Assert.Equal(CustomerData.MatchingAli, page.Items.Select(c => c.ExternalId));
        Assert.Equal(CustomerData.MatchingAli.Length, page.Total);
    }

    [Theory]
    [InlineData("%", new[] { "C-006" })]   // "Frank 100%": % is a literal, not a LIKE wildcard
    [InlineData("_", new string[0])]
    [InlineData("nobody", new string[0])]
    public async Task GetCustomers_WithWildcardCharacters_MatchesThemLiterally(string search, string[] expected)
    {
        var page = await GetPageAsync($"/api/customers?search={Uri.EscapeDataString(search)}");

        Assert.Equal(expected, page.Items.Select(c => c.ExternalId));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task GetCustomers_WithOutOfRangeParameter_ReturnsValidationProblemNamingIt(string query, string field)
    {
        using var response = await _client.GetAsync(new Uri($"/api/customers?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal([field], errors);
    }

    [Fact]
    public async Task GetCustomers_WithLargestPageSize_IsAccepted()
    {
        var page = await GetPageAsync("/api/customers?pageSize=500");

        Assert.Equal(500, page.PageSize);
        Assert.Equal(CustomerData.Count, page.Items.Count);
    }

    [Fact]
    public async Task GetCustomers_WithNonNumberPage_ReturnsBadRequestProblem()
    {
        using var response = await _client.GetAsync(new Uri("/api/customers?page=two", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetCustomer_WithOrdersInTwoCurrenciesAndStatuses_CountsCompletedRevenuePerCurrency()
    {
        var customer = await _client.GetFromJsonAsync<CustomerDetail>(new Uri($"/api/customers/{fixture.AliceId}", UriKind.Relative));

        Assert.NotNull(customer);
        Assert.Equal("C-001", customer.ExternalId);
        Assert.Equal("Alice Martin", customer.Name);
        Assert.Equal(CustomerData.AliceOrders, customer.Orders);
        Assert.Equal(CustomerData.AliceCompletedOrders, customer.CompletedOrders);
        Assert.Equal(
            [new MoneyAmount("EUR", CustomerData.AliceRevenueEur), new MoneyAmount("USD", CustomerData.AliceRevenueUsd)],
            customer.Revenue);
        Assert.Equal(CustomerData.AliceFirstCompleted, customer.FirstOrderAt);
        Assert.Equal(CustomerData.AliceLastCompleted, customer.LastOrderAt);
    }

    [Fact]
    public async Task GetCustomer_WithoutOrders_HasZeroOrdersAndNoRevenue()
    {
        var all = await GetPageAsync("/api/customers?search=eve");
        var eve = Assert.Single(all.Items);

        var customer = await _client.GetFromJsonAsync<CustomerDetail>(new Uri($"/api/customers/{eve.Id}", UriKind.Relative));

        Assert.NotNull(customer);
        Assert.Equal(0, customer.Orders);
        Assert.Empty(customer.Revenue);
        Assert.Null(customer.FirstOrderAt);
        Assert.Null(customer.LastOrderAt);
    }

    [Fact]
    public async Task GetCustomer_WhenMissing_ReturnsNotFoundProblem()
    {
        using var response = await _client.GetAsync(new Uri("/api/customers/987654321", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains("987654321", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    async Task<CustomerPage> GetPageAsync(string url)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<CustomerPage>();
        Assert.NotNull(page);
        return page;
    }
}
