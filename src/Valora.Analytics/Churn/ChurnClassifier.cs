using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Valora.Analytics.Churn;

/// <summary>
/// A trained churn classifier on encoded features: an ML.NET model giving a raw score, then <see cref="PlattScaling"/>
/// (fitted unweighted on the training rows' scores) giving the probability. With <see cref="ChurnTrainingOptions.BalanceClasses"/>
/// the learner sees class weights n / (2·n_class) (scikit-learn's "balanced"): both classes weigh the same in the
/// fit, so a minority of churners still shapes the trees' splits; the unweighted calibration then maps the scores back
/// to the data's own churn rate, so log loss, Brier score and the calibration table describe real rates.
/// </summary>
public sealed class ChurnClassifier
{
    ChurnClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, int width, PlattScaling calibration, ChurnTrainer trainer)
    {
        Ml = ml;
        Model = model;
        InputSchema = inputSchema;
        Width = width;
        Calibration = calibration;
        Trainer = trainer;
    }

    /// <summary>The ML.NET context the model belongs to.</summary>
    public MLContext Ml { get; }

    /// <summary>The ML.NET model (input: a <c>Features</c> vector; output: <c>Score</c>).</summary>
    public ITransformer Model { get; }

    /// <summary>The model's input schema (to save it with).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Length of the feature vector.</summary>
    public int Width { get; }

    /// <summary>Raw score → probability.</summary>
    public PlattScaling Calibration { get; }

    /// <summary>The learner.</summary>
    public ChurnTrainer Trainer { get; }

    /// <summary>Trains on encoded rows.</summary>
    /// <exception cref="ArgumentException">No rows, rows of different widths, lengths differ, or one class is absent.</exception>
    public static ChurnClassifier Train(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, ChurnTrainer trainer, ChurnTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException($"training needs rows and one label per row ({features.Count} rows, {labels.Count} labels).");
        }
        var (positives, negatives) = BinaryMetrics.Counts(labels);
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("training needs both classes (churned and stayed) among the rows.", nameof(labels));
        }
        var width = features[0].Length;
        var ml = new MLContext(options.Seed);
        var wPositive = options.BalanceClasses ? labels.Count / (2.0 * positives) : 1;
        var wNegative = options.BalanceClasses ? labels.Count / (2.0 * negatives) : 1;
        var data = ToDataView(ml, features, labels, i => (float)(labels[i] ? wPositive : wNegative), width);
        var estimator = Estimator(ml, trainer, options.Seed);
        var model = estimator.Fit(data);
        var scores = RawScores(model, data);
        var calibration = PlattScaling.Fit(scores, labels);
        return new ChurnClassifier(ml, model, data.Schema, width, calibration, trainer);
    }

    /// <summary>A classifier from a saved ML.NET model and its calibration.</summary>
    public static ChurnClassifier FromModel(MLContext ml, ITransformer model, DataViewSchema inputSchema, int width, PlattScaling calibration, ChurnTrainer trainer) =>
        new(ml, model, inputSchema, width, calibration, trainer);

    /// <summary>The model's raw scores.</summary>
    /// <exception cref="ArgumentException">A row has the wrong width.</exception>
    public double[] RawScores(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0) return [];
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i].Length != Width)
            {
                throw new ArgumentException($"row {i} has {features[i].Length} features; the model takes {Width}.", nameof(features));
            }
        }
        return RawScores(Model, ToDataView(Ml, features, null, _ => 1, Width));
    }

    /// <summary>Calibrated log-odds of churn.</summary>
    public double[] Logits(IReadOnlyList<float[]> features) => [.. RawScores(features).Select(Calibration.Logit)];

    /// <summary>Calibrated probabilities of churn.</summary>
    public double[] Probabilities(IReadOnlyList<float[]> features) => [.. RawScores(features).Select(Calibration.Probability)];

    static double[] RawScores(ITransformer model, IDataView data) =>
        [.. model.Transform(data).GetColumn<float>("Score").Select(s => (double)s)];

    static IEstimator<ITransformer> Estimator(MLContext ml, ChurnTrainer trainer, int seed)
    {
        const string label = nameof(FeatureRow.Label), features = nameof(FeatureRow.Features), weight = nameof(FeatureRow.Weight);
        var bc = ml.BinaryClassification.Trainers;
        // One thread each: the machine is shared, and one thread makes the tree learners deterministic for a seed.
        return trainer switch
        {
            ChurnTrainer.LogisticRegression => bc.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight,
                L1Regularization = 0, L2Regularization = 1, NumberOfThreads = 1,
            }),
            ChurnTrainer.FastTree => bc.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight,
                NumberOfTrees = 200, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 20, LearningRate = 0.05,
                NumberOfThreads = 1, Seed = seed,
            }),
            ChurnTrainer.FastForest => bc.FastForest(new FastForestBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight,
                NumberOfTrees = 200, NumberOfLeaves = 32, MinimumExampleCountPerLeaf = 10,
                NumberOfThreads = 1, Seed = seed,
            }),
            ChurnTrainer.LightGbm => bc.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight,
                NumberOfIterations = 200, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 20, LearningRate = 0.05,
                NumberOfThreads = 1, Seed = seed, Deterministic = true, Silent = true, Verbose = false,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };
    }

    static IDataView ToDataView(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool>? labels, Func<int, float> weight, int width)
    {
        var rows = new FeatureRow[features.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new FeatureRow { Label = labels is not null && labels[i], Weight = weight(i), Features = features[i] };
        }
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    sealed class FeatureRow
    {
        public bool Label { get; set; }

        public float Weight { get; set; }

        public float[] Features { get; set; } = [];
    }
}

/// <summary>How a churn classifier is trained.</summary>
/// <param name="Seed">Seed of the learners' randomness (and of the folds, where the caller uses it).</param>
/// <param name="BalanceClasses">Weigh each class n / (2·n_class) in the fit (probabilities are recalibrated unweighted).</param>
public sealed record ChurnTrainingOptions(int Seed = 1, bool BalanceClasses = true);
