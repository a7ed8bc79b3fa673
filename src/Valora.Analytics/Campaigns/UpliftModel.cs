using Microsoft.ML;
using Microsoft.ML.Data;

namespace Valora.Analytics.Campaigns;

/// <summary>
/// Who a campaign actually moves: an uplift model learned from a randomised campaign (treated and control members
/// with their features and outcome), by one of the <see cref="UpliftApproach"/>es, each classifier an ML.NET
/// L-BFGS logistic regression on mean–variance normalised features. Score new customers with <see cref="Predict"/>
/// and target the highest uplift; judge the ranking with <see cref="QiniCurve"/> on members not used to fit.
/// </summary>
public sealed class UpliftModel
{
    readonly MLContext _ml;
    readonly int _width;
    readonly ITransformer _first;
    readonly ITransformer? _second;

    UpliftModel(MLContext ml, UpliftApproach approach, int width, ITransformer first, ITransformer? second)
    {
        _ml = ml;
        Approach = approach;
        _width = width;
        _first = first;
        _second = second;
    }

    /// <summary>The approach the model was learned with.</summary>
    public UpliftApproach Approach { get; }

    /// <summary>Learns an uplift model.</summary>
    /// <param name="features">One feature vector per member, all of one length.</param>
    /// <param name="treated">Per member: contacted (true) or control.</param>
    /// <param name="outcome">Per member: responded/converted in the window.</param>
    /// <param name="approach">Two-model or class transformation.</param>
    /// <param name="seed">Seed of ML.NET's context (results repeat for one seed).</param>
    /// <exception cref="ArgumentException">Lengths differ, a group is missing or has only one outcome, or the treated share does not suit class transformation.</exception>
    public static UpliftModel Fit(
        IReadOnlyList<float[]> features, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome,
        UpliftApproach approach = UpliftApproach.TwoModel, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(treated);
        ArgumentNullException.ThrowIfNull(outcome);
        if (features.Count != treated.Count || features.Count != outcome.Count)
        {
            throw new ArgumentException($"features, treated and outcome must have the same length ({features.Count}, {treated.Count}, {outcome.Count}).");
        }
        if (features.Count == 0)
        {
            throw new ArgumentException("an uplift model needs members.", nameof(features));
        }
        var width = features[0].Length;
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i].Length != width)
            {
                throw new ArgumentException($"member {i} has {features[i].Length} features, the first has {width}.", nameof(features));
            }
        }
        var ml = new MLContext(seed);
        if (approach == UpliftApproach.TwoModel)
        {
            var t = Enumerable.Range(0, features.Count).Where(i => treated[i]).ToList();
            var c = Enumerable.Range(0, features.Count).Where(i => !treated[i]).ToList();
            return new UpliftModel(ml, approach, width,
                Train(ml, width, t.Select(i => new Row { Features = features[i], Label = outcome[i] }).ToList(), "treated"),
                Train(ml, width, c.Select(i => new Row { Features = features[i], Label = outcome[i] }).ToList(), "control"));
        }
        var share = treated.Count(x => x) / (double)treated.Count;
        if (share < 0.4 || share > 0.6)
        {
            throw new ArgumentException(
                $"class transformation needs treated and control about equally likely (treated share 40–60 %, was {share:P1}); use the two-model approach.",
                nameof(treated));
        }
        var rows = Enumerable.Range(0, features.Count)
            .Select(i => new Row { Features = features[i], Label = treated[i] == outcome[i] }).ToList();
        return new UpliftModel(ml, approach, width, Train(ml, width, rows, "all"), null);
    }

    /// <summary>Predicted uplift (change in the outcome's probability if contacted) per feature vector.</summary>
    public double[] Predict(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var rows = features.Select((f, i) => f.Length == _width
            ? new Row { Features = f }
            : throw new ArgumentException($"row {i} has {f.Length} features, the model has {_width}.", nameof(features))).ToList();
        var data = _ml.Data.LoadFromEnumerable(rows, Schema(_width));
        var first = Probabilities(_first, data);
        if (_second is null)
        {
            return first.Select(p => 2 * p - 1).ToArray();
        }
        var second = Probabilities(_second, data);
        return first.Select((p, i) => p - second[i]).ToArray();
    }

    double[] Probabilities(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float>("Probability").Select(p => (double)p).ToArray();

    static ITransformer Train(MLContext ml, int width, List<Row> rows, string group)
    {
        var positives = rows.Count(r => r.Label);
        if (positives == 0 || positives == rows.Count)
        {
            throw new ArgumentException(
                $"the {group} group needs members with both outcomes to learn from ({positives} of {rows.Count} positive).");
        }
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        return pipeline.Fit(ml.Data.LoadFromEnumerable(rows, Schema(width)));
    }

    static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
