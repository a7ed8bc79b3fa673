using System.Security.Cryptography;
using Valora.Data.Demo;
using Valora.Domain.Interactions;
using Valora.Domain.Tickets;

namespace Valora.Data.Tests.Demo;

public sealed class DemoGeneratorTests(DemoPopulationFixture data) : IClassFixture<DemoPopulationFixture>
{
    static Dictionary<string, string> HashFiles(DemoOptions options)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"valora-demo-{Guid.NewGuid():N}");
        try
        {
            var files = DemoCsvWriter.Write(new DemoGenerator(options), dir);
            Assert.Equal(7, files.Count);
            return files.ToDictionary(f => f.File, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, f.File)))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Write_SameSeedTwice_GivesByteIdenticalFiles()
    {
        var options = new DemoOptions { Customers = 3_000, Seed = 11 };
        var first = HashFiles(options);
        var second = HashFiles(options);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Write_DifferentSeeds_GiveDifferentFiles()
    {
        var a = HashFiles(new DemoOptions { Customers = 3_000, Seed = 11 });
        var b = HashFiles(new DemoOptions { Customers = 3_000, Seed = 12 });
        foreach (var file in new[] { DemoCsvWriter.CustomersFile, DemoCsvWriter.OrdersFile, DemoCsvWriter.InteractionsFile, DemoCsvWriter.SurveysFile })
        {
            Assert.NotEqual(a[file], b[file]);
        }
    }

    [Fact]
    public void Write_RowCounts_MatchTheRecordStreams()
    {
        var options = new DemoOptions { Customers = 500, Seed = 3 };
        var generator = new DemoGenerator(options);
        var dir = Path.Combine(Path.GetTempPath(), $"valora-demo-{Guid.NewGuid():N}");
        try
        {
            var files = DemoCsvWriter.Write(generator, dir).ToDictionary(f => f.File, f => f.Rows);
            Assert.Equal(500, files[DemoCsvWriter.CustomersFile]);
            Assert.Equal(generator.Orders().Sum(o => o.Lines.Count), files[DemoCsvWriter.OrdersFile]);
            Assert.Equal(generator.Interactions().Count(), files[DemoCsvWriter.InteractionsFile]);
            Assert.Equal(generator.Referrals().Count(), files[DemoCsvWriter.ReferralsFile]);
            Assert.Equal(generator.Tickets().Count(), files[DemoCsvWriter.TicketsFile]);
            Assert.Equal(generator.Surveys().Count(), files[DemoCsvWriter.SurveysFile]);
            // Data rows + header, and the orders header the importer expects.
            var orderLines = File.ReadAllLines(Path.Combine(dir, DemoCsvWriter.OrdersFile));
            Assert.Equal(files[DemoCsvWriter.OrdersFile] + 1, orderLines.Length);
            Assert.Equal("order_id,customer_id,ordered_at,currency,channel,status,line_number,sku,quantity,unit_price,line_total,unit_cost", orderLines[0]);
            Assert.Matches(@"^O\d{7}-\d{3},C\d{7},\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z,USD,", orderLines[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Generate_OneCustomerOnOneDay_GivesAConsistentTinyPopulation()
    {
        var day = new DateOnly(2025, 3, 1);
        var generator = new DemoGenerator(new DemoOptions { Customers = 1, Start = day, End = day, ReferralShare = 1 });
        var customer = Assert.Single(generator.Customers());
        Assert.Equal(day, customer.SignupDate);
        // Nobody signed up earlier, so nobody can have referred the only customer.
        Assert.Empty(generator.Referrals());
        Assert.NotEqual("Referral", customer.AcquisitionChannel);
        var orders = generator.Orders().ToList();
        Assert.NotEmpty(orders);
        Assert.All(orders, o => Assert.Equal(day, DateOnly.FromDateTime(o.OrderedAt)));
        Assert.Equal("C0000001", customer.ExternalId);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        Assert.Contains("Customers", Assert.Throws<ArgumentException>(() => new DemoGenerator(new DemoOptions { Customers = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("SpendShapeQ", Assert.Throws<ArgumentException>(() => new DemoGenerator(new DemoOptions { SpendShapeQ = 1 })).Message, StringComparison.Ordinal);
        Assert.Contains("R", Assert.Throws<ArgumentException>(() => new DemoGenerator(new DemoOptions { R = double.NaN })).ParamName, StringComparison.Ordinal);
        Assert.Contains("ControlShare", Assert.Throws<ArgumentException>(() => new DemoGenerator(new DemoOptions { ControlShare = 1.5 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new DemoGenerator(new DemoOptions { Start = new DateOnly(2027, 1, 1), End = new DateOnly(2026, 1, 1) }));
    }

    [Fact]
    public void Records_AreValidAndReferenceExistingCustomers()
    {
        var customers = data.Customers.Select(c => c.ExternalId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(data.Customers.Count, customers.Count);
        var skus = data.Products.Select(p => p.Sku).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(data.Products.Count, skus.Count);
        Assert.All(data.Products, p => Assert.True(p.UnitCost > 0));

        var start = data.Options.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = data.Generator.EndInstant;
        Assert.Equal(data.Orders.Count, data.Orders.Select(o => o.ExternalId).Distinct(StringComparer.Ordinal).Count());
        foreach (var order in data.Orders)
        {
            Assert.Contains(order.CustomerExternalId, customers);
            Assert.InRange(order.OrderedAt, start, end.AddTicks(-1));
            Assert.NotEmpty(order.Lines);
            Assert.Equal(Enumerable.Range(1, order.Lines.Count), order.Lines.Select(l => l.LineNumber));
            foreach (var line in order.Lines)
            {
                Assert.Contains(line.Sku!, skus);
                Assert.True(line.Quantity >= 1);
                Assert.True(line.UnitPrice > 0 && line.UnitCost > 0);
                Assert.Equal(line.UnitPrice * line.Quantity, line.LineTotal);
            }
        }
        foreach (var c in data.Customers)
        {
            Assert.InRange(c.SignupDate!.Value, data.Options.StartDate, data.Options.End);
            Assert.True(c.Income is null or > 0);
            Assert.True(c.AcquisitionCost >= 0);
            Assert.True(c.BirthDate < c.SignupDate);
        }
        Assert.Equal(data.Interactions.Count, data.Interactions.Select(i => i.ExternalId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(data.Interactions, i => Assert.Contains(i.CustomerExternalId, customers));
        Assert.All(data.Interactions, i => Assert.InRange(i.OccurredAt, start, end));
        Assert.Equal(data.Tickets.Count, data.Tickets.Select(t => t.ExternalId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(data.Tickets, t =>
        {
            Assert.Contains(t.CustomerExternalId, customers);
            Assert.True(t.ResolvedAt is null || (t.ResolvedAt >= t.OpenedAt && t.ResolvedAt < end));
            Assert.Equal(t.ResolvedAt is not null, t.Status is TicketStatus.Resolved or TicketStatus.Closed);
        });
        Assert.Equal(data.Surveys.Count, data.Surveys.Select(s => s.ExternalId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(data.Surveys, s => Assert.InRange(s.Score!.Value, s.ScaleMin, s.ScaleMax));
        Assert.All(data.Referrals, r => Assert.Contains(r.ReferrerExternalId, customers));
        Assert.Equal(data.Opportunities.Count, data.Opportunities.Select(o => o.ExternalId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(data.Opportunities, o => Assert.True(o.Amount >= 0 && o.Probability is >= 0 and <= 1));
        Assert.All(data.Members, m => Assert.True(m.Revenue is null or >= 0));
        Assert.Equal(data.Members.Count, data.Members.Select(m => (m.CampaignExternalId, m.CustomerExternalId)).Distinct().Count());
        Assert.Equal(data.Tags.Count, data.Tags.Distinct().Count());
    }

    [Fact]
    public void Referrals_ReferredCustomerSignsUpAfterTheReferrer()
    {
        var signup = data.Customers.ToDictionary(c => c.ExternalId, c => c.SignupDate!.Value, StringComparer.Ordinal);
        Assert.NotEmpty(data.Referrals);
        foreach (var r in data.Referrals)
        {
            Assert.True(signup[r.ReferrerExternalId] < signup[r.ReferredExternalId], $"{r.ReferrerExternalId} → {r.ReferredExternalId}");
            Assert.Equal(signup[r.ReferredExternalId], r.ReferredOn);
        }
        // Each customer is referred with probability 0.08 (except on the first day): binomial, 4 standard errors.
        var n = data.Customers.Count;
        var se = Math.Sqrt(0.08 * 0.92 / n);
        Assert.InRange(data.Referrals.Count / (double)n, 0.08 - 4 * se - 0.002, 0.08 + 4 * se);
        Assert.Equal(data.Referrals.Count, data.Customers.Count(c => c.AcquisitionChannel == "Referral"));
    }
}
