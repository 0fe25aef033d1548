using System.Globalization;

namespace NetGen;

/// <summary>
/// Loads the CSV files scikit-learn ships in <c>sklearn/datasets/data/</c>: each row holds the features
/// followed by an integer class label. Files such as iris.csv, wine_data.csv and breast_cancer.csv
/// start with a line "n_samples,n_features,class name,..." (<see cref="Read(Stream)"/>); digits.csv.gz
/// has no such line (<see cref="ReadWithoutHeader(Stream)"/>). Gzip input is decompressed transparently.
/// </summary>
/// <remarks>
/// The counts in the first line are checked against the rows, so a truncated or edited file is an error
/// rather than a silently smaller data set. Errors are <see cref="FormatException"/>s naming line and column.
/// </remarks>
public static class SklearnCsv
{
    /// <summary>Reads sklearn's layout with the "n_samples,n_features,class names..." first line.</summary>
    /// <exception cref="FormatException">The first line, a cell, a row length, a label or the row count is wrong.</exception>
    public static LabeledData Read(Stream stream)
    {
        using var reader = new StreamReader(GzipInput.Open(stream));
        string first = reader.ReadLine() ?? throw new FormatException("line 1: file is empty, expected \"n_samples,n_features,class names...\"");
        string[] cells = first.Split(',');
        if (cells.Length < 2
            || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int samples)
            || !int.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out int features))
        {
            throw new FormatException($"line 1: expected \"n_samples,n_features,class names...\", found '{first}'");
        }
        string[] classNames = cells[2..].Select(c => c.Trim()).ToArray();

        LabeledData data = ReadRows(reader, firstLine: 2, features, classNames);
        if (data.SampleCount != samples)
            throw new FormatException($"line 1 announces {samples} samples, the file has {data.SampleCount}");
        return data;
    }

    /// <summary>Reads rows of features followed by an integer label, with no header line (digits.csv.gz).</summary>
    /// <exception cref="FormatException">A cell, a row length or a label is wrong.</exception>
    public static LabeledData ReadWithoutHeader(Stream stream)
    {
        using var reader = new StreamReader(GzipInput.Open(stream));
        return ReadRows(reader, firstLine: 1, featureCount: -1, classNames: []);
    }

    /// <summary>Reads <see cref="Read(Stream)"/>'s layout from the file at <paramref name="path"/>.</summary>
    public static LabeledData Read(string path) => WithPath(path, Read);

    /// <summary>Reads <see cref="ReadWithoutHeader(Stream)"/>'s layout from the file at <paramref name="path"/>.</summary>
    public static LabeledData ReadWithoutHeader(string path) => WithPath(path, ReadWithoutHeader);

    private static LabeledData WithPath(string path, Func<Stream, LabeledData> read)
    {
        using FileStream stream = File.OpenRead(path);
        try
        {
            return read(stream);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    // featureCount is the expected number of features per row, or -1 to take it from the first row.
    private static LabeledData ReadRows(TextReader reader, int firstLine, int featureCount, string[] classNames)
    {
        var features = new List<float>();
        var labels = new List<int>();
        int lineNumber = firstLine - 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string[] cells = line.Split(',');
            if (featureCount < 0)
                featureCount = cells.Length - 1;
            if (cells.Length != featureCount + 1)
                throw new FormatException($"line {lineNumber}: expected {featureCount} features and a label ({featureCount + 1} cells), found {cells.Length}");

            for (int c = 0; c < featureCount; c++)
                features.Add(CsvReader.ParseCell(cells[c], lineNumber, c + 1));

            string labelCell = cells[featureCount].Trim();
            if (!int.TryParse(labelCell, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) || label < 0)
                throw new FormatException($"line {lineNumber}, column {featureCount + 1}: label '{labelCell}' is not a non-negative integer");
            if (classNames.Length > 0 && label >= classNames.Length)
                throw new FormatException($"line {lineNumber}, column {featureCount + 1}: label {label} is out of range for {classNames.Length} classes");
            labels.Add(label);
        }
        return new LabeledData(Math.Max(featureCount, 0), features.ToArray(), labels.ToArray(), classNames);
    }
}
