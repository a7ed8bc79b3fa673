using System.Net.Http.Json;
using System.Text.Json;
using Valora.Domain.Security;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Security;

/// <summary>
/// Personal data (name, e-mail, phone, birth date, city, region) reaches admin, sales and service in full and analyst and
/// read-only masked, on the customer list, the customer, the 360 view; ids, country and figures stay visible to all.
/// </summary>
public sealed class PersonalDataMaskingTests(CustomersFixture fixture) : IClassFixture<CustomersFixture>
{
    [Theory]
    [InlineData("sales", true)]
    [InlineData("service", true)]
    [InlineData("analyst", false)]
    [InlineData("readonly", false)]
    public async Task Customer_ByRole_FullOrMasked(string role, bool full)
    {
        using var client = fixture.CreateClient(role);
        var id = fixture.AliceId;

        var detail = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{id}", UriKind.Relative));
        Assert.Equal(full ? "Alice Martin" : "A. M.", detail.GetProperty("name").GetString());
        Assert.Equal(full ? "alice@example.com" : "a***@example.com", detail.GetProperty("email").GetString());
        Assert.Equal(full ? "Lyon" : "***", detail.GetProperty("city").GetString());
        Assert.Equal("FR", detail.GetProperty("country").GetString());
        Assert.Equal("C-001", detail.GetProperty("externalId").GetString());
        Assert.Equal(5, detail.GetProperty("orders").GetInt32());

        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/customers?search=C-001", UriKind.Relative));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(full ? "alice@example.com" : "a***@example.com", item.GetProperty("email").GetString());

        var view = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{id}/360", UriKind.Relative));
        Assert.Equal(full ? "Alice Martin" : "A. M.", view.GetProperty("profile").GetProperty("name").GetString());
    }

    [Fact]
    public void Masks_KeepEnoughToTellApart_NotToContact()
    {
        Assert.Equal("A. Q.", PersonalData.MaskName("Ada  quinn-Lovelace"));
        Assert.Equal("王.", PersonalData.MaskName("王小明"));
        Assert.Null(PersonalData.MaskName(null));
        Assert.Equal("a***@example.org", PersonalData.MaskEmail("ada.quinn@example.org"));
        Assert.Equal("***", PersonalData.MaskEmail("not-an-address"));
        Assert.Equal("***99", PersonalData.MaskPhone("+44 20 7946 0999"));
        Assert.Equal("***", PersonalData.MaskPhone("112"));
        Assert.True(PersonalData.MaySee(r => r == Roles.Admin));
        Assert.False(PersonalData.MaySee(r => r is Roles.Analyst or Roles.ReadOnly));
    }
}
