namespace NetGen;

/// <summary>
/// A numeric table read by <see cref="CsvReader"/>: <see cref="Rows"/> × <see cref="Columns"/> floats,
/// row-major in one flat array so a range of rows is directly a batch of network inputs.
/// </summary>
public sealed class CsvTable
{
    public CsvTable(int rows, int columns, float[] values, IReadOnlyList<string>? header = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"{rows} rows × {columns} columns need {(long)rows * columns} values, found {values.Length}", nameof(values));
        Rows = rows;
        Columns = columns;
        Values = values;
        Header = header ?? [];
    }

    /// <summary>Number of data rows (the header row excluded).</summary>
    public int Rows { get; }

    /// <summary>Number of values in every row.</summary>
    public int Columns { get; }

    /// <summary>All values, row-major: row r, column c is at <c>r * Columns + c</c>.</summary>
    public float[] Values { get; }

    /// <summary>The column names from the header row, or empty when the file had none.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The values of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return Values.AsSpan(row * Columns, Columns);
    }

    /// <summary>Value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column] => Row(row)[column];
}
