using System.Globalization;
using Valora.Analytics.Churn;

namespace Valora.Analytics.Tests.Churn;

public class ChurnLearnerTests
{
    // Generated customers: churn log-odds −2.5 + 1.0·complaints + 1.5·[plan = C]; "noise" carries nothing.
    static (List<string[]> Rows, bool[] Labels, FeatureColumn[] Columns) Generated(int n, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<string[]>();
        var labels = new bool[n];
        string[] plans = ["A", "B", "C"];
        for (var i = 0; i < n; i++)
        {
            var complaints = rng.Next(0, 6);
            var plan = plans[rng.Next(3)];
            var noise = rng.NextDouble() * 100;
            var logit = -2.5 + complaints + (plan == "C" ? 1.5 : 0);
            labels[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit));
            rows.Add([complaints.ToString(CultureInfo.InvariantCulture), plan, noise.ToString("R", CultureInfo.InvariantCulture)]);
        }
        FeatureColumn[] columns = [new("complaints", 0, FeatureKind.Numeric), new("plan", 1, FeatureKind.Categorical), new("noise", 2, FeatureKind.Numeric)];
        return (rows, labels, columns);
    }

    static (ChurnClassifier Model, FeatureEncoder Encoder, float[][] X) Fit(ChurnTrainer trainer, List<string[]> rows, bool[] labels, FeatureColumn[] columns)
    {
        var encoder = FeatureEncoder.Fit(rows, columns);
        var binding = columns.Select(c => c.Index).ToArray();
        var x = rows.Select((r, i) => encoder.Encode(r, binding, i)).ToArray();
        return (ChurnClassifier.Train(x, labels, trainer, new ChurnTrainingOptions(Seed: 3)), encoder, x);
    }

    [Theory]
    [InlineData(ChurnTrainer.LogisticRegression)]
    [InlineData(ChurnTrainer.FastTree)]
    [InlineData(ChurnTrainer.FastForest)]
    [InlineData(ChurnTrainer.LightGbm)]
    public void Every_trainer_learns_the_signal_under_stratified_cross_validation(ChurnTrainer trainer)
    {
        var (rows, labels, columns) = Generated(1500, 11);
        var folds = StratifiedKFold.Assign(labels, 3, seed: 5);
        var report = ChurnCrossValidation.Run(rows, columns, labels, folds, trainer, new ChurnTrainingOptions(Seed: 3));
        Assert.Equal(3, report.PerFold.Count);
        Assert.Equal(1500, report.OutOfFold.Count);
        // Against the AUC of the true log-odds on the same rows (what no learner can beat but by luck); chance is 0.5.
        var oracle = BinaryMetrics.RocAuc(labels, [.. rows.Select(r => -2.5 + double.Parse(r[0], CultureInfo.InvariantCulture) + (r[1] == "C" ? 1.5 : 0))]);
        Assert.InRange(report.Mean["roc_auc"], oracle - 0.03, oracle + 0.02);
        // Calibrated back to the real rate despite balanced weights: mean predicted ≈ observed churn rate.
        var observed = labels.Average(l => l ? 1.0 : 0.0);
        Assert.InRange(report.OutOfFold.Average(), observed - 0.04, observed + 0.04);
        Assert.Equal(10, report.Pooled.Calibration.Count);
    }

    [Fact]
    public void Logistic_regression_reasons_add_up_to_its_logit()
    {
        var (rows, labels, columns) = Generated(800, 2);
        var (model, encoder, x) = Fit(ChurnTrainer.LogisticRegression, rows, labels, columns);
        var sample = x.Take(50).ToArray();
        var contributions = ChurnReasons.Contributions(model, encoder, sample);
        var logits = model.Logits(sample);
        var typical = model.Logits([[.. encoder.Baseline.Select(v => (float)v)]])[0];
        for (var i = 0; i < sample.Length; i++)
        {
            Assert.Equal(logits[i], typical + contributions[i].Sum(), 4);
        }
        // The informative column moves the log-odds by whole units; the noise column barely at all.
        Assert.Contains(contributions, c => Math.Abs(c[0]) > 1);
        Assert.True(contributions.Max(c => Math.Abs(c[0])) > 3 * contributions.Max(c => Math.Abs(c[2])));
    }

    [Theory]
    [InlineData(ChurnTrainer.LogisticRegression)]
    [InlineData(ChurnTrainer.FastTree)]
    [InlineData(ChurnTrainer.LightGbm)]
    public void A_customer_with_an_obvious_reason_gets_it_first(ChurnTrainer trainer)
    {
        var (rows, labels, columns) = Generated(1500, 4);
        var (model, encoder, _) = Fit(trainer, rows, labels, columns);
        string[] crafted = ["5", "A", "50"]; // five complaints, an ordinary plan, middling noise
        var binding = new[] { 0, 1, 2 };
        var reasons = ChurnReasons.Top(model, encoder, [crafted], binding, [encoder.Encode(crafted, binding, 0)]);
        Assert.Equal("complaints", reasons[0][0].Column);
        Assert.StartsWith("complaints = 5 (typical", reasons[0][0].Text, StringComparison.Ordinal);
        Assert.True(reasons[0][0].Contribution > 1);
        if (trainer == ChurnTrainer.LogisticRegression)
        {
            Assert.DoesNotContain(reasons[0], r => r.Column == "plan"); // plan A lowers the risk against the typical mix
        }
    }

    [Fact]
    public void Encoder_fills_blanks_with_the_median_and_names_a_bad_number()
    {
        List<string[]> rows = [["1", "x"], [" ", "y"], ["3", "x"], ["10", ""]];
        FeatureColumn[] columns = [new("n", 0, FeatureKind.Numeric), new("c", 1, FeatureKind.Categorical)];
        var encoder = FeatureEncoder.Fit(rows, columns);
        Assert.Equal(3, encoder.Columns[0].Median);
        Assert.True(encoder.Columns[0].MissingIndicator);
        Assert.Equal(["n", "n is blank", "c=(blank)", "c=x", "c=y"], encoder.FeatureNames());
        var blank = encoder.Encode([" ", "z"], [0, 1], 7);
        Assert.Equal(1, blank[1]);                       // was blank
        Assert.Equal([0f, 0f, 0f], blank[2..]);         // unseen category sets no slot
        var e = Assert.Throws<FormatException>(() => encoder.Encode(["abc", "x"], [0, 1], 7));
        Assert.Contains("row 7, column 'n': 'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_detection_by_values()
    {
        Assert.Equal(FeatureKind.Numeric, ColumnDetection.Detect("TotalCharges", ["29.85", " ", "1889.5"]).Kind);
        Assert.Equal(FeatureKind.Boolean, ColumnDetection.Detect("Partner", ["Yes", "No", "Yes"]).Kind);
        Assert.Equal(FeatureKind.Categorical, ColumnDetection.Detect("Contract", ["Month-to-month", "One year", "Two year"]).Kind);
        Assert.Equal(FeatureKind.Categorical, ColumnDetection.Detect("gender", ["Female", "Male"]).Kind);
        var ids = Enumerable.Range(0, 1000).Select(i => "C" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Assert.Null(ColumnDetection.Detect("customerID", ids).Kind);
    }

    [Fact]
    public void Platt_scaling_recovers_a_known_slope_and_intercept()
    {
        // Labels drawn from P = σ(2s − 1): the fit should land near A = 2, B = −1.
        var rng = new Random(9);
        var s = Enumerable.Range(0, 20000).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var y = s.Select(v => rng.NextDouble() < PlattScaling.Sigmoid(2 * v - 1)).ToArray();
        var fit = PlattScaling.Fit(s, y);
        Assert.InRange(fit.A, 1.9, 2.1);
        Assert.InRange(fit.B, -1.08, -0.92);
    }
}
