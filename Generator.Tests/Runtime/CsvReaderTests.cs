using System.Globalization;
using System.Text;
using NetGen;
using Xunit;

namespace NetGen.Tests;

public class CsvReaderTests
{
    private static CsvTable Read(string text, bool hasHeader = false, char separator = ',') =>
        CsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), hasHeader, separator);

    [Fact]
    public void Reads_RowMajorWithHeader()
    {
        CsvTable table = Read("x, y ,z\r\n1,2.5,-3e-2\n\n4, 5 ,6\n", hasHeader: true);
        Assert.Equal(2, table.Rows);
        Assert.Equal(3, table.Columns);
        Assert.Equal(["x", "y", "z"], table.Header);
        Assert.Equal([1f, 2.5f, -0.03f, 4f, 5f, 6f], table.Values);
        Assert.Equal(5f, table[1, 1]);
        Assert.Equal([4f, 5f, 6f], table.Row(1).ToArray());
    }

    [Fact]
    public void Reads_OtherSeparatorWithoutHeader()
    {
        CsvTable table = Read("1;2\n3;4", separator: ';');
        Assert.Equal((2, 2), (table.Rows, table.Columns));
        Assert.Empty(table.Header);
        Assert.Equal([1f, 2f, 3f, 4f], table.Values);
    }

    [Fact]
    public void Parsing_IgnoresCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // InvariantGlobalization: the only one available
            Assert.Equal([1.5f], Read("1.5").Values);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void BadCell_ReportsLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => Read("a,b\n1,2\n3,x4\n", hasHeader: true));
        Assert.Equal("line 3, column 2: 'x4' is not a number", e.Message);
    }

    [Fact]
    public void EmptyCell_ReportsLineAndColumn()
    {
        var e = Assert.Throws<FormatException>(() => Read("1,,3"));
        Assert.Equal("line 1, column 2: '' is not a number", e.Message);
    }

    [Fact]
    public void DecimalComma_IsABadCell()
    {
        var e = Assert.Throws<FormatException>(() => Read("1;2,5", separator: ';'));
        Assert.Contains("column 2: '2,5'", e.Message);
    }

    [Fact]
    public void RaggedRow_ReportsLineAndCounts()
    {
        var e = Assert.Throws<FormatException>(() => Read("1,2\n3,4\n5\n"));
        Assert.Equal("line 3: expected 2 cells, found 1", e.Message);
    }

    [Fact]
    public void Path_IsNamedInErrors()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1,2\n3,?\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => CsvReader.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("line 2, column 2", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EmptyInput_IsAnEmptyTable()
    {
        CsvTable table = Read("");
        Assert.Equal((0, 0), (table.Rows, table.Columns));
    }
}
