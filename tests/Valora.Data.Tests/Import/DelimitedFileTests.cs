using System.Text;
using Valora.Data.Import.Readers;

namespace Valora.Data.Tests.Import;

/// <summary>
/// The reader finds lines in its own buffer: every line ending <see cref="StreamReader.ReadLine"/> knows, lines longer
/// than the buffer, a \r\n split across two reads, quoted fields over several lines, and the reused row.
/// </summary>
public sealed class DelimitedFileTests : IDisposable
{
    readonly string _path = Path.Combine(Path.GetTempPath(), $"valora-delimited-{Guid.NewGuid():N}.csv");

    /// <summary>Rows as (line number, fields, raw), read the way an import reads them (copied before the next row).</summary>
    List<(long Line, string[] Fields, string Raw)> Read(string text, char? delimiter = ',')
    {
        File.WriteAllText(_path, text, new UTF8Encoding(false));
        using var file = new DelimitedFile(_path, delimiter, null);
        var rows = new List<(long, string[], string)>();
        while (file.Next() is { } row)
        {
            rows.Add((row.Line, row.Fields, row.Raw));
        }
        return rows;
    }

    [Fact]
    public void Next_EveryLineEnding_SameRowsAsReadLine()
    {
        const string text = "a,b\nc,d\r\ne,f\rg,h\r\n\r\ni,j";
        var rows = Read(text);

        using var reader = new StringReader(text);
        var expected = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            expected.Add(line);
        }
        Assert.Equal(expected.Where(l => l.Length > 0), rows.Select(r => r.Raw));
        Assert.Equal([1L, 2, 3, 4, 6], rows.Select(r => r.Line));
        Assert.Equal(["i", "j"], rows[^1].Fields);
    }

    [Fact]
    public void Next_LinesLongerThanTheBuffer_AndCrLfAcrossTwoReads()
    {
        // The buffer holds 65,536 characters: the first line's \r is its last, the \n the first of the next read.
        var first = new string('x', 65_535);
        var longLine = "1," + new string('é', 200_000) + ",3";
        var rows = Read($"{first}\r\n{longLine}\nlast,row");

        Assert.Equal(3, rows.Count);
        Assert.Equal(first, rows[0].Raw);
        Assert.Equal((2L, longLine), (rows[1].Line, rows[1].Raw));
        Assert.Equal(200_000, rows[1].Fields[1].Length);
        Assert.Equal(3L, rows[2].Line);
        Assert.Equal(["last", "row"], rows[2].Fields);
    }

    [Fact]
    public void Next_QuotedFieldsOverSeveralLines_JoinedWithLineNumbersCounted()
    {
        var rows = Read("id,text\n1,\"two\nlines, \"\"quoted\"\"\"\n2,plain\n3,\"a,b\"");

        Assert.Equal(4, rows.Count);
        Assert.Equal(["1", "two\nlines, \"quoted\""], rows[1].Fields);
        Assert.Equal((2L, "1,\"two\nlines, \"\"quoted\"\"\""), (rows[1].Line, rows[1].Raw));
        Assert.Equal(4L, rows[2].Line);
        Assert.Equal(["2", "plain"], rows[2].Fields);
        Assert.Equal(["3", "a,b"], rows[3].Fields);
    }

    [Fact]
    public void Next_Whitespace_RunsSeparateAndBlankLinesAreSkipped()
    {
        var rows = Read("  00001 19970101   1   11.77\n \t \n00002\t19970112 2 12.00  ", DelimitedFile.Whitespace);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["00001", "19970101", "1", "11.77"], rows[0].Fields);
        Assert.Equal(3L, rows[1].Line);
        Assert.Equal(["00002", "19970112", "2", "12.00"], rows[1].Fields);
    }

    [Fact]
    public void Next_ReusesTheRow_SpansPointIntoTheCurrentLine()
    {
        File.WriteAllText(_path, "aa,bb\ncc,dd\n");
        using var file = new DelimitedFile(_path, ',', null);
        var first = file.Next()!;
        Assert.Equal("bb", first.Span(1).ToString());
        var second = file.Next()!;
        Assert.Same(first, second);
        Assert.Equal("dd", second.Span(1).ToString());
        Assert.Null(file.Next());
    }

    [Fact]
    public void Next_RowsWiderThanTheRangeArray_EveryFieldInItsPlace()
    {
        // The first row wider than the reader's range array (16 fields) used to be read into the old, too short array.
        var header = string.Join(',', Enumerable.Range(1, 21).Select(i => $"c{i}"));
        var wide = string.Join(',', Enumerable.Range(1, 40).Select(i => $"v{i}"));
        var rows = Read($"{header}\n{wide}\nx,y\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => $"c{i}"), rows[0].Fields);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"v{i}"), rows[1].Fields);
        Assert.Equal(["x", "y"], rows[2].Fields);
    }

    [Fact]
    public void Next_WhitespaceRowsWiderThanTheRangeArray_EveryFieldInItsPlace()
    {
        var wide = string.Join("  ", Enumerable.Range(1, 33).Select(i => $"w{i}"));
        var rows = Read($"{wide}\na b\n", DelimitedFile.Whitespace);

        Assert.Equal(Enumerable.Range(1, 33).Select(i => $"w{i}"), rows[0].Fields);
        Assert.Equal(["a", "b"], rows[1].Fields);
    }

    [Fact]
    [Trait("Issue", "10")]
    public void Next_QuoteNeverClosed_RowHasAProblemAndTheNextLinesAreReadOnTheirOwn()
    {
        var rows = Read("a,b\n1,\"open\n2,x\n3,y\n");

        Assert.Equal([1L, 2, 3, 4], rows.Select(r => r.Line));
        Assert.Equal("1,\"open", rows[1].Raw);
        Assert.Equal(["2", "x"], rows[2].Fields);
        Assert.Equal(["3", "y"], rows[3].Fields);
    }

    [Fact]
    [Trait("Issue", "10")]
    public void Next_QuoteOpenPastTheLimit_ReadingResumesAtTheNextLine()
    {
        // The quote would close 150 lines later: past the limit, so the row is rejected and all lines read again.
        var text = "a,b\n1,\"open\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"{i},v\n")) + "9,\"\"\n";
        File.WriteAllText(_path, text, new UTF8Encoding(false));
        using var file = new DelimitedFile(_path, ',', null);
        Assert.Null(file.Next()!.Problem);
        var broken = file.Next()!;
        Assert.Equal((2L, "unterminated-quote"), (broken.Line, broken.Problem?.Rule));
        var rest = new List<(long, string)>();
        while (file.Next() is { } row)
        {
            Assert.Null(row.Problem);
            rest.Add((row.Line, row.Fields[0]));
        }
        Assert.Equal(151, rest.Count);
        Assert.Equal((3L, "0"), rest[0]);
        Assert.Equal((153L, "9"), rest[^1]);
    }

    [Fact]
    [Trait("Issue", "10")]
    public void Next_TwoStrayQuotes_TheSecondDoesNotCloseTheFirst()
    {
        // Found by ImporterFuzzTests: the quote opening line 4's field closed line 2's, and lines 2-4 became one row.
        var rows = Read("a,b,c\n1,\"x,y\n2,p,q\n3,\"z,w\n4,r,s\n");

        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.Line));
        Assert.Equal(["2", "p", "q"], rows[2].Fields);
        Assert.Equal(["4", "r", "s"], rows[4].Fields);
    }

    public void Dispose() => File.Delete(_path);
}
