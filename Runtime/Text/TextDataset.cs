using System.Text;

namespace NetGen;

/// <summary>
/// Labelled texts for classification: one text and one class index per sample, with the class names.
/// Read one from a tab-separated file (<see cref="ReadTsv(string, int, int[])"/>), split it with a seed,
/// then encode the texts with a <see cref="BagOfWords"/> or a <see cref="SequenceEncoder"/> into a <see cref="Dataset"/>.
/// </summary>
public sealed class TextDataset
{
    /// <summary>Texts and labels (not copied) after checking that they agree.</summary>
    /// <exception cref="ArgumentException">The counts differ, a text is null, or a label is outside [0, class count).</exception>
    public TextDataset(string[] texts, int[] labels, string[] classNames)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (labels.Length != texts.Length)
        {
            throw new ArgumentException($"Expected {texts.Length} labels (one per text), but there are {labels.Length}.", nameof(labels));
        }
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null) throw new ArgumentException($"Text {i} is null.", nameof(texts));
            if ((uint)labels[i] >= (uint)classNames.Length)
            {
                throw new ArgumentException($"Label {labels[i]} of text {i} is outside [0, {classNames.Length}).", nameof(labels));
            }
        }
        Texts = texts;
        Labels = labels;
        ClassNames = classNames;
    }

    public IReadOnlyList<string> Texts { get; }
    public int[] Labels { get; }

    /// <summary>Class names by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Texts.Count;

    /// <summary>Texts per class, by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassNames.Count];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>
    /// Two disjoint parts after a seeded shuffle, the second holding round(<see cref="Count"/> × <paramref name="testFraction"/>)
    /// texts: the same seed gives the same split (the same shuffle as <see cref="Dataset.Split"/>).
    /// </summary>
    public (TextDataset Train, TextDataset Test) Split(double testFraction, int seed)
    {
        if (!(testFraction >= 0 && testFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in [0, 1].");
        }
        int testCount = (int)Math.Round(Count * testFraction, MidpointRounding.AwayFromZero);
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new RandomSource(seed).Shuffle(order);
        return (Subset(order.AsSpan(testCount)), Subset(order.AsSpan(0, testCount)));
    }

    /// <summary>The texts at <paramref name="indices"/>, in that order.</summary>
    public TextDataset Subset(ReadOnlySpan<int> indices)
    {
        var texts = new string[indices.Length];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), source, $"Text index must be in [0, {Count}).");
            }
            texts[i] = Texts[source];
            labels[i] = Labels[source];
        }
        return new TextDataset(texts, labels, [.. ClassNames]);
    }

    /// <summary>
    /// Reads a UTF-8 tab-separated file without header (gzip-compressed or not): the class name in column
    /// <paramref name="labelColumn"/>, the text in <paramref name="textColumns"/> (joined by a space when
    /// several). Class names are numbered in ordinal order ("ham" 0, "spam" 1). Empty lines are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">A line has fewer columns than the largest column index needs.</exception>
    public static TextDataset ReadTsv(string path, int labelColumn, params int[] textColumns)
    {
        using FileStream stream = File.OpenRead(path);
        return ReadTsv(stream, labelColumn, textColumns);
    }

    /// <inheritdoc cref="ReadTsv(string, int, int[])"/>
    public static TextDataset ReadTsv(Stream stream, int labelColumn, params int[] textColumns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(textColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(labelColumn);
        if (textColumns.Length == 0) throw new ArgumentException("Expected at least one text column.", nameof(textColumns));
        foreach (int column in textColumns) ArgumentOutOfRangeException.ThrowIfNegative(column, nameof(textColumns));
        int needed = Math.Max(labelColumn, textColumns.Max()) + 1;

        using var reader = new StreamReader(GzipInput.Open(stream), Encoding.UTF8);
        var names = new List<string>();
        var texts = new List<string>();
        var text = new StringBuilder();
        int lineNumber = 0;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length < needed)
            {
                throw new InvalidDataException($"Line {lineNumber}: expected at least {needed} tab-separated columns, but it has {fields.Length}.");
            }
            text.Clear();
            foreach (int column in textColumns)
            {
                if (text.Length > 0) text.Append(' ');
                text.Append(fields[column]);
            }
            names.Add(fields[labelColumn]);
            texts.Add(text.ToString());
        }
        string[] classNames = [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        int[] labels = [.. names.Select(name => Array.BinarySearch(classNames, name, StringComparer.Ordinal))];
        return new TextDataset([.. texts], labels, classNames);
    }
}
