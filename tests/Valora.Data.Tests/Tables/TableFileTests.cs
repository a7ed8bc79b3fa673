using Valora.Data.Tables;
using Valora.TestSupport;

namespace Valora.Data.Tests.Tables;

public sealed class TableFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("valora-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string text)
    {
        var path = Path.Combine(_dir, "t.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_QuotedFieldsAndLineNumbers_KeepsRowsAsWritten()
    {
        var table = TableFile.Read(Write("id,name,amount\n1,\"Smith, J\",10.5\n\n2,Lee, 3\n"));

        Assert.Equal(["id", "name", "amount"], table.Columns);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("Smith, J", table.Rows[0][1]);
        Assert.Equal(" 3", table.Rows[1][2]);
        Assert.Equal([2L, 4L], table.Lines);
        Assert.Empty(table.Rejected);
        Assert.Equal(["10.5", " 3"], table.Column(table.Require("AMOUNT", "--x")));
    }

    [RealDataFact(TelcoFile)]
    [Trait("Issue", "10")]
    public void Read_TelcoChurn21Columns_EveryRowKeptWithEveryField()
    {
        // Expected values from pandas (read_csv, dtype=str): 7,043 rows × 21 columns, 1,869 churned.
        var table = TableFile.Read(SharedData.PathOf(TelcoFile));

        Assert.Equal(21, table.Columns.Count);
        Assert.Equal(("customerID", "Churn"), (table.Columns[0], table.Columns[20]));
        Assert.Empty(table.Rejected);
        Assert.Equal(7043, table.Rows.Count);
        Assert.Equal(1869, table.Column(20).Count(v => v == "Yes"));
        Assert.Equal("7590-VHVEG", table.Rows[0][0]);
        Assert.Equal("29.85", table.Rows[0][19]);
    }

    const string TelcoFile = "telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv";

    [Fact]
    public void Read_RaggedRow_IsRejectedWithItsLineAndRule()
    {
        var table = TableFile.Read(Write("a,b\n1,2\n3,4,5\n6\n7,8\n"));

        Assert.Equal(2, table.Rows.Count);
        Assert.Collection(table.Rejected,
            r => Assert.Equal((3L, "has 3 fields where the header has 2"), (r.Line, r.Reason)),
            r => Assert.Equal((4L, "has 1 fields where the header has 2"), (r.Line, r.Reason)));
    }

    [Fact]
    public void Require_MissingColumn_NamesTheOptionAndTheColumnsThereAre()
    {
        var table = TableFile.Read(Write("a,b\n1,2\n"));

        var ex = Assert.Throws<InvalidDataException>(() => table.Require("label", "--label"));
        Assert.Contains("--label", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'label'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateOrEmptyHeader_IsAClearError()
    {
        Assert.Contains("twice", Assert.Throws<InvalidDataException>(() => TableFile.Read(Write("a,A\n1,2\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("no name", Assert.Throws<InvalidDataException>(() => TableFile.Read(Write("a,,c\n1,2,3\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<InvalidDataException>(() => TableFile.Read(Write("\n\n"))).Message, StringComparison.Ordinal);
    }
}
