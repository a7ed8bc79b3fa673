using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Valora.Analytics.Propensity;

/// <summary>
/// A trained multi-class classifier of the category of a customer's next order, on the feature vectors of
/// <see cref="NextCategoryFeatures"/>. Classes are indices 0 … k − 1 (the caller keeps their names); the label is an
/// ML.NET key of k values, so the score vector has one probability per class in that order whatever the learner.
/// Single-threaded and seeded, so a seed always gives the same model.
/// </summary>
public sealed class NextCategoryClassifier
{
    NextCategoryClassifier(MLContext ml, ITransformer model, int width, int classCount, NextCategoryTrainer trainer)
    {
        Ml = ml;
        Model = model;
        Width = width;
        ClassCount = classCount;
        Trainer = trainer;
    }

    /// <summary>The ML.NET context the model belongs to.</summary>
    public MLContext Ml { get; }

    /// <summary>The ML.NET model (input: a <c>Features</c> vector; output: a <c>Score</c> vector of class probabilities).</summary>
    public ITransformer Model { get; }

    /// <summary>Length of the feature vector.</summary>
    public int Width { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The learner.</summary>
    public NextCategoryTrainer Trainer { get; }

    /// <summary>Trains on feature vectors and class indices.</summary>
    /// <param name="features">One vector per row, all of one width.</param>
    /// <param name="labels">Per row, its class (0 … <paramref name="classCount"/> − 1).</param>
    /// <param name="classCount">Number of classes (2 or more).</param>
    /// <param name="trainer">The learner.</param>
    /// <param name="seed">Seed of the learner's randomness.</param>
    /// <exception cref="ArgumentException">No rows, lengths or widths differ, or a label is out of range.</exception>
    public static NextCategoryClassifier Train(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int classCount,
        NextCategoryTrainer trainer, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException($"training needs rows and one label per row ({features.Count} rows, {labels.Count} labels).");
        }
        if (labels.Any(l => l < 0 || l >= classCount))
        {
            throw new ArgumentException($"labels must be class indices 0 … {classCount - 1}.", nameof(labels));
        }
        var width = features[0].Length;
        var ml = new MLContext(seed);
        var data = ToDataView(ml, features, labels, width);
        // The key order is the class order 0 … k − 1 whatever rows the training holds, so probability c is class c.
        var keys = ml.Data.LoadFromEnumerable(Enumerable.Range(0, classCount).Select(c => new ClassRow { Label = (uint)c }));
        var model = ml.Transforms.Conversion.MapValueToKey(KeyColumn, nameof(Row.Label), keyData: keys)
            .Append(Estimator(ml, trainer, seed)).Fit(data);
        return new NextCategoryClassifier(ml, model, width, classCount, trainer);
    }

    /// <summary>Each row's class probabilities (one row per input row, <see cref="ClassCount"/> columns summing to 1).</summary>
    /// <exception cref="ArgumentException">A row has the wrong width.</exception>
    public double[][] Probabilities(IReadOnlyList<float[]> features)
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
        var scores = Model.Transform(ToDataView(Ml, features, null, Width)).GetColumn<VBuffer<float>>("Score");
        return [.. scores.Select(s =>
        {
            var p = new double[ClassCount];
            var values = s.DenseValues().ToArray();
            for (var c = 0; c < Math.Min(values.Length, ClassCount); c++) p[c] = Math.Max(0, values[c]);
            var sum = p.Sum();
            for (var c = 0; c < ClassCount; c++) p[c] = sum > 0 ? p[c] / sum : 1.0 / ClassCount;
            return p;
        })];
    }

    static IEstimator<ITransformer> Estimator(MLContext ml, NextCategoryTrainer trainer, int seed)
    {
        const string label = KeyColumn, features = nameof(Row.Features);
        var mc = ml.MulticlassClassification.Trainers;
        // One thread each: the machine is shared, and one thread makes the learners deterministic for a seed.
        return trainer switch
        {
            NextCategoryTrainer.LightGbm => mc.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features,
                NumberOfIterations = 100, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 10, LearningRate = 0.05,
                NumberOfThreads = 1, Seed = seed, Deterministic = true, Silent = true, Verbose = false,
            }),
            NextCategoryTrainer.MaximumEntropy => ml.Transforms.NormalizeMinMax(features)
                .Append(mc.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = features, L2Regularization = 1e-3f,
                    MaximumNumberOfIterations = 100, NumberOfThreads = 1, Shuffle = true,
                })),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "unknown trainer"),
        };
    }

    const string KeyColumn = "LabelKey";

    static IDataView ToDataView(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<int>? labels, int width)
    {
        var rows = new Row[features.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            // Rows being scored carry class 0, which scoring does not read.
            rows[i] = new Row { Label = labels is null ? 0u : (uint)labels[i], Features = features[i] };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    sealed class ClassRow
    {
        public uint Label { get; set; }
    }

    sealed class Row
    {
        public uint Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
