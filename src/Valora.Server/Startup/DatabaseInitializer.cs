using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Domain.Customers;
using Valora.Domain.Sales;

namespace Valora.Server.Startup;

/// <summary>
/// Gets the database ready before the server takes requests: applies migrations and, on the very first start (no
/// customers yet) with <see cref="ValoraServerOptions.SeedDemoOnFirstStart"/>, fills it with demo data.
/// </summary>
public sealed partial class DatabaseInitializer(
    ValoraDatabase database,
    IOptions<ValoraServerOptions> options,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        LogMigrating(logger, database.Describe());
        await database.MigrateAsync(ct);

        var settings = options.Value;
        if (!settings.SeedDemoOnFirstStart)
        {
            return;
        }
        await using (var db = database.CreateContext())
        {
            if (await db.Customers.AnyAsync(ct))
            {
                return;
            }
        }
        // REVIEW: two servers starting at once on one empty database could both seed; a single server is the
        // supported setup for the demo.
        LogSeeding(logger, settings.DemoCustomers, settings.DemoSeed);
        var started = time.GetTimestamp();
        await SeedDemoAsync(database, settings.DemoCustomers, settings.DemoSeed, ct);
        LogSeeded(logger, time.GetElapsedTime(started).TotalMilliseconds);
    }

    // ===================================================================================================
    // INTEGRATION POINT — the one place demo data is created. The body below is a stand-in that writes a
    // small deterministic set (customers, products, orders with lines) straight through EF so the dashboard
    // shows real numbers. Replace it with the Valora.Data demo generator + import; keep the signature.
    // ===================================================================================================
    /// <summary>
    /// Writes <paramref name="customers"/> demo customers with their orders, the same for the same
    /// <paramref name="seed"/> and day (order dates fall in the three years before today, from <see cref="TimeProvider"/>).
    /// </summary>
    public async Task SeedDemoAsync(ValoraDatabase db, int customers, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var random = new Random(seed);
        var products = DemoCatalog.Select(p => new Product
        {
            Sku = p.Sku,
            Name = p.Name,
            Category = p.Category,
            UnitCost = p.UnitCost,
        }).ToList();
        var people = new List<Customer>(customers);
        for (var i = 1; i <= customers; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var (city, country) = Cities[random.Next(Cities.Length)];
            people.Add(new Customer
            {
                ExternalId = string.Create(CultureInfo.InvariantCulture, $"DEMO-C{i:D5}"),
                Name = $"{first} {last}",
                Email = string.Create(CultureInfo.InvariantCulture, $"{EmailPart(first)}.{EmailPart(last)}{i}@example.com"),
                Gender = random.Next(2) == 0 ? Gender.Female : Gender.Male,
                City = city,
                Country = country,
                SignupDate = today.AddDays(-random.Next(30, 3 * 365)),
                AcquisitionChannel = Channels[random.Next(Channels.Length)],
                EmailConsent = random.NextDouble() < 0.7,
            });
        }

        await using var context = db.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(ct);
        context.Products.AddRange(products);
        context.Customers.AddRange(people);
        await context.SaveChangesAsync(ct);

        var orderNumber = 0;
        foreach (var customer in people)
        {
            var signup = customer.SignupDate!.Value;
            var span = today.DayNumber - signup.DayNumber;
            var count = 1 + random.Next(4) + (random.NextDouble() < 0.2 ? random.Next(5) : 0);
            var days = Enumerable.Range(0, count).Select(_ => random.Next(span + 1)).Order().ToList();
            foreach (var day in days)
            {
                var orderedAt = signup.AddDays(day).ToDateTime(
                    new TimeOnly(8 + random.Next(13), random.Next(60)), DateTimeKind.Utc);
                var order = new Order
                {
                    ExternalId = string.Create(CultureInfo.InvariantCulture, $"DEMO-O{++orderNumber:D6}"),
                    CustomerId = customer.Id,
                    OrderedAt = orderedAt,
                    Currency = "USD",
                    Channel = random.Next(3) == 0 ? "store" : "web",
                    Status = random.NextDouble() switch
                    {
                        < 0.04 => OrderStatus.Returned,
                        < 0.08 => OrderStatus.Cancelled,
                        _ => OrderStatus.Completed,
                    },
                };
                var picks = Enumerable.Range(0, products.Count).OrderBy(_ => random.Next()).Take(1 + random.Next(3));
                foreach (var index in picks)
                {
                    var quantity = 1 + random.Next(3);
                    var price = DemoCatalog[index].UnitPrice;
                    order.Lines.Add(new OrderLine
                    {
                        LineNumber = order.Lines.Count + 1,
                        ProductId = products[index].Id,
                        Sku = products[index].Sku,
                        Quantity = quantity,
                        UnitPrice = price,
                        LineTotal = quantity * price,
                    });
                }
                context.Orders.Add(order);
            }
        }
        await context.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    static string EmailPart(string name) =>
        name.ToLowerInvariant().Replace("é", "e", StringComparison.Ordinal).Replace("í", "i", StringComparison.Ordinal)
            .Replace("ü", "ue", StringComparison.Ordinal);

    sealed record DemoProduct(string Sku, string Name, string Category, decimal UnitPrice, decimal UnitCost);

    static readonly DemoProduct[] DemoCatalog =
    [
        new("DEMO-P01", "Espresso beans 1 kg", "Coffee", 24.90m, 11.20m),
        new("DEMO-P02", "Filter coffee 500 g", "Coffee", 9.50m, 4.10m),
        new("DEMO-P03", "Green tea 100 bags", "Tea", 7.80m, 3.00m),
        new("DEMO-P04", "Ceramic mug", "Tableware", 12.00m, 4.50m),
        new("DEMO-P05", "Milk frother", "Equipment", 39.00m, 21.00m),
        new("DEMO-P06", "Burr grinder", "Equipment", 129.00m, 74.00m),
        new("DEMO-P07", "Pour-over kettle", "Equipment", 54.00m, 29.50m),
        new("DEMO-P08", "Chocolate biscuits", "Snacks", 4.20m, 1.60m),
        new("DEMO-P09", "Descaler", "Care", 8.90m, 2.70m),
        new("DEMO-P10", "Gift card 50", "Gifts", 50.00m, 50.00m),
    ];

    static readonly string[] FirstNames =
        ["Ana", "Ben", "Chloé", "David", "Elif", "Farah", "Georg", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya"];

    static readonly string[] LastNames =
        ["Almeida", "Brown", "Chen", "Dubois", "Eriksen", "Fischer", "García", "Hughes", "Ivanova", "Jensen", "Kowalski", "Lopez", "Müller", "Novak"];

    static readonly (string City, string Country)[] Cities =
    [
        ("Lisbon", "PT"), ("London", "GB"), ("Lyon", "FR"), ("Berlin", "DE"), ("Warsaw", "PL"), ("Madrid", "ES"),
        ("Chicago", "US"), ("Austin", "US"), ("Toronto", "CA"), ("Oslo", "NO"),
    ];

    static readonly string[] Channels = ["search", "social", "referral", "email", "store"];

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Database}; applying migrations")]
    static partial void LogMigrating(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty database: seeding {Customers} demo customers (seed {Seed})")]
    static partial void LogSeeding(ILogger logger, int customers, int seed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data written in {Milliseconds:F0} ms")]
    static partial void LogSeeded(ILogger logger, double milliseconds);
}
