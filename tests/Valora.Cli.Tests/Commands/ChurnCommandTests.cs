using System.Globalization;
using System.Text.Json;
using Valora.TestSupport;

namespace Valora.Cli.Tests.Commands;

/// <summary>
/// <c>valora churn train|score --data</c> on IBM Telco with its fold file. The peer (<c>bench/peers/churn_telco.py</c>,
/// scikit-learn 1.2.1 logistic regression on the same features and folds) gets mean ROC AUC 0.84516.
/// </summary>
public sealed class ChurnCommandTests : IDisposable
{
    const string Data = "telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv";
    const string Folds = "telco-churn/folds_stratified5_seed42.csv";

    readonly string _dir = Path.Combine(Path.GetTempPath(), "valora-churn-cli-" + Guid.NewGuid().ToString("N"));

    public ChurnCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RealDataFact(Data, Folds)]
    public async Task TrainThenScore_OnTelco_PrintsCvMetricsSavesTheModelAndWritesEveryCustomersScore()
    {
        var model = Path.Combine(_dir, "telco.zip");
        var scores = Path.Combine(_dir, "scores.csv");
        var (code, stdout, stderr) = await ValoraProcess.RunAsync("churn", "train", "--data", SharedData.PathOf(Data), "--label", "Churn",
            "--id", "customerID", "--folds-file", SharedData.PathOf(Folds), "--trainer", "lr", "--out", model, "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var cv = json.RootElement.GetProperty("crossValidation")[0];
        Assert.Equal("lr", cv.GetProperty("trainer").GetString());
        Assert.Equal(5, cv.GetProperty("folds").GetInt32());
        Assert.InRange(cv.GetProperty("rocAuc").GetDouble(), 0.8451609200628656 - 0.002, 1);
        Assert.Equal(1869, json.RootElement.GetProperty("churned").GetInt32());
        Assert.True(File.Exists(model));

        (code, _, stderr) = await ValoraProcess.RunAsync("churn", "score", "--data", SharedData.PathOf(Data), "--model", model, "--out", scores);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(scores);
        Assert.Equal("customerID,probability,tier,reason_1,reason_2,reason_3", lines[0]);
        Assert.Equal(7044, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var p = rows.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        // Platt recalibration on the training rows keeps the mean probability near the observed churn rate 1869/7043.
        Assert.InRange(p.Average(), 0.2654 - 0.01, 0.2654 + 0.01);
        Assert.All(rows, r => Assert.Equal(r[2], double.Parse(r[1], CultureInfo.InvariantCulture) >= 0.6 ? "high" : double.Parse(r[1], CultureInfo.InvariantCulture) >= 0.3 ? "medium" : "low"));
        // Churners are scored higher than stayers, and the highest-risk customers' first reason is a real column.
        Assert.Contains("7590-VHVEG", lines[1]);
        Assert.Contains(rows.Where(r => r[2] == "high"), r => r[3].StartsWith("tenure = ", StringComparison.Ordinal) || r[3].StartsWith("Contract = ", StringComparison.Ordinal));
    }

    [RealDataFact(Data, Folds)]
    public async Task Score_WhenTheDataLacksAColumnTheModelNeeds_NamesIt()
    {
        var model = Path.Combine(_dir, "telco.zip");
        var (code, _, stderr) = await ValoraProcess.RunAsync("churn", "train", "--data", SharedData.PathOf(Data), "--label", "Churn",
            "--id", "customerID", "--folds", "2", "--trainer", "lr", "--out", model);
        Assert.True(code == 0, stderr);
        var source = File.ReadAllLines(SharedData.PathOf(Data)).Take(20).ToArray();
        var header = source[0].Split(',');
        var drop = Array.IndexOf(header, "tenure");
        var stripped = Path.Combine(_dir, "no-tenure.csv");
        File.WriteAllLines(stripped, source.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != drop))));

        (code, var stdout, stderr) = await ValoraProcess.RunAsync("churn", "score", "--data", stripped, "--model", model);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("'tenure'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_FoldsOutOfRange_FailsNamingTheOption()
    {
        var csv = Path.Combine(_dir, "t.csv");
        File.WriteAllLines(csv, ["id,x,churn", "1,1,yes", "2,2,no"]);
        var (code, _, stderr) = await ValoraProcess.RunAsync("churn", "train", "--data", csv, "--label", "churn", "--folds", "1");
        Assert.Equal(1, code);
        Assert.Equal("valora: error: --folds must be between 2 and 20 (got 1).", stderr.Trim());
    }
}
