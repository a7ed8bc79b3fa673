using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Valora.Analytics.Potential;

/// <summary>Learners of the potential-value components.</summary>
public enum ComponentRegressor
{
    /// <summary>Ordinary least squares, all targets in one multi-output fit (<see cref="MultiOutputLeastSquares"/>).</summary>
    Linear,

    /// <summary>ML.NET FastTree gradient-boosted regression trees, one per target.</summary>
    FastTree,

    /// <summary>ML.NET LightGBM regression, one per target.</summary>
    LightGbm,
}

/// <summary>
/// Rows to learn from or to test on: features known at a cutoff, the targets observed after it, and the naive
/// prediction of each target (the same quantity over the window before the cutoff: "the next period like the last").
/// </summary>
/// <param name="Features">Feature names, in row order.</param>
/// <param name="Targets">Target names, in value order.</param>
/// <param name="Ids">Row ids (customers), for reading predictions back.</param>
/// <param name="Rows">n rows of the features.</param>
/// <param name="Values">n rows of the observed targets (empty rows when only predicting).</param>
/// <param name="Persistence">n rows of the naive prediction per target (null: none, the training mean is the only baseline).</param>
public sealed record RegressionSet(
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Targets,
    IReadOnlyList<long> Ids,
    IReadOnlyList<double[]> Rows,
    IReadOnlyList<double[]> Values,
    IReadOnlyList<double[]>? Persistence = null)
{
    /// <summary>The observed values of target <paramref name="k"/>.</summary>
    public double[] Target(int k) => [.. Values.Select(v => v[k])];
}

/// <summary>One target on the holdout: the learner beside the naive predictions.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Model">The learner's errors.</param>
/// <param name="Persistence">Errors of "the next window like the last" (null when the set has none).</param>
/// <param name="TrainingMean">Errors of predicting the training rows' mean for everyone.</param>
public sealed record TargetEvaluation(string Target, RegressionMetrics Model, RegressionMetrics? Persistence, RegressionMetrics TrainingMean)
{
    /// <summary>The stronger of the two naive predictions (the lower RMSE).</summary>
    public RegressionMetrics Baseline => Persistence is { } p && p.RootMeanSquaredError < TrainingMean.RootMeanSquaredError ? p : TrainingMean;

    /// <summary>Name of <see cref="Baseline"/>.</summary>
    public string BaselineName => ReferenceEquals(Baseline, Persistence) ? "last window" : "training mean";

    /// <summary>Whether the learner's RMSE is below the stronger naive prediction's.</summary>
    public bool BeatsBaseline => Model.RootMeanSquaredError < Baseline.RootMeanSquaredError;
}

/// <summary>One learner on the holdout, every target.</summary>
public sealed record RegressorEvaluation(ComponentRegressor Regressor, IReadOnlyList<TargetEvaluation> Targets);

/// <summary>The holdout comparison of the learners, and for each target the learner of lowest RMSE.</summary>
public sealed record HoldoutEvaluation(IReadOnlyList<RegressorEvaluation> Regressors, IReadOnlyList<ComponentRegressor> BestPerTarget, int TrainingRows, int HoldoutRows);

/// <summary>A fitted learner of every target.</summary>
public sealed class ComponentModel
{
    readonly LinearMultiOutputModel? _linear;
    readonly IReadOnlyList<(MLContext Ml, ITransformer? Model, double Constant)>? _trees;

    ComponentModel(ComponentRegressor regressor, IReadOnlyList<string> features, IReadOnlyList<string> targets,
        LinearMultiOutputModel? linear, IReadOnlyList<(MLContext, ITransformer?, double)>? trees)
    {
        Regressor = regressor;
        Features = features;
        Targets = targets;
        _linear = linear;
        _trees = trees;
    }

    /// <summary>The learner.</summary>
    public ComponentRegressor Regressor { get; }

    /// <summary>Feature names the rows must have, in order.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>Target names, in prediction order.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>The linear model's intercepts and coefficients (null for the tree learners).</summary>
    public LinearMultiOutputModel? Linear => _linear;

