using System.Globalization;

namespace NetGen;

/// <summary>
/// Reads numeric CSV: one row per line, cells separated by a configurable character, an optional header
/// row, every cell a number in the invariant culture ("1.5", "-2e-3", "NaN"). Blank lines are skipped;
/// quoting is not supported, since numeric data has no use for it.
/// </summary>
/// <remarks>
/// Parsing is culture-independent so a file reads the same on a machine set to a decimal comma.
/// A bad cell is a <see cref="FormatException"/> naming the 1-based line and column and the text found.
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads the table from <paramref name="stream"/> (UTF-8; a BOM is skipped).</summary>
    /// <exception cref="FormatException">A cell is not a number, or a row has a different number of cells than the first.</exception>
    public static CsvTable Read(Stream stream, bool hasHeader = false, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Read(reader, hasHeader, separator);
    }

    /// <summary>Reads the table from the file at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">See <see cref="Read(Stream, bool, char)"/>; the message also names the file.</exception>
    public static CsvTable Read(string path, bool hasHeader = false, char separator = ',')
    {
        using FileStream stream = File.OpenRead(path);
        try
        {
            return Read(stream, hasHeader, separator);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads the table from <paramref name="reader"/>.</summary>
    public static CsvTable Read(TextReader reader, bool hasHeader = false, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[] header = [];
        var values = new List<float>();
        int columns = -1, rows = 0, lineNumber = 0;
        bool headerPending = hasHeader;

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;

            string[] cells = line.Split(separator);
            if (headerPending)
            {
                header = cells.Select(c => c.Trim()).ToArray();
                columns = header.Length;
                headerPending = false;
                continue;
            }

            if (columns < 0)
                columns = cells.Length;
            else if (cells.Length != columns)
                throw new FormatException($"line {lineNumber}: expected {columns} cells, found {cells.Length}");

            for (int c = 0; c < cells.Length; c++)
                values.Add(ParseCell(cells[c], lineNumber, c + 1));
            rows++;
        }

        return new CsvTable(rows, Math.Max(columns, 0), values.ToArray(), header);
    }

    /// <summary>Parses one cell as float32 in the invariant culture.</summary>
    /// <exception cref="FormatException">The cell is not a number; the message names line and column.</exception>
    internal static float ParseCell(string cell, int line, int column)
    {
        if (float.TryParse(cell.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            return value;
        throw new FormatException($"line {line}, column {column}: '{cell}' is not a number");
    }
}
