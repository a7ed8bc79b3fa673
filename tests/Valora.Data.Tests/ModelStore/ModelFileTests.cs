using Microsoft.ML;
using Microsoft.ML.Data;
using Valora.Data.ModelStore;

namespace Valora.Data.Tests.ModelStore;

public sealed class ModelFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    sealed class Row
    {
        public float X { get; set; }
        public bool Label { get; set; }
    }

    sealed class Scored
    {
        public float Probability { get; set; }
    }

    static ModelMetadata Metadata() => new(
        "test", "test-1", new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc), "lr", "t.csv", "ab12", null, null,
        [new ModelFeature("X", "numeric"), new ModelFeature("Label", "label")],
        new Dictionary<string, double> { ["roc_auc"] = 0.75, ["log_loss"] = double.NaN });

    [Fact]
    public void SaveThenLoad_GivesTheSamePredictionsAndTheMetadata()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 200).Select(i => new Row { X = i % 20, Label = i % 20 + (i % 7) > 12 }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features", nameof(Row.X))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(data);
        var path = Path.Combine(_dir, "sub", "m.zip");

        ModelFile.Save(path, ml, model, data.Schema, Metadata());
        var (loaded, schema, metadata) = ModelFile.Load(path, new MLContext(seed: 2));

        Assert.Equal("test-1", metadata.Version);
        Assert.Equal(0.75, metadata.Metrics["roc_auc"]);
        Assert.True(double.IsNaN(metadata.Metrics["log_loss"]));
        Assert.Equal(["X", "Label"], metadata.Features.Select(f => f.Name));
        Assert.NotNull(schema.GetColumnOrNull(nameof(Row.X)));
        var before = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Probability);
        var after = ml.Data.CreateEnumerable<Scored>(loaded.Transform(data), reuseRowObject: false).Select(s => s.Probability);
        Assert.Equal(before, after);
        Assert.Equal(["m.zip"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void ReadMetadata_NotAModelFile_SaysSo()
    {
        var text = Path.Combine(_dir, "x.zip");
        File.WriteAllText(text, "hello");
        Assert.Contains("not a model file", Assert.Throws<InvalidDataException>(() => ModelFile.ReadMetadata(text)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ModelFile.ReadMetadata(Path.Combine(_dir, "none.zip")));
    }
}
