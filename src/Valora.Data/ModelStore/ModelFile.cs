using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace Valora.Data.ModelStore;

/// <summary>
/// The one file format of Valora's trained ML.NET models: the zip ML.NET writes (<c>MLContext.Model.Save</c>) with one
/// more entry, <c>valora-model.json</c>, holding the <see cref="ModelMetadata"/>. ML.NET ignores entries it does not
/// know, so the file loads in plain ML.NET too; Valora reads the metadata without loading the model.
/// </summary>
public static class ModelFile
{
    /// <summary>The zip entry that holds the metadata.</summary>
    public const string MetadataEntry = "valora-model.json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Writes the model and its metadata to <paramref name="path"/> (replacing it). The file appears whole or not at
    /// all: it is written beside the target and moved into place.
    /// </summary>
    public static void Save(string path, MLContext ml, ITransformer model, DataViewSchema inputSchema, ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                ml.Model.Save(model, inputSchema, stream);
                stream.Position = 0;
                using var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true);
                var entry = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal);
                using var writer = entry.Open();
                JsonSerializer.Serialize(writer, metadata, Json);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Loads the model, its input schema and its metadata.</summary>
    /// <exception cref="InvalidDataException">The file is not a Valora model file.</exception>
    public static (ITransformer Model, DataViewSchema InputSchema, ModelMetadata Metadata) Load(string path, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var metadata = ReadMetadata(path);
        using var stream = File.OpenRead(path);
        var model = ml.Model.Load(stream, out var schema);
        return (model, schema, metadata);
    }

    /// <summary>Reads only the metadata (fast: the model is not loaded).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, or has no Valora metadata.</exception>
    public static ModelMetadata ReadMetadata(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model file '{path}' does not exist.", path);
        }
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(MetadataEntry)
                ?? throw new InvalidDataException($"'{path}' is not a Valora model file (it has no {MetadataEntry}).");
            using var reader = entry.Open();
            return JsonSerializer.Deserialize<ModelMetadata>(reader, Json)
                ?? throw new InvalidDataException($"'{path}': {MetadataEntry} is empty.");
        }
        catch (Exception ex) when (ex is InvalidDataException && ex.Message.Contains("central directory", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"'{path}' is not a model file (not a zip archive).", ex);
        }
    }
}
