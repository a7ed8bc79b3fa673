using System.Text;

namespace Valora.Data.Tests.Import;

/// <summary>A temp directory for input files (and their rejects files), deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("valora-import-").FullName;

    public string Write(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>The rejects file as rows of (line, field, rule, raw) — message left out, it is for people.</summary>
    public static List<(long Line, string Field, string Rule, string Raw)> Rejects(string source)
    {
        var path = source + ".rejects.csv";
        if (!File.Exists(path))
        {
            return [];
        }
        var rows = new List<(long, string, string, string)>();
        using var file = new Valora.Data.Import.Readers.DelimitedFile(path, ',', null);
        var header = file.Next()!;
        Assert.Equal(["line", "field", "rule", "message", "raw"], header.Fields);
        while (file.Next() is { } row)
        {
            rows.Add((long.Parse(row.Fields[0], System.Globalization.CultureInfo.InvariantCulture), row.Fields[1], row.Fields[2], row.Fields[4]));
        }
        return rows;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
