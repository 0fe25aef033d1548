namespace NetGen.Tests.Documentation;

/// <summary>
/// What a sample printed, as <c>eng/sample-results.sh</c> records it in <c>Samples/Results/Sample.txt</c>: a first
/// line naming the command, date and machine, then the program's output.
/// </summary>
public sealed class SampleLog(string sample, IReadOnlyList<string> lines)
{
    public string Sample { get; } = sample;

    /// <summary>The vector width of the machine that ran it (from the header), which decides the rounding of every sum.</summary>
    public int VectorWidth { get; } =
        lines.Count > 0 && lines[0].LastIndexOf("vector width ", StringComparison.Ordinal) is var at and >= 0
            ? int.Parse(lines[0][(at + "vector width ".Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static SampleLog Read(string sample, string path) => new(sample, File.ReadAllLines(path));

    public static SampleLog FromOutput(string sample, string output) => new(sample, ["# run by the tests", .. output.ReplaceLineEndings("\n").Split('\n')]);

    /// <summary>
    /// The first number after <paramref name="label"/> on the last line that holds it (the n-th for a label ending in
    /// <c> #n</c>); null when no line holds it or too few numbers follow.
    /// </summary>
    public string? Figure(string label)
    {
        int nth = 1;
        int hash = label.LastIndexOf(" #", StringComparison.Ordinal);
        if (hash >= 0 && int.TryParse(label.AsSpan(hash + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1)
        {
            nth = n;
            label = label[..hash];
        }
        for (int i = lines.Count - 1; i >= 1; i--)
        {
            int at = lines[i].LastIndexOf(label, StringComparison.Ordinal);
            if (at < 0) continue;
            var number = FigureCitation.Number().Match(lines[i], at + label.Length);
            for (int k = 1; k < nth && number.Success; k++) number = number.NextMatch();
            return number.Success ? number.Value : null;
        }
        return null;
    }
}
