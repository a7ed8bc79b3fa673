using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Server.Startup;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Startup;

public sealed class DatabaseInitializerTests
{
    static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2025, 6, 30, 18, 0, 0, TimeSpan.Zero));

    static readonly Dictionary<string, string?> TwentyFiveCustomers = new(StringComparer.Ordinal) { ["Valora:DemoCustomers"] = "25" };

    [Fact]
    public async Task Start_OnEmptyDatabaseWithSeedingOn_SeedsTheConfiguredCustomersOnlyOnce()
    {
        using var database = new InMemorySqlite();

        var first = await StartAndCountAsync(database, seedDemo: true);
        var second = await StartAndCountAsync(database, seedDemo: true);

        Assert.Equal(25, first.Customers);
        // Every demo customer has at least one order and every order at least one line.
        Assert.True(first.Orders >= 25, $"{first.Orders} orders");
        Assert.True(first.Lines >= first.Orders, $"{first.Lines} lines for {first.Orders} orders");
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Start_WithSeedingOff_LeavesTheMigratedDatabaseEmpty()
    {
        using var database = new InMemorySqlite();

        var counts = await StartAndCountAsync(database, seedDemo: false);

        Assert.Equal(new Counts(0, 0, 0), counts);
    }

    [Fact]
    public async Task Start_WhenCustomersExist_DoesNotSeed()
    {
        using var database = new InMemorySqlite();
        var db = ValoraDatabase.Parse(database.ConnectionString);
        await db.MigrateAsync();
        await using (var context = db.CreateContext())
        {
            context.Customers.Add(new Customer { ExternalId = "mine" });
            await context.SaveChangesAsync();
        }

        var counts = await StartAndCountAsync(database, seedDemo: true);

        Assert.Equal(new Counts(1, 0, 0), counts);
    }

    [Fact]
    public async Task SeedDemoAsync_WithSameSeedAndDay_WritesTheSameData()
    {
        using var a = new InMemorySqlite();
        using var b = new InMemorySqlite();

        var first = await SeedAndReadAsync(ValoraDatabase.Parse(a.ConnectionString), seed: 7);
        var second = await SeedAndReadAsync(ValoraDatabase.Parse(b.ConnectionString), seed: 7);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task SeedDemoAsync_Always_WritesConsistentOrdersBetweenSignupAndToday()
    {
        using var memory = new InMemorySqlite();
        var database = ValoraDatabase.Parse(memory.ConnectionString);
        await database.MigrateAsync();

        await NewInitializer(database).SeedDemoAsync(database, customers: 40, seed: 3, CancellationToken.None);

        await using var db = database.CreateContext();
        var signups = await db.Customers.ToDictionaryAsync(c => c.Id, c => c.SignupDate);
        var orders = await db.Orders.Include(o => o.Lines).ToListAsync();
        Assert.Equal(40, signups.Count);
        Assert.Equal(40, orders.Select(o => o.CustomerId).Distinct().Count());
        foreach (var order in orders)
        {
            var day = DateOnly.FromDateTime(order.OrderedAt);
            Assert.InRange(day, signups[order.CustomerId]!.Value, new DateOnly(2025, 6, 30));
            Assert.NotEmpty(order.Lines);
            Assert.All(order.Lines, l => Assert.Equal(l.Quantity * l.UnitPrice, l.LineTotal));
            Assert.Equal(Enumerable.Range(1, order.Lines.Count), order.Lines.Select(l => l.LineNumber).Order());
        }
    }

    [Fact]
    public async Task SeedDemoAsync_WithNoCustomers_Throws()
    {
        using var memory = new InMemorySqlite();
        var database = ValoraDatabase.Parse(memory.ConnectionString);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => NewInitializer(database).SeedDemoAsync(database, customers: 0, seed: 1, CancellationToken.None));
    }

    static DatabaseInitializer NewInitializer(ValoraDatabase database) => new(
        database, Options.Create(new ValoraServerOptions()), Clock, NullLogger<DatabaseInitializer>.Instance);

    static async Task<List<string>> SeedAndReadAsync(ValoraDatabase database, int seed)
    {
        await database.MigrateAsync();
        await NewInitializer(database).SeedDemoAsync(database, customers: 30, seed, CancellationToken.None);
        await using var db = database.CreateContext();
        var customers = await db.Customers.OrderBy(c => c.Id)
            .Select(c => $"{c.ExternalId}|{c.Name}|{c.Email}|{c.SignupDate}|{c.City}")
            .ToListAsync();
        var orders = await db.Orders.Include(o => o.Lines).OrderBy(o => o.Id).ToListAsync();
        var lines = orders.SelectMany(o => o.Lines.OrderBy(l => l.LineNumber).Select(l => string.Create(
            CultureInfo.InvariantCulture, $"{o.ExternalId}|{o.CustomerId}|{o.OrderedAt:O}|{o.Status}|{l.Sku}|{l.Quantity}|{l.LineTotal}")));
        return [.. customers, .. lines];
    }

    static async Task<Counts> StartAndCountAsync(InMemorySqlite database, bool seedDemo)
    {
        await using var factory = new ValoraServerFactory(database.ConnectionString, seedDemo, TwentyFiveCustomers, Clock);
        await using var db = factory.Database.CreateContext();
        return new Counts(await db.Customers.CountAsync(), await db.Orders.CountAsync(), await db.OrderLines.CountAsync());
    }

    sealed record Counts(int Customers, int Orders, int Lines);
}
