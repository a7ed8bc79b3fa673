using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Import.Readers;
using Valora.Domain.Customers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

public sealed class CustomerImportTests
{
    const string CustomersCsv = """
        Customer ID;Name;Gender;Income;Acquisition Cost;Signup Date;Email Consent
        A;Ann;F;10;5;2020-01-01;yes
        B;Bob;m;20;;2020-02-01;no
        C;Cid;x;;7;2020-03-01;1
        D;Dee;female;60;;2020-04-01;0
        ;Nobody;F;10;1;2020-01-01;yes
        E;Eve;robot;10;1;2020-01-01;yes
        F;Fay;F;-3;1;2020-01-01;yes
        G;Gus;M;10;1;2020-31-01;yes
        A;Ann again;F;10;1;2020-01-01;yes
        H;Hal;M;10;1;2020-01-01;maybe
        """;

    [Fact]
    public Task ImportCustomers_BadRows_RejectedWithLineFieldAndRule_Sqlite() => BadRows(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task ImportCustomers_BadRows_RejectedWithLineFieldAndRule_Postgres() => BadRows(DatabaseProvider.Postgres);

    static async Task BadRows(DatabaseProvider provider)
    {
        await using var t = await TestDatabase.CreateAsync(provider);
        using var files = new TempFiles();
        var path = files.Write("customers.csv", CustomersCsv);
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions());
        Assert.Equal(
            [(6L, "customer-id", "missing-customer-id"), (7L, "gender", "invalid-value"), (8L, "income", "negative-income"),
             (9L, "signup-date", "invalid-date"), (10L, "id", "duplicate-id"), (11L, "email-consent", "invalid-value")],
            TempFiles.Rejects(path).Select(r => (r.Line, r.Field, r.Rule)));
        Assert.Equal((10L, 4L, 6L), (result.Summary.Read, result.Summary.Inserted, result.Summary.Rejected));
        await using var db = t.Database.CreateContext();
        var c = await db.Customers.OrderBy(x => x.ExternalId).ToListAsync();
        Assert.Equal([Gender.Female, Gender.Male, Gender.Other, Gender.Female], c.Select(x => x.Gender));
        Assert.Equal([true, false, true, false], c.Select(x => x.EmailConsent));
        Assert.Equal(new DateOnly(2020, 3, 1), c[2].SignupDate);
        Assert.Null(c[2].Income); // policy keep

        var again = await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions());
        Assert.Equal((0L, 0L, 4L), (again.Summary.Inserted, again.Summary.Updated, again.Summary.Unchanged));
    }

    // Accepted incomes 10, 20, 60 (C missing): median 20, mean 30. Acquisition costs 5, 7 (B, D missing): median = mean = 6.
    [Theory]
    [InlineData(MissingValuePolicy.Median, 20, 6)]
    [InlineData(MissingValuePolicy.Mean, 30, 6)]
    public async Task ImportCustomers_MissingPolicy_FillsWithCenterAndReportsIt(MissingValuePolicy policy, int income, int cost)
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var files = new TempFiles();
        var path = files.Write("customers.csv", CustomersCsv);
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions { Missing = policy });
        var name = policy.ToString().ToLowerInvariant();
        Assert.Equal([$"income: 1 × {name} {income}", $"acquisition-cost: 2 × {name} {cost}"], result.Summary.Filled);
        await using var db = t.Database.CreateContext();
        Assert.Equal(income, (await db.Customers.SingleAsync(x => x.ExternalId == "C")).Income);
        Assert.Equal(cost, (await db.Customers.SingleAsync(x => x.ExternalId == "D")).AcquisitionCost);
        Assert.Equal(60m, (await db.Customers.SingleAsync(x => x.ExternalId == "D")).Income);
    }

    [Fact]
    public async Task ImportCustomers_Utf8WithBomChinese_KeepsTextAndReadsEncodings()
    {
        await using var t = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var fixture = Fixture("import/customers-zh.csv");
        var result = await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, fixture, new FileImportOptions());
        Assert.Equal(2, result.Summary.Inserted);
        await using (var db = t.Database.CreateContext())
        {
            var zh1 = await db.Customers.SingleAsync(x => x.ExternalId == "zh1");
            Assert.Equal(("王小明", "北京", 52000m), (zh1.Name!, zh1.City!, zh1.Income!.Value));
        }

        // The same text as UTF-16 (BOM) and as GB18030 without BOM (--encoding) reads the same, so nothing changes.
        using var files = new TempFiles();
        var text = File.ReadAllText(fixture);
        var utf16 = files.Write("zh16.csv", text, Encoding.Unicode);
        Assert.Equal(2, (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, utf16, new FileImportOptions())).Summary.Unchanged);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb = Encoding.GetEncoding("GB18030");
        var gbPath = files.Write("zhgb.csv", text, gb);
        Assert.Equal(2, (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, gbPath, new FileImportOptions { Encoding = gb })).Summary.Unchanged);
    }

    static string Fixture(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "TestData", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(relative);
    }
}
