using System.Diagnostics;
using Valora.Analytics.Matching;
using Valora.Data.Demo;
using Xunit.Abstractions;

namespace Valora.Data.Tests.Demo;

/// <summary>The demo's planted duplicates: every one found at the default threshold, and few other pairs.</summary>
public sealed class DemoDuplicatesTests(ITestOutputHelper output)
{
    [Fact]
    public void PlantedDuplicates_AmongTenThousand_AreAllFoundAtTheDefaultThreshold()
    {
        var generator = new DemoGenerator(new DemoOptions { Customers = 10_000, Seed = 42 });
        var customers = generator.Customers().Select((c, i) => new MatchRecord(i, c.Name, c.Email, c.Phone)).ToList();
        var planted = Enumerable.Range(0, customers.Count).Where(DemoGenerator.IsPlantedDuplicate).Select(i => ((long)i - 1, (long)i)).ToHashSet();
        Assert.Equal(100, planted.Count);

        var clock = Stopwatch.StartNew();
        var result = DuplicateFinder.Find(customers);
        clock.Stop();
        var found = result.Pairs.Select(p => (p.FirstId, p.SecondId)).ToHashSet();
        var recall = planted.Count(found.Contains) / (double)planted.Count;
        var others = result.Pairs.Count(p => !planted.Contains((p.FirstId, p.SecondId)));
        output.WriteLine($"{customers.Count} customers: {result.Comparisons} comparisons of {customers.Count * (customers.Count - 1L) / 2} pairs, " +
            $"{result.SkippedBlocks} blocks skipped, {clock.ElapsedMilliseconds} ms; recall {recall:P1}, {others} other pairs at ≥ {DuplicateOptions.DefaultThreshold}");
        foreach (var missed in planted.Where(p => !found.Contains(p)))
        {
            output.WriteLine($"missed: {customers[(int)missed.Item1]} / {customers[(int)missed.Item2]}");
        }
        Assert.Equal(1.0, recall);
        // Each kind scores as designed: 1 (same name, e-mail and phone written differently), about 0.77 (a typo in the
        // surname, the same phone, another e-mail), 0.857 (the name reversed, the same e-mail, another phone).
        var scores = result.Pairs.Where(p => planted.Contains((p.FirstId, p.SecondId))).ToLookup(p => (int)p.SecondId / DemoGenerator.PlantedDuplicateSpacing % 3, p => p.Score);
        Assert.All(scores[0], s => Assert.Equal(1.0, s, 12));
        Assert.All(scores[1], s => Assert.InRange(s, DuplicateOptions.DefaultThreshold, 0.8));
        Assert.All(scores[2], s => Assert.Equal(0.75 / 0.875, s, 12));
        Assert.True(others <= 10, $"{others} pairs besides the planted ones");
    }
}
