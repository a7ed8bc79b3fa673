using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Valora.BrowserTests;

/// <summary>
/// The server's stored runs and scores read with plain SQL of the tests' own (not through Valora's queries), so a
/// page's numbers are checked against the rows themselves.
/// </summary>
public static class StoredScores
{
    /// <summary>The latest run of a model: its version and as-of date (yyyy-MM-dd), and its summary JSON.</summary>
    public static (string Version, string AsOf, string Summary) LatestRun(SqliteConnection db, string model)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = """SELECT "Version", "AsOf", "SummaryJson" FROM "AnalysisRuns" WHERE "Model" = $m ORDER BY "Id" DESC LIMIT 1""";
        cmd.Parameters.AddWithValue("$m", model);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), $"no stored {model} run");
        return (r.GetString(0), r.GetString(1), r.GetString(2));
    }

    /// <summary>Every customer's score of one metric in a run.</summary>
    public static Dictionary<long, (double? Value, string? Label)> Of(SqliteConnection db, (string Version, string AsOf, string Summary) run, string metric)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = """SELECT "CustomerId", "Value", "Label" FROM "CustomerScores" WHERE "Metric" = $m AND "ModelVersion" = $v AND "AsOf" = $a""";
        cmd.Parameters.AddWithValue("$m", metric);
        cmd.Parameters.AddWithValue("$v", run.Version);
        cmd.Parameters.AddWithValue("$a", run.AsOf);
        using var r = cmd.ExecuteReader();
        var scores = new Dictionary<long, (double?, string?)>();
        while (r.Read())
        {
            scores[r.GetInt64(0)] = (r.IsDBNull(1) ? null : r.GetDouble(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
        return scores;
    }

    /// <summary>A number as the dashboard prints it (invariant culture, thousands separators allowed).</summary>
    public static double Number(string text) => double.Parse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);
}
