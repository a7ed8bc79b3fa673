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

    /// <summary>The full path of a hand-made fixture under <c>tests/TestData/</c>, e.g. <c>import/orders-ragged.csv</c>.</summary>
    public static string Fixture(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "TestData", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException(relative);
    }

    /// <summary>A copy of a fixture in this directory (the rejects file is written beside the input).</summary>
    public string CopyOf(string fixture)
    {
        var path = Path.Combine(Dir, Path.GetFileName(fixture));
        File.Copy(Fixture(fixture), path);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
