using System.Globalization;
using Valora.Analytics.Churn;
using Valora.Data.Tables;

namespace Valora.Data.Churn;

/// <summary>
/// Bring-your-own-table scoring (<c>valora churn score --model m.zip --data new.csv --out scores.csv</c>): binds the
/// model's columns by name (a missing one is an error naming it), encodes each row with the encoder saved in the
/// model, and gives each row its probability of churn, risk tier and top reasons. The label column, when the table
/// has it, is not needed and not read.
/// </summary>
public static class ScoreChurnFromTable
{
    /// <summary>Scores every row of <paramref name="table"/>.</summary>
    /// <exception cref="InvalidDataException">A column the model needs is missing, or a value has the wrong type (the message names line and column).</exception>
    public static ChurnTableScores Run(ChurnModel model, TableFile table, int topReasons = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        if (topReasons is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(topReasons), topReasons, "--reasons must be between 0 and 20.");
        }
        var encoder = model.Extra.Encoder;
        int[] binding;
        try
        {
            binding = encoder.Bind(table.Columns);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"'{table.Path}': {ex.Message}", ex);
        }
        var idIndex = model.Extra.IdColumn is { } idName ? table.IndexOf(idName) : -1;
        var features = new float[table.Rows.Count][];
        for (var r = 0; r < features.Length; r++)
        {
            try
            {
                features[r] = encoder.Encode(table.Rows[r], binding, r);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException(TrainChurnFromTable.WithLine(table, ex.Message), ex);
            }
        }
        var (p, reasons) = model.Predict(table.Rows, binding, features, topReasons);
        var rows = new ChurnTableScore[p.Length];
        for (var r = 0; r < p.Length; r++)
        {
            var id = idIndex >= 0 ? table.Rows[r][idIndex].Trim() : table.Lines[r].ToString(CultureInfo.InvariantCulture);
            rows[r] = new ChurnTableScore(id, p[r], model.Extra.TierOf(p[r]), reasons[r]);
        }
        return new ChurnTableScores(model.Metadata.Version, idIndex >= 0 ? model.Extra.IdColumn! : "line", rows);
    }

    /// <summary>Writes the scores as CSV: id, probability, tier, reason_1 … reason_k (atomically: beside the target, then moved).</summary>
    public static void WriteCsv(ChurnTableScores scores, string path, int topReasons = 3)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            var header = string.Join(',', new[] { scores.IdColumn, "probability", "tier" }
                .Concat(Enumerable.Range(1, topReasons).Select(k => string.Create(CultureInfo.InvariantCulture, $"reason_{k}")))
                .Select(h => h.AsSpan().IndexOfAny(",\"\n\r") < 0 ? h : "\"" + h.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            using (var csv = new Demo.CsvRowWriter(temp, header))
            {
                foreach (var s in scores.Rows)
                {
                    csv.Field(s.Id).Field(s.Probability.ToString("0.######", CultureInfo.InvariantCulture)).Field(s.Tier);
                    for (var k = 0; k < topReasons; k++) csv.Field(k < s.Reasons.Count ? s.Reasons[k].Text : "");
                    csv.EndRow();
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

/// <summary>What <see cref="ScoreChurnFromTable.Run"/> gives.</summary>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="IdColumn">The id column's name ("line" when the model has none: ids are line numbers).</param>
/// <param name="Rows">One score per data row, in file order.</param>
public sealed record ChurnTableScores(string ModelVersion, string IdColumn, IReadOnlyList<ChurnTableScore> Rows)
{
    /// <summary>Customers per tier (high, medium, low).</summary>
    public IReadOnlyDictionary<string, int> TierCounts() => new[] { "high", "medium", "low" }
        .ToDictionary(t => t, t => Rows.Count(r => string.Equals(r.Tier, t, StringComparison.Ordinal)), StringComparer.Ordinal);
}

/// <summary>One scored row.</summary>
/// <param name="Id">The row's id (or line number).</param>
/// <param name="Probability">Calibrated probability of churn.</param>
/// <param name="Tier">high, medium or low.</param>
/// <param name="Reasons">Top reasons raising the risk.</param>
public sealed record ChurnTableScore(string Id, double Probability, string Tier, IReadOnlyList<ChurnReason> Reasons);
