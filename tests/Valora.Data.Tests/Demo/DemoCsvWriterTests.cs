using System.Globalization;
using CsvHelper;
using Valora.Data.Demo;

namespace Valora.Data.Tests.Demo;

public sealed class DemoCsvWriterTests
{
    [Fact]
    public void Write_FilesParsedByCsvHelper_RoundTripTheRecords()
    {
        var generator = new DemoGenerator(new DemoOptions { Customers = 300, Seed = 9 });
        var dir = Path.Combine(Path.GetTempPath(), $"valora-demo-{Guid.NewGuid():N}");
        try
        {
            DemoCsvWriter.Write(generator, dir);

            var interactions = generator.Interactions().ToList();
            using (var reader = new CsvReader(new StreamReader(Path.Combine(dir, DemoCsvWriter.InteractionsFile)), CultureInfo.InvariantCulture))
            {
                var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
                Assert.Equal(interactions.Count, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    // Texts contain commas and must survive quoting.
                    Assert.Equal(interactions[i].Text, rows[i]["text"]);
                    Assert.Equal(interactions[i].OccurredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), rows[i]["occurred_at"]);
                    Assert.Equal(interactions[i].Responded switch { true => "true", false => "false", null => "" }, rows[i]["responded"]);
                }
            }

            var customers = generator.Customers().ToList();
            using (var reader = new CsvReader(new StreamReader(Path.Combine(dir, DemoCsvWriter.CustomersFile)), CultureInfo.InvariantCulture))
            {
                var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
                Assert.Equal(customers.Count, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    Assert.Equal(customers[i].ExternalId, rows[i]["external_id"]);
                    Assert.Equal(customers[i].Name, rows[i]["name"]);
                    Assert.Equal(customers[i].Income?.ToString(CultureInfo.InvariantCulture) ?? "", rows[i]["income"]);
                    Assert.Equal(customers[i].BirthDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[i]["birth_date"]);
                    Assert.Equal(customers[i].Gender.ToString(), rows[i]["gender"]);
                }
            }

            var lines = generator.Orders().SelectMany(o => o.Lines.Select(l => (o.ExternalId, l))).ToList();
            using (var reader = new CsvReader(new StreamReader(Path.Combine(dir, DemoCsvWriter.OrdersFile)), CultureInfo.InvariantCulture))
            {
                var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
                Assert.Equal(lines.Count, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    Assert.Equal(lines[i].ExternalId, rows[i]["order_id"]);
                    Assert.Equal(lines[i].l.LineTotal, decimal.Parse((string)rows[i]["line_total"], CultureInfo.InvariantCulture));
                    Assert.Equal(lines[i].l.UnitPrice, decimal.Parse((string)rows[i]["unit_price"], CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
