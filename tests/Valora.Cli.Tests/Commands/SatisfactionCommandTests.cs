using System.Text.Json;

namespace Valora.Cli.Tests.Commands;

/// <summary><c>valora calc satisfaction</c> and <c>valora kano --data</c>, worked by hand.</summary>
public sealed class SatisfactionCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-cli-satisfaction-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    // (5·80 + 4·15 + 3·5) / 100 = 4.75.
    [InlineData(4.75, "--scores", "5:80,4:15,3:5")]
    // Σ w·s / Σ w = 5.4 / 1.2 = 4.5.
    [InlineData(4.5, "--scores", "4,5,5,4,4", "--weights", ".2,.3,.3,.2,.2")]
    // Plain mean 22 / 5.
    [InlineData(4.4, "--scores", "4,5,5,4,4")]
    public async Task CalcSatisfaction_TheIssuesExamples(double expected, params string[] options)
    {
        var (code, stdout, stderr) = await ValoraProcess.RunAsync(["calc", "satisfaction", .. options, "--format", "json"]);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(expected, json.RootElement.GetProperty("satisfaction").GetDouble(), 12);
    }

    [Fact]
    public async Task CalcSatisfaction_WeightsOfAnotherLength_SayHowMany()
    {
        var (code, _, stderr) = await ValoraProcess.RunAsync("calc", "satisfaction", "--scores", "4,5", "--weights", "1");

        Assert.Equal(1, code);
        Assert.StartsWith("valora: error: 2 scores but 1 weights: give one weight per score.", stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kano_TwoFeatures_CategoriesAndCoefficients()
    {
        // reorder: (1,5) O, (1,5) O, (2,5) M, (1,3) A, (3,3) I → O, Better 3/5, Worse −3/5.
        // gift-wrap: (1,3) A, (1,4) A, (3,3) I → A, Better 2/3, Worse 0.
        var csv = Path.Combine(_dir, "kano.csv");
        await File.WriteAllTextAsync(csv,
            "respondent,feature,f,d\n1,reorder,1,5\n2,reorder,1,5\n3,reorder,2,5\n4,reorder,1,3\n5,reorder,3,3\n1,gift-wrap,1,3\n2,gift-wrap,1,4\n3,gift-wrap,3,3\n");

        var (code, stdout, stderr) = await ValoraProcess.RunAsync("kano", "--data", csv, "--feature", "feature", "--functional", "f", "--dysfunctional", "d", "--format", "json");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("feature").GetString()!);
        Assert.Equal(("OneDimensional", 0.6, -0.6), (rows["reorder"].GetProperty("category").GetString(), rows["reorder"].GetProperty("better").GetDouble(), rows["reorder"].GetProperty("worse").GetDouble()));
        Assert.Equal(("Attractive", 0.6667, 0.0), (rows["gift-wrap"].GetProperty("category").GetString(), rows["gift-wrap"].GetProperty("better").GetDouble(), rows["gift-wrap"].GetProperty("worse").GetDouble()));
    }

    [Fact]
    public async Task Kano_AnAnswerOutOfRange_NamesItsLineAndColumn()
    {
        var csv = Path.Combine(_dir, "bad.csv");
        await File.WriteAllTextAsync(csv, "feature,f,d\nreorder,1,5\nreorder,7,5\n");

        var (code, _, stderr) = await ValoraProcess.RunAsync("kano", "--data", csv, "--feature", "feature", "--functional", "f", "--dysfunctional", "d");

        Assert.Equal(1, code);
        Assert.Equal($"valora: error: '{csv}' line 3, column 'f': '7' is not a Kano answer 1 (like) to 5 (dislike).", stderr.Trim());
    }
}
