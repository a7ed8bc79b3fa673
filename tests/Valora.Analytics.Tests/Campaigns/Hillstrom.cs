using System.Globalization;
using Valora.TestSupport;

namespace Valora.Analytics.Tests.Campaigns;

/// <summary>The Hillstrom e-mail campaign (64,000 customers randomised to two e-mails and a control), read plainly.</summary>
static class Hillstrom
{
    public const string File = "campaign-email/hillstrom.csv";

    public sealed record Row(int Recency, double History, bool Mens, bool Womens, string Zip, bool Newbie, string Channel,
        string Segment, bool Visit, bool Conversion, double Spend)
    {
        /// <summary>Numeric features with the zip code and channel one-hot.</summary>
        public float[] Features() =>
        [
            Recency, (float)History, Mens ? 1 : 0, Womens ? 1 : 0, Newbie ? 1 : 0,
            Zip == "Urban" ? 1 : 0, Zip == "Rural" ? 1 : 0, Channel == "Web" ? 1 : 0, Channel == "Phone" ? 1 : 0,
        ];
    }

    public static IReadOnlyList<Row> Load() => System.IO.File.ReadLines(SharedData.PathOf(File)).Skip(1)
        .Select(Split)
        .Select(f => new Row(
            int.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture),
            f[3] == "1", f[4] == "1", f[5], f[6] == "1", f[7], f[8], f[9] == "1", f[10] == "1",
            double.Parse(f[11], CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>Splits one line; <c>history_segment</c> is quoted when it holds a comma ("7) $1,000 +").</summary>
    static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        fields.Add(current.ToString());
        return [.. fields];
    }
}
