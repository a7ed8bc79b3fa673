using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Valora.Analytics.Text;

/// <summary>
/// A trained text classifier: an ML.NET pipeline (<c>FeaturizeText</c>: lower-casing, character and word n-grams
/// weighted TF-IDF, unit L2 length → SDCA maximum entropy) giving each class a softmax probability, then temperature
/// scaling (<see cref="TemperatureScaling"/>, fitted on out-of-fold probabilities by the caller) so the probabilities
/// match observed rates. Term weights are read back from the linear model, so each class has its top terms and each
/// prediction the terms of its text that pushed it most towards the predicted class.
/// </summary>
public sealed class TextClassifier
{
    const string TextColumn = "Text", LabelColumn = "Label", FeaturesColumn = "Features", ScoreColumn = "Score";

    readonly Lazy<TermWeights> weights;

    TextClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, IReadOnlyList<string> classes, TextAnalyzer analyzer, TemperatureScaling calibration)
    {
        Ml = ml;
        Model = model;
        InputSchema = inputSchema;
        Classes = classes;
        Analyzer = analyzer;
        Calibration = calibration;
        weights = new Lazy<TermWeights>(() => TermWeights.Of(Ml, Model, Classes.Count));
    }

    /// <summary>The ML.NET context the model belongs to.</summary>
    public MLContext Ml { get; }

    /// <summary>The ML.NET model (input: a <c>Text</c> column; output: <c>Features</c> and the per-class <c>Score</c>).</summary>
    public ITransformer Model { get; }

    /// <summary>The model's input schema (to save it with).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The class labels, in ordinal order; probabilities are given in this order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>How texts are cut into features (resolved, never <see cref="TextAnalyzer.Auto"/>).</summary>
    public TextAnalyzer Analyzer { get; }

    /// <summary>The temperature applied to the model's probabilities (1 = none).</summary>
    public TemperatureScaling Calibration { get; }

    /// <summary>Number of features (n-grams) the model knows.</summary>
    public int FeatureCount => weights.Value.Terms.Length;

    /// <summary>Trains on texts and their labels (uncalibrated: temperature 1; see <see cref="WithCalibration"/>).</summary>
    /// <exception cref="ArgumentException">No rows, lengths differ, a label is blank, or fewer than two classes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static TextClassifier Train(IReadOnlyList<string> texts, IReadOnlyList<string> labels, TextTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (texts.Count == 0 || texts.Count != labels.Count)
        {
            throw new ArgumentException($"training needs texts and one label per text ({texts.Count} texts, {labels.Count} labels).");
        }
        if (labels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("every training text needs a label (one is blank).", nameof(labels));
        }
        var classes = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2)
        {
            throw new ArgumentException($"training needs at least two classes; every label is '{classes[0]}'.", nameof(labels));
        }
        var analyzer = options.Resolve(texts);
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(texts.Select((t, i) => new LabelledRow { Text = t ?? "", Class = labels[i] }));
        // The label's key order is the classes' ordinal order, so probability k is class k. The mapping is fitted apart
        // and left out of the saved model, which then needs only a Text column to score.
        var keys = ml.Data.LoadFromEnumerable(classes.Select(c => new ClassRow { Class = c }));
        var keyed = ml.Transforms.Conversion.MapValueToKey(LabelColumn, nameof(LabelledRow.Class), keyData: keys).Fit(data).Transform(data);
        var estimator = ml.Transforms.Text.FeaturizeText(FeaturesColumn, Featurizer(options, analyzer), TextColumn)
            // The n-gram vectors are built once and kept: SDCA passes over them many times.
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = LabelColumn,
                FeatureColumnName = FeaturesColumn,
                L2Regularization = (float)options.L2Regularization,
                MaximumNumberOfIterations = options.MaximumIterations,
                // One thread: the machine is shared, and one thread makes SDCA deterministic for a seed.
                NumberOfThreads = 1,
                Shuffle = true,
            }));
        var model = estimator.Fit(keyed);
        var inputSchema = ml.Data.LoadFromEnumerable(Array.Empty<InputRow>()).Schema;
        return new TextClassifier(ml, model, inputSchema, classes, analyzer, TemperatureScaling.None);
    }

    /// <summary>A classifier from a saved ML.NET model.</summary>
    public static TextClassifier FromModel(MLContext ml, ITransformer model, DataViewSchema inputSchema, IReadOnlyList<string> classes,
        TextAnalyzer analyzer, TemperatureScaling calibration)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return new(ml, model, inputSchema, classes, analyzer, calibration);
    }

    /// <summary>The same model with another temperature.</summary>
    public TextClassifier WithCalibration(TemperatureScaling calibration) => new(Ml, Model, InputSchema, Classes, Analyzer, calibration);

    /// <summary>Calibrated class probabilities of each text (one row per text, columns in <see cref="Classes"/> order).</summary>
    public double[][] Probabilities(IReadOnlyList<string> texts) => [.. Run(texts, 0).Select(p => p.Probabilities.ToArray())];

    /// <summary>The predicted class of each text, its calibrated probability, all probabilities and the top terms behind it.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="topTerms">Terms to give per text (0 … 20): those of the text that raise the predicted class most.</param>
    public IReadOnlyList<TextPrediction> Predict(IReadOnlyList<string> texts, int topTerms = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topTerms);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(topTerms, 20);
        return Run(texts, topTerms);
    }

    /// <summary>
    /// Each class's top terms: the n-grams whose weight for the class most exceeds their mean weight over all classes
    /// (a softmax is unchanged by adding the same number to every class, so only that difference means anything).
    /// </summary>
    public IReadOnlyList<ClassTerms> TopTerms(int count = 10)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var w = weights.Value;
        var result = new ClassTerms[Classes.Count];
        for (var c = 0; c < Classes.Count; c++)
        {
            // A word and the same letters as a character n-gram read alike: keep the first of each.
            var top = new TopK(3 * count);
            for (var j = 0; j < w.Terms.Length; j++)
            {
                if (w.Terms[j].Length > 0) top.Offer(j, w.Relative(c, j));
            }
            result[c] = new ClassTerms(Classes[c], Distinct(top.Best().Select(p => new TermWeight(w.Terms[p.Index], p.Value)), count));
        }
        return result;
    }

    IReadOnlyList<TextPrediction> Run(IReadOnlyList<string> texts, int topTerms)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        var data = Ml.Data.LoadFromEnumerable(texts.Select(t => new InputRow { Text = t ?? "" }));
        var scored = Model.Transform(data);
        var result = new List<TextPrediction>(texts.Count);
        var w = topTerms > 0 ? weights.Value : null;
        using var cursor = scored.GetRowCursor(topTerms > 0 ? [scored.Schema[ScoreColumn], scored.Schema[FeaturesColumn]] : [scored.Schema[ScoreColumn]]);
        var scoreGetter = cursor.GetGetter<VBuffer<float>>(scored.Schema[ScoreColumn]);
        var featureGetter = topTerms > 0 ? cursor.GetGetter<VBuffer<float>>(scored.Schema[FeaturesColumn]) : null;
        VBuffer<float> score = default, features = default;
        while (cursor.MoveNext())
        {
            scoreGetter(ref score);
            var raw = new double[Classes.Count];
            var values = score.DenseValues().GetEnumerator();
            for (var c = 0; c < raw.Length && values.MoveNext(); c++) raw[c] = values.Current;
            var p = Calibration.Apply(raw);
            var best = 0;
            for (var c = 1; c < p.Length; c++)
            {
                if (p[c] > p[best]) best = c;
            }
            IReadOnlyList<TermWeight> terms = [];
            if (featureGetter is not null)
            {
                featureGetter(ref features);
                var top = new TopK(3 * topTerms);
                var indices = features.GetIndices();
                var featureValues = features.GetValues();
                for (var k = 0; k < featureValues.Length; k++)
                {
                    var j = features.IsDense ? k : indices[k];
                    var contribution = featureValues[k] * w!.Relative(best, j);
                    if (contribution > 0 && w.Terms[j].Length > 0) top.Offer(j, contribution);
                }
                terms = Distinct(top.Best().Select(t => new TermWeight(w!.Terms[t.Index], t.Value)), topTerms);
            }
            result.Add(new TextPrediction(Classes[best], p[best], p, terms));
        }
        return result;
    }

    static TermWeight[] Distinct(IEnumerable<TermWeight> terms, int count) =>
        [.. terms.DistinctBy(t => t.Term, StringComparer.Ordinal).Take(count)];

    static TextFeaturizingEstimator.Options Featurizer(TextTrainingOptions options, TextAnalyzer analyzer) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = true,
        KeepPunctuations = true,
        KeepNumbers = true,
        CharFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = options.CharacterNgramsFor(analyzer),
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        WordFeatureExtractor = analyzer == TextAnalyzer.Characters
            ? null
            : new WordBagEstimator.Options
            {
                NgramLength = options.WordNgrams,
                UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    sealed class LabelledRow
    {
        public string Text { get; set; } = "";

        public string Class { get; set; } = "";
    }

    sealed class ClassRow
    {
        public string Class { get; set; } = "";
    }

    sealed class InputRow
    {
        public string Text { get; set; } = "";
    }

    /// <summary>The linear model's weights per class and the readable term of each feature.</summary>
    sealed class TermWeights
    {
        TermWeights(string[] terms, float[][] weights, float[] mean)
        {
            Terms = terms;
            Weights = weights;
            Mean = mean;
        }

        public string[] Terms { get; }

        float[][] Weights { get; }

        float[] Mean { get; }

        public double Relative(int cls, int feature) => Weights[cls][feature] - Mean[feature];

        public static TermWeights Of(MLContext ml, ITransformer model, int classes)
        {
            var predictor = ((IEnumerable<ITransformer>)model).Last() as MulticlassPredictionTransformer<MaximumEntropyModelParameters>
                ?? throw new InvalidOperationException("the model's last step is not a maximum-entropy classifier.");
            VBuffer<float>[] buffers = [];
            predictor.Model.GetWeights(ref buffers, out var count);
            if (count != classes)
            {
                throw new InvalidOperationException($"the model has {count} classes; {classes} were expected.");
            }
            // The output schema of an empty input names the feature slots (the n-grams).
            var empty = ml.Data.LoadFromEnumerable(Array.Empty<InputRow>());
            var column = model.GetOutputSchema(empty.Schema)[FeaturesColumn];
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetSlotNames(ref names);
            var width = ((VectorDataViewType)column.Type).Size;
            var terms = new string[width];
            var named = names.DenseValues().GetEnumerator();
            for (var j = 0; j < width && named.MoveNext(); j++) terms[j] = Readable(named.Current.ToString());
            var weights = new float[classes][];
            for (var c = 0; c < classes; c++)
            {
                weights[c] = new float[width];
                buffers[c].CopyTo(weights[c]);
            }
            var mean = new float[width];
            for (var j = 0; j < width; j++)
            {
                var sum = 0f;
                for (var c = 0; c < classes; c++) sum += weights[c][j];
                mean[j] = sum / classes;
            }
            return new TermWeights(terms, weights, mean);
        }

        /// <summary>"Char.&lt;␂&gt;|很|好" → "很好", "Word.not|good" → "not good".</summary>
        static string Readable(string slot)
        {
            if (slot.StartsWith("Char.", StringComparison.Ordinal))
            {
                var parts = slot[5..].Split('|').Select(p => p switch { "<␂>" or "<␃>" => "", "<␠>" => " ", _ => p });
                return string.Concat(parts).Trim();
            }
            return slot.StartsWith("Word.", StringComparison.Ordinal) ? slot[5..].Replace('|', ' ') : slot;
        }
    }

    /// <summary>The k largest values offered, best first (ties: the lower index first).</summary>
    sealed class TopK(int k)
    {
        readonly List<(int Index, double Value)> items = new(k + 1);

        public void Offer(int index, double value)
        {
            if (k == 0 || (items.Count == k && value <= items[^1].Value)) return;
            var at = items.FindIndex(p => value > p.Value);
            items.Insert(at < 0 ? items.Count : at, (index, value));
            if (items.Count > k) items.RemoveAt(k);
        }

        public IEnumerable<(int Index, double Value)> Best() => items;
    }
}

/// <summary>One text's prediction.</summary>
/// <param name="Label">The predicted class.</param>
/// <param name="Probability">Its calibrated probability.</param>
/// <param name="Probabilities">Every class's calibrated probability, in the classifier's class order.</param>
/// <param name="TopTerms">The text's terms that raise the predicted class most, with their contribution (TF-IDF value × relative weight).</param>
public sealed record TextPrediction(string Label, double Probability, IReadOnlyList<double> Probabilities, IReadOnlyList<TermWeight> TopTerms);

/// <summary>A term (n-gram) and its weight or contribution.</summary>
public sealed record TermWeight(string Term, double Weight);

/// <summary>A class and its top terms.</summary>
public sealed record ClassTerms(string Class, IReadOnlyList<TermWeight> Terms);
