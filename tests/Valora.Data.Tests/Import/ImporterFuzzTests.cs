using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Valora.Data.Import.Readers;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Import;

/// <summary>
/// Seeded fuzzing of the importer (issue 10, "Done when"): files of good customer rows mixed with generated malformed
/// ones (stray quotes, ragged rows, bad numbers and dates, out-of-range values, NUL, invalid UTF-8, blank ids). For every
/// file: read = accepted + rejected, every good row is stored exactly, and no exception escapes.
/// </summary>
[Trait("Issue", "10")]
public sealed class ImporterFuzzTests
{
    [Fact]
    public Task Import_GoodRowsMixedWithMalformed_EveryRowAccountedForAndGoodRowsExact_Sqlite() => Fuzz(DatabaseProvider.Sqlite, seeds: 12);

    [PostgresFact]
    public Task Import_GoodRowsMixedWithMalformed_EveryRowAccountedForAndGoodRowsExact_Postgres() => Fuzz(DatabaseProvider.Postgres, seeds: 4);

    static async Task Fuzz(DatabaseProvider provider, int seeds)
    {
        for (var seed = 1; seed <= seeds; seed++)
        {
            await using var t = await TestDatabase.CreateAsync(provider);
            using var files = new TempFiles();
            var random = new Random(seed);
            var bytes = new List<byte>();
            var good = new Dictionary<string, (string Name, decimal Income, DateOnly Signup)>(StringComparer.Ordinal);
            var dataRows = 0;
            void Line(string text) => bytes.AddRange(Encoding.UTF8.GetBytes(text + "\n"));
            Line("customer_id,name,income,signup_date");
            for (var i = 0; i < 200; i++)
            {
                var id = $"F{seed}-{i}";
                var name = $"Name {i}";
                var income = Math.Round((decimal)random.NextDouble() * 100_000m, 2);
                var signup = new DateOnly(2000, 1, 1).AddDays(random.Next(9000));
                var fields = $"{name},{income.ToString(CultureInfo.InvariantCulture)},{signup:yyyy-MM-dd}";
                dataRows++;
                switch (random.Next(12))
                {
                    case 0:
                        Line($"{id},\"{name},{income.ToString(CultureInfo.InvariantCulture)},{signup:yyyy-MM-dd}"); // stray quote
                        break;
                    case 1:
                        Line($"{id},{fields},extra"); // ragged
                        break;
                    case 2:
                        Line($"{id},{name},{income.ToString(CultureInfo.InvariantCulture).Replace('.', ',')}x,{signup:yyyy-MM-dd}");
                        break;
                    case 3:
                        Line($"{id},{name},abc,{signup:yyyy-MM-dd}");
                        break;
                    case 4:
                        Line($"{id},{name},1e30,{signup:yyyy-MM-dd}");
                        break;
                    case 5:
                        Line($"{id},{name},{income.ToString(CultureInfo.InvariantCulture)},3000-01-01");
                        break;
                    case 6:
                        Line($"{id},Na\0me,{income.ToString(CultureInfo.InvariantCulture)},{signup:yyyy-MM-dd}");
                        break;
                    case 7:
                        bytes.AddRange(Encoding.UTF8.GetBytes($"{id},M"));
                        bytes.Add(0xFC); // Latin-1 ü: not UTF-8
                        Line($"ller,{income.ToString(CultureInfo.InvariantCulture)},{signup:yyyy-MM-dd}");
                        break;
                    case 8:
                        Line($",{fields}"); // no id
                        break;
                    default:
                        Line($"{id},{fields}");
                        good[id] = (name, income, signup);
                        break;
                }
            }
            var path = Path.Combine(files.Dir, $"fuzz-{seed}.csv");
            await File.WriteAllBytesAsync(path, [.. bytes]);

            var s = (await new FileImporter(t.Database).ImportAsync(ImportKind.Customers, path, new FileImportOptions())).Summary;

            Assert.Equal(dataRows, s.Read);
            Assert.Equal(s.Read, s.Inserted + s.Rejected);
            Assert.Equal(good.Count, s.Inserted);
            Assert.Equal(s.Rejected, TempFiles.Rejects(path).Count);
            await using var db = t.Database.CreateContext();
            var stored = await db.Customers.Select(c => new { c.ExternalId, c.Name, c.Income, c.SignupDate }).ToListAsync();
            Assert.Equal(good.Count, stored.Count);
            foreach (var c in stored)
            {
                Assert.True(good.TryGetValue(c.ExternalId, out var expected), $"seed {seed}: {c.ExternalId} was not a good row");
                Assert.Equal((expected.Name, expected.Income, expected.Signup), (c.Name!, c.Income!.Value, c.SignupDate!.Value));
            }
        }
    }
}
