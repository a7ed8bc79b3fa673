using MathNet.Numerics.LinearAlgebra;
using Valora.Analytics.Potential;

namespace Valora.Analytics.Tests.Potential;

public sealed class ComponentRegressionTests
{
    [Fact]
    public void LeastSquares_RecoversKnownCoefficientsOfEveryTarget_WithoutNoise()
    {
        var random = new Random(11);
        var rows = Rows(random, 200, 3);
        // y1 = 3 + 2·x1 − 0.5·x2, y2 = −1 + 4·x3, y3 = 7 (no feature matters).
        var targets = rows.Select(x => (IReadOnlyList<double>)[3 + (2 * x[0]) - (0.5 * x[1]), -1 + (4 * x[2]), 7]).ToList();

        var model = MultiOutputLeastSquares.Fit(rows, targets);

        Assert.Equal([3, -1, 7], model.Intercepts, Tolerance(1e-9));
        Assert.Equal([2, -0.5, 0], model.Coefficients[0], Tolerance(1e-9));
        Assert.Equal([0, 0, 4], model.Coefficients[1], Tolerance(1e-9));
        Assert.Equal([0, 0, 0], model.Coefficients[2], Tolerance(1e-9));
        Assert.Equal(3 + 2 - 1, model.Predict(0, [1, 2, 5]), 1e-9);
    }

    [Fact]
    public void LeastSquares_WithNoise_EqualsTheQrSolutionOfTheDesignMatrix_AndIsNearTheTruth()
    {
        var random = new Random(5);
        var rows = Rows(random, 5000, 4);
        double[] truth = [1.5, -2, 0.25, 3];
        var targets = rows.Select(x => (IReadOnlyList<double>)[10 + x.Select((v, j) => v * truth[j]).Sum() + Normal(random),
            -4 + (0.5 * x[3]) + (3 * Normal(random))]).ToList();

        var model = MultiOutputLeastSquares.Fit(rows, targets);

        // Independently: QR least squares of [1 X] against each target, by MathNet.
        var design = Matrix<double>.Build.Dense(rows.Count, 5, (i, j) => j == 0 ? 1 : rows[i][j - 1]);
        var qr = design.QR();
        for (var k = 0; k < 2; k++)
        {
            var beta = qr.Solve(Vector<double>.Build.Dense(rows.Count, i => targets[i][k]));
            Assert.Equal(beta[0], model.Intercepts[k], 1e-8);
            Assert.Equal(beta.Skip(1), model.Coefficients[k], Tolerance(1e-8));
        }
        Assert.Equal(truth, model.Coefficients[0], Tolerance(0.05));
        Assert.Equal(10, model.Intercepts[0], 0.1);
    }

    [Fact]
    public void LeastSquares_GivesAConstantColumnNoWeight_AndSplitsTwinColumnsEvenly()
    {
        var random = new Random(3);
        var rows = Rows(random, 100, 1).Select(x => (IReadOnlyList<double>)[x[0], 5, x[0]]).ToList();
        var targets = rows.Select(x => (IReadOnlyList<double>)[1 + (6 * x[0])]).ToList();

        var model = MultiOutputLeastSquares.Fit(rows, targets);

        // The minimum-norm solution of w₁ + w₃ = 6 is 3 and 3; the constant column is absorbed by the intercept.
        Assert.Equal([3, 0, 3], model.Coefficients[0], Tolerance(1e-9));
        Assert.Equal(1, model.Intercepts[0], 1e-9);
    }

