using Valora.Analytics.Text;

namespace Valora.Analytics.Tests.Text;

public class TextFoldsTests
{
    [Fact]
    public void Assign_ThreeClasses_EachFoldGetsEachClassShare()
    {
        string[] y = [.. Enumerable.Range(0, 110).Select(i => i < 60 ? "neg" : i < 95 ? "neu" : "pos")];
        var fold = TextFolds.Assign(y, 5, seed: 3);
        for (var f = 0; f < 5; f++)
        {
            var rows = Enumerable.Range(0, y.Length).Where(i => fold[i] == f).ToArray();
            Assert.Equal(22, rows.Length);
            Assert.Equal(12, rows.Count(i => y[i] == "neg"));
            Assert.Equal(7, rows.Count(i => y[i] == "neu"));
            Assert.Equal(3, rows.Count(i => y[i] == "pos"));
        }
        Assert.Equal(fold, TextFolds.Assign(y, 5, seed: 3));
        Assert.NotEqual(fold, TextFolds.Assign(y, 5, seed: 4));
    }

    [Fact]
    public void Assign_ClassRarerThanFolds_IsRefusedNamingIt()
    {
        string[] y = [.. Enumerable.Repeat("a", 20), "b", "b", "b"];
        var e = Assert.Throws<ArgumentException>(() => TextFolds.Assign(y, 5, 1));
        Assert.Contains("'b' (3)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextFolds.Assign(y, 1, 1));
    }
}
