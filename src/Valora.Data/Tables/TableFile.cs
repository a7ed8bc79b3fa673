using System.Globalization;
using System.Text;
using Valora.Data.Import.Readers;

namespace Valora.Data.Tables;

/// <summary>
/// A user's own table (a CSV export from another system) read whole into memory as text columns, for the
/// "bring your own data" forms of the learning commands (<c>--data t.csv</c>: train a churn model, cluster points,
/// mine baskets, classify texts). Reading goes through <see cref="DelimitedFile"/>, the importer's reader, so quoting,
/// delimiters, encodings and line endings behave exactly as in <c>valora import</c>. A row whose field count differs
/// from the header's is not kept: it is listed in <see cref="Rejected"/> with its line number and the rule broken.
/// </summary>
public sealed class TableFile
{
    TableFile(string path, IReadOnlyList<string> columns, List<string[]> rows, List<long> lines, List<TableReject> rejected)
    {
        Path = path;
        Columns = columns;
        Rows = rows;
        Lines = lines;
        Rejected = rejected;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names from the header, trimmed, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The kept data rows, each with one field per column (as written, not trimmed).</summary>
    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>The 1-based file line number of each kept row (the header is line 1).</summary>
    public IReadOnlyList<long> Lines { get; }

    /// <summary>Rows that were not kept, with the reason.</summary>
    public IReadOnlyList<TableReject> Rejected { get; }

    /// <summary>
    /// Reads <paramref name="path"/>. The first non-blank line is the header. Delimiter: detected unless given;
    /// encoding: UTF-8 unless given (a byte-order mark wins).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file has no header, or two columns share a name.</exception>
    public static TableFile Read(string path, char? delimiter = null, Encoding? encoding = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        }
        using var file = new DelimitedFile(path, delimiter, encoding);
        var header = file.Next() ?? throw new InvalidDataException($"'{path}' is empty: the first line must name the columns.");
        var columns = header.Fields.Select(f => f.Trim()).ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Length; i++)
        {
            if (columns[i].Length == 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"'{path}' line {header.Line}: column {i + 1} of the header has no name."));
            }
            if (!seen.Add(columns[i]))
            {
                throw new InvalidDataException($"'{path}' line {header.Line}: the header names column '{columns[i]}' twice.");
            }
        }
        var rows = new List<string[]>();
        var lines = new List<long>();
        var rejected = new List<TableReject>();
        while (file.Next() is { } row)
        {
            if (row.Problem is { } problem)
            {
                rejected.Add(new TableReject(row.Line, $"{problem.Rule}: {problem.Message}", row.Raw));
                continue;
            }
            if (row.Count != columns.Length)
            {
                rejected.Add(new TableReject(row.Line, string.Create(CultureInfo.InvariantCulture,
                    $"has {row.Count} fields where the header has {columns.Length}"), row.Raw));
                continue;
            }
            rows.Add(row.Fields);
            lines.Add(row.Line);
        }
        return new TableFile(path, columns, rows, lines, rejected);
    }

    /// <summary>
    /// A table that is not read from a file (e.g. Valora's own records laid out as a table): <paramref name="source"/>
    /// names it in messages in place of a path; row <c>k</c> (0-based) counts as line <c>k + 2</c>.
    /// </summary>
    public static TableFile FromRows(string source, IReadOnlyList<string> columns, List<string[]> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"row {r} has {rows[r].Length} fields where the table has {columns.Count} columns."), nameof(rows));
            }
        }
        return new TableFile(source, [.. columns], rows, [.. Enumerable.Range(2, rows.Count).Select(l => (long)l)], []);
    }

    /// <summary>The index of column <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The index of a column the caller requires; a clear error naming it and the columns there are otherwise.</summary>
    /// <param name="option">What asked for the column (e.g. "--label"), for the message.</param>
    public int Require(string name, string option)
    {
        var i = IndexOf(name);
        return i >= 0
            ? i
            : throw new InvalidDataException(
                $"{option}: '{Path}' has no column '{name}'. Its columns are: {string.Join(", ", Columns)}.");
    }

    /// <summary>All values of one column, in row order.</summary>
    public string[] Column(int index)
    {
        var values = new string[Rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = Rows[r][index];
        }
        return values;
    }
}

/// <summary>A row of a <see cref="TableFile"/> that was not kept: its line number, the rule broken and the raw line.</summary>
public sealed record TableReject(long Line, string Reason, string Raw);