    [Fact]
    public void LeastSquares_RefusesTooFewRowsAndNonFiniteValues()
    {
        var few = Assert.Throws<ArgumentException>(() => MultiOutputLeastSquares.Fit([[1, 2], [3, 4]], [[1], [2]]));
        Assert.Contains("at least 3 rows", few.Message, StringComparison.Ordinal);
        var nan = Assert.Throws<ArgumentException>(() => MultiOutputLeastSquares.Fit([[1], [2], [double.NaN]], [[1], [2], [3]]));
        Assert.Contains("row 2, feature 0", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_OfAWorkedExample()
    {
        // Errors 0, −1, 1, 0: MAE 2/4, RMSE √(2/4); ȳ = 2.5, Σ(y − ȳ)² = 5, so R² = 1 − 2/5.
        var m = RegressionMetrics.Of([1, 2, 3, 4], [1, 3, 2, 4]);
        Assert.Equal((4, 0.5, Math.Sqrt(0.5)), (m.Count, m.MeanAbsoluteError, m.RootMeanSquaredError));
        Assert.Equal(0.6, m.RSquared!.Value, 1e-12);
        Assert.Null(RegressionMetrics.Of([2, 2], [1, 3]).RSquared);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.Of([1, 2], [1]));
    }

    [Fact]
    public void Evaluate_TreesBeatTheLineOnAStep_AndTheLineBeatsTheNaivePredictions()
    {
        var random = new Random(17);
        var (train, holdout) = (StepSet(random, 1500), StepSet(random, 800));

        var evaluation = ComponentRegression.Evaluate(train, holdout, [ComponentRegressor.Linear, ComponentRegressor.FastTree, ComponentRegressor.LightGbm]);

        Assert.Equal((1500, 800), (evaluation.TrainingRows, evaluation.HoldoutRows));
        var linear = evaluation.Regressors.Single(r => r.Regressor == ComponentRegressor.Linear).Targets.Single();
        var fastTree = evaluation.Regressors.Single(r => r.Regressor == ComponentRegressor.FastTree).Targets.Single();
        var lightGbm = evaluation.Regressors.Single(r => r.Regressor == ComponentRegressor.LightGbm).Targets.Single();
        // The step 10·[x₁ > 0.5] with noise of sd 1: a tree gets near RMSE 1, a line cannot follow the step.
        Assert.InRange(fastTree.Model.RootMeanSquaredError, 0.9, 1.2);
        Assert.InRange(lightGbm.Model.RootMeanSquaredError, 0.9, 1.2);
        Assert.True(linear.Model.RootMeanSquaredError > 1.5 * fastTree.Model.RootMeanSquaredError);
        Assert.True(linear.BeatsBaseline);
        Assert.NotEqual(ComponentRegressor.Linear, evaluation.BestPerTarget[0]);

        // The naive predictions, recomputed by hand: the training mean and the persistence column of the holdout.
        var actual = holdout.Target(0);
        var mean = train.Values.Average(v => v[0]);
        Assert.Equal(Math.Sqrt(actual.Average(y => (y - mean) * (y - mean))), linear.TrainingMean.RootMeanSquaredError, 1e-9);
        Assert.Equal(actual.Select((y, i) => Math.Abs(y - holdout.Persistence![i][0])).Average(), linear.Persistence!.MeanAbsoluteError, 1e-9);
        Assert.Equal(linear.TrainingMean, linear.Baseline);   // the persistence column is noise, weaker than the mean
        Assert.Equal("training mean", linear.BaselineName);
    }

    [Fact]
    public void TreeModels_AreDeterministicForASeed()
    {
        var random = new Random(2);
        var set = StepSet(random, 400);
        var a = ComponentModel.Fit(set, ComponentRegressor.LightGbm, seed: 4).Predict(set.Rows);
        var b = ComponentModel.Fit(set, ComponentRegressor.LightGbm, seed: 4).Predict(set.Rows);
        Assert.Equal(a.Select(r => r[0]), b.Select(r => r[0]));
        var wrong = Assert.Throws<ArgumentException>(() => ComponentModel.Fit(set, ComponentRegressor.FastTree).Predict([[1.0]]));
        Assert.Contains("row 0 has 1 features; the model takes 2", wrong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ComponentRegressor.FastTree)]
    [InlineData(ComponentRegressor.LightGbm)]
    [InlineData(ComponentRegressor.Linear)]
    public void ATargetWithoutSpread_IsPredictedAsItIs(ComponentRegressor regressor)
    {
        var random = new Random(8);
        var step = StepSet(random, 100);
        var set = step with { Targets = ["y", "none"], Values = [.. step.Values.Select(v => new[] { v[0], 0.0 })] };
        var predicted = ComponentModel.Fit(set, regressor).Predict(set.Rows);
        Assert.All(predicted, p => Assert.Equal(0, p[1], 1e-9));
    }

    static RegressionSet StepSet(Random random, int n)
    {
        var rows = Enumerable.Range(0, n).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        var values = rows.Select(x => new[] { (x[0] > 0.5 ? 10 : 0) + Normal(random) }).ToArray();
        var persistence = rows.Select(_ => new[] { 10 * random.NextDouble() }).ToArray();
        return new RegressionSet(["x1", "x2"], ["y"], [.. Enumerable.Range(0, n).Select(i => (long)i)], rows, values, persistence);
    }

    static List<IReadOnlyList<double>> Rows(Random random, int n, int p) =>
        [.. Enumerable.Range(0, n).Select(_ => (IReadOnlyList<double>)[.. Enumerable.Range(0, p).Select(_ => (random.NextDouble() * 10) - 5)])];

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    static Comparer Tolerance(double tolerance) => new(tolerance);

    sealed class Comparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
