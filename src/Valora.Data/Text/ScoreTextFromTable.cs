using System.Globalization;
using Valora.Analytics.Text;
using Valora.Data.Tables;

namespace Valora.Data.Text;

/// <summary>
/// Bring-your-own-table scoring (<c>valora text score --model m.zip --data new.csv --text review --out scored.csv</c>):
/// each row's predicted class, its calibrated probability and the terms of the text that pushed it there. The text
/// column is the one named (default: the one the model was trained on); a blank text still gets a prediction (the
/// classes' prior, in effect).
/// </summary>
public static class ScoreTextFromTable
{
    /// <summary>Scores every row of <paramref name="table"/>.</summary>
    /// <exception cref="InvalidDataException">The text or id column is missing (the message names it).</exception>
    public static TextTableScores Run(TextModel model, TableFile table, string? textColumn = null, string? idColumn = null, int topTerms = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        if (topTerms is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(topTerms), topTerms, "--terms must be between 0 and 20.");
        }
        var textIndex = table.Require(textColumn ?? model.Extra.TextColumn, "--text");
        var idIndex = idColumn is null ? -1 : table.Require(idColumn, "--id");
        var predictions = model.Classifier.Predict([.. table.Rows.Select(r => r[textIndex])], topTerms);
        var rows = new TextTableScore[predictions.Count];
        for (var r = 0; r < rows.Length; r++)
        {
            var id = idIndex >= 0 ? table.Rows[r][idIndex].Trim() : table.Lines[r].ToString(CultureInfo.InvariantCulture);
            rows[r] = new TextTableScore(id, predictions[r]);
        }
        return new TextTableScores(model.Metadata.Version, idIndex >= 0 ? table.Columns[idIndex] : "line", model.Classifier.Classes, rows);
    }

    /// <summary>
    /// Writes the scores as CSV: id, label, probability, top_terms (separated by "; "), then one p_&lt;class&gt; column
    /// per class; atomically (beside the target, then moved).
    /// </summary>
    public static void WriteCsv(TextTableScores scores, string path)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            var header = string.Join(',', new[] { scores.IdColumn, "label", "probability", "top_terms" }
                .Concat(scores.Classes.Select(c => "p_" + c))
                .Select(h => h.AsSpan().IndexOfAny(",\"\n\r") < 0 ? h : "\"" + h.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            using (var csv = new Demo.CsvRowWriter(temp, header))
            {
                foreach (var s in scores.Rows)
                {
                    csv.Field(s.Id).Field(s.Prediction.Label).Field(s.Prediction.Probability.ToString("0.######", CultureInfo.InvariantCulture))
                        .Field(string.Join("; ", s.Prediction.TopTerms.Select(t => t.Term)));
                    foreach (var p in s.Prediction.Probabilities) csv.Field(p.ToString("0.######", CultureInfo.InvariantCulture));
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

/// <summary>What <see cref="ScoreTextFromTable.Run"/> gives.</summary>
/// <param name="ModelVersion">The model's version.</param>
/// <param name="IdColumn">The id column's name ("line" when none was given: ids are line numbers).</param>
/// <param name="Classes">The model's classes (order of each row's probabilities).</param>
/// <param name="Rows">One prediction per data row, in file order.</param>
public sealed record TextTableScores(string ModelVersion, string IdColumn, IReadOnlyList<string> Classes, IReadOnlyList<TextTableScore> Rows)
{
    /// <summary>Rows per predicted class, in class order.</summary>
    public IReadOnlyDictionary<string, int> ClassCounts() => Classes
        .ToDictionary(c => c, c => Rows.Count(r => string.Equals(r.Prediction.Label, c, StringComparison.Ordinal)), StringComparer.Ordinal);
}

/// <summary>One scored row.</summary>
/// <param name="Id">The row's id (or line number).</param>
/// <param name="Prediction">Predicted class, probability, all probabilities and top terms.</param>
public sealed record TextTableScore(string Id, TextPrediction Prediction);