    /// <summary>Fits <paramref name="regressor"/> to every target of <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">No rows, or (linear) fewer rows than features + 1.</exception>
    public static ComponentModel Fit(RegressionSet train, ComponentRegressor regressor, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rows.Count == 0 || train.Values.Count != train.Rows.Count)
        {
            throw new ArgumentException($"training needs rows with their observed targets (got {train.Rows.Count} rows and {train.Values.Count} target rows).", nameof(train));
        }
        if (regressor == ComponentRegressor.Linear)
        {
            return new ComponentModel(regressor, train.Features, train.Targets,
                MultiOutputLeastSquares.Fit([.. train.Rows.Cast<IReadOnlyList<double>>()], [.. train.Values.Cast<IReadOnlyList<double>>()]), null);
        }
        var trees = new List<(MLContext, ITransformer?, double)>();
        for (var k = 0; k < train.Targets.Count; k++)
        {
            var ml = new MLContext(seed);
            var y = train.Target(k);
            // A target with no spread (nobody referred anyone in the window) has nothing to split on: predict it as is.
            if (y.All(v => v == y[0]))
            {
                trees.Add((ml, null, y[0]));
                continue;
            }
            var data = ToDataView(ml, train.Rows, y, train.Features.Count);
            trees.Add((ml, Estimator(ml, regressor, seed, train.Rows.Count).Fit(data), 0));
        }
        return new ComponentModel(regressor, train.Features, train.Targets, null, trees);
    }

    /// <summary>Predictions of every target for each row: result[i][k].</summary>
    /// <exception cref="ArgumentException">A row of the wrong width.</exception>
    public double[][] Predict(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != Features.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"row {i} has {rows[i].Length} features; the model takes {Features.Count}."), nameof(rows));
            }
        }
        var result = new double[rows.Count][];
        for (var i = 0; i < rows.Count; i++) result[i] = new double[Targets.Count];
        if (rows.Count == 0) return result;
        if (_linear is not null)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                for (var k = 0; k < Targets.Count; k++) result[i][k] = _linear.Predict(k, rows[i]);
            }
            return result;
        }
        for (var k = 0; k < Targets.Count; k++)
        {
            var (ml, model, constant) = _trees![k];
            var scores = model?.Transform(ToDataView(ml, rows, null, Features.Count)).GetColumn<float>("Score").ToArray();
            for (var i = 0; i < rows.Count; i++) result[i][k] = scores is null ? constant : scores[i];
        }
        return result;
    }

    static IEstimator<ITransformer> Estimator(MLContext ml, ComponentRegressor regressor, int seed, int rows)
    {
        const string label = nameof(Row.Label), features = nameof(Row.Features);
        // Leaves of at least 20 rows (fewer on small sets) keep the trees from memorising single customers.
        var minLeaf = Math.Clamp(rows / 50, 2, 20);
        var r = ml.Regression.Trainers;
        return regressor switch
        {
            ComponentRegressor.FastTree => r.FastTree(new FastTreeRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfTrees = 200, NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = minLeaf, LearningRate = 0.05, NumberOfThreads = 1, Seed = seed,
            }),
            ComponentRegressor.LightGbm => r.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = 200, NumberOfLeaves = 16,
                MinimumExampleCountPerLeaf = minLeaf, LearningRate = 0.05, NumberOfThreads = 1, Seed = seed,
                Deterministic = true, Silent = true, Verbose = false,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(regressor), regressor, "not a tree learner"),
        };
    }

    static IDataView ToDataView(MLContext ml, IReadOnlyList<double[]> rows, double[]? labels, int width)
    {
        var data = new Row[rows.Count];
        for (var i = 0; i < data.Length; i++)
        {
            var f = new float[width];
            for (var j = 0; j < width; j++) f[j] = (float)rows[i][j];
            data[i] = new Row { Label = labels is null ? 0 : (float)labels[i], Features = f };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(data, schema);
    }

    sealed class Row
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}

/// <summary>
/// The time-based holdout of the component learners: each learner is fitted on the earlier window's rows and judged
/// on the later window's, beside the naive predictions (<see cref="TargetEvaluation"/>).
/// </summary>
public static class ComponentRegression
{
    /// <summary>Fits each learner on <paramref name="train"/> and measures it on <paramref name="holdout"/>.</summary>
    /// <exception cref="ArgumentException">The sets have different features or targets, or either has no rows.</exception>
    public static HoldoutEvaluation Evaluate(RegressionSet train, RegressionSet holdout, IReadOnlyList<ComponentRegressor> regressors,
        int seed = 1, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(holdout);
        ArgumentNullException.ThrowIfNull(regressors);
        if (!train.Features.SequenceEqual(holdout.Features) || !train.Targets.SequenceEqual(holdout.Targets))
        {
            throw new ArgumentException("the training and holdout sets must have the same features and targets.", nameof(holdout));
        }
        if (holdout.Rows.Count == 0 || holdout.Values.Count != holdout.Rows.Count)
        {
            throw new ArgumentException("the holdout needs rows with their observed targets.", nameof(holdout));
        }
        if (regressors.Count == 0)
        {
            throw new ArgumentException("name at least one learner.", nameof(regressors));
        }
        var k = train.Targets.Count;
        var trainMeans = Enumerable.Range(0, k).Select(t => train.Values.Average(v => v[t])).ToArray();
        var results = new List<RegressorEvaluation>();
        foreach (var regressor in regressors.Distinct())
        {
            progress?.Report($"fitting {regressor.ToString().ToLowerInvariant()}");
            var predicted = ComponentModel.Fit(train, regressor, seed).Predict(holdout.Rows);
            var targets = new List<TargetEvaluation>();
            for (var t = 0; t < k; t++)
            {
                var actual = holdout.Target(t);
                targets.Add(new TargetEvaluation(
                    train.Targets[t],
                    RegressionMetrics.Of(actual, [.. predicted.Select(p => p[t])]),
                    holdout.Persistence is { } naive ? RegressionMetrics.Of(actual, [.. naive.Select(p => p[t])]) : null,
                    RegressionMetrics.Of(actual, Enumerable.Repeat(trainMeans[t], actual.Length).ToArray())));
            }
            results.Add(new RegressorEvaluation(regressor, targets));
        }
        var best = Enumerable.Range(0, k)
            .Select(t => results.MinBy(r => r.Targets[t].Model.RootMeanSquaredError)!.Regressor).ToArray();
        return new HoldoutEvaluation(results, best, train.Rows.Count, holdout.Rows.Count);
    }
}
