using System.Globalization;
using Valora.Analytics.Clustering;
using Valora.Data.Demo;
using Valora.Data.Tables;

namespace Valora.Data.Clustering;

/// <summary>
/// Bring-your-own-table clustering (<c>valora cluster --data points.csv --features x1,x2</c>): reads the named numeric
/// columns of a user's CSV, clusters the rows (<see cref="ClusterPoints"/>) and writes one label per row.
/// </summary>
public static class ClusterTable
{
    /// <summary>Clusters the rows of <paramref name="table"/> on <paramref name="features"/>.</summary>
    /// <param name="id">A column written beside each label (never a feature); null: the file line number is written.</param>
    /// <exception cref="InvalidDataException">A named column is missing or a value is not a number (the message names line and column).</exception>
    public static TableClusterResult Run(TableFile table, IReadOnlyList<string> features, string? id, ClusterSettings settings,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(settings);
        if (features.Count == 0)
        {
            throw new InvalidDataException($"--features: name at least one numeric column of '{table.Path}' (its columns are: {string.Join(", ", table.Columns)}).");
        }
        if (table.Rows.Count == 0)
        {
            throw new InvalidDataException($"'{table.Path}' has no data rows.");
        }
        var indexes = features.Select(f => table.Require(f, "--features")).ToArray();
        if (indexes.Distinct().Count() != indexes.Length)
        {
            throw new InvalidDataException("--features: a column is named twice.");
        }
        var idIndex = id is null ? -1 : table.Require(id, "--id");
        if (Array.IndexOf(indexes, idIndex) >= 0)
        {
            throw new InvalidDataException($"--id: '{id}' is also a feature; the id column is written beside the labels, never clustered.");
        }
        var d = indexes.Length;
        var values = new double[table.Rows.Count * d];
        for (var r = 0; r < table.Rows.Count; r++)
        {
            for (var f = 0; f < d; f++)
            {
                var text = table.Rows[r][indexes[f]].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"'{table.Path}' line {table.Lines[r]}, column '{table.Columns[indexes[f]]}': '{text}' is not a number (write it with a '.' decimal point; blanks are not allowed)."));
                }
                values[r * d + f] = v;
            }
        }
        var raw = new FeatureMatrix(values, [.. indexes.Select(i => table.Columns[i])]);
        ClusterOutcome outcome;
        try
        {
            outcome = ClusterPoints.Run(raw, settings, progress);
        }
        catch (ArgumentException ex) when (ex.Message.StartsWith("Row ", StringComparison.Ordinal))
        {
            // log1p of a value ≤ −1: the analytics name the 1-based row; say the file's line.
            var row = int.Parse(ex.Message.AsSpan(4, ex.Message.IndexOf(',', StringComparison.Ordinal) - 4), CultureInfo.InvariantCulture);
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"'{table.Path}' line {table.Lines[row - 1]}{ex.Message[ex.Message.IndexOf(',', StringComparison.Ordinal)..].Split(" (Parameter")[0]}"), ex);
        }
        var ids = idIndex >= 0
            ? table.Column(idIndex).Select(v => v.Trim()).ToArray()
            : [.. table.Lines.Select(l => l.ToString(CultureInfo.InvariantCulture))];
        return new TableClusterResult(outcome, idIndex >= 0 ? table.Columns[idIndex] : "line", ids, table.Rejected.Count);
    }

    /// <summary>Writes <c>id,cluster,cluster_name</c> per row (cluster −1 = noise; HDBSCAN adds <c>probability</c>), atomically (a temp file moved into place).</summary>
    public static void WriteLabels(TableClusterResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        var probabilities = result.Outcome.Probabilities;
        using (var writer = new CsvRowWriter(temp, $"{Header(result.IdColumn)},cluster,cluster_name" + (probabilities is null ? "" : ",probability")))
        {
            var names = result.Outcome.Profiles.ToDictionary(p => p.Cluster, p => p.Name);
            for (var r = 0; r < result.Ids.Count; r++)
            {
                var label = result.Outcome.Labels[r];
                writer.Field(result.Ids[r]).Field(label).Field(label < 0 ? "noise" : names[label]);
                if (probabilities is not null)
                {
                    writer.Field(probabilities[r].ToString("R", CultureInfo.InvariantCulture));
                }
                writer.EndRow();
            }
        }
        File.Move(temp, full, overwrite: true);
    }

    static string Header(string name) => name.AsSpan().IndexOfAny(",\"\n\r") < 0 ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A table's clustering: the outcome, and per row the id written beside its label.</summary>
/// <param name="IdColumn">The id column's name, or "line" (file line numbers).</param>
/// <param name="Skipped">Rows of the file not read (ragged rows; listed by <see cref="TableFile.Rejected"/>).</param>
public sealed record TableClusterResult(ClusterOutcome Outcome, string IdColumn, IReadOnlyList<string> Ids, int Skipped);
