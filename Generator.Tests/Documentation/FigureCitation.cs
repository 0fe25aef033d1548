using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Tests.Documentation;

/// <summary>
/// A figure a Markdown file cites from a sample's output: the number written just before a marker
/// <c>&lt;!--from Sample: label--&gt;</c>, which says that the number is the one <c>Samples/Sample</c> prints after
/// <c>label</c> (on the last line of its log holding the label), rounded to as many decimals as the text shows. A label
/// ending in <c> #n</c> means the n-th number after it (a table's third column: <c>&lt;!--from Gan: generated digits #3--&gt;</c>).
/// </summary>
public sealed partial record FigureCitation(string File, int Line, string Sample, string Label, string Written)
{
    [GeneratedRegex(@"<!--from (?<sample>[A-Za-z0-9]+): (?<label>[^>]+?)-->")]
    private static partial Regex Marker();

    /// <summary>A decimal number as the documents and the samples write it: thousands separators, a Unicode or ASCII minus.</summary>
    [GeneratedRegex(@"[-−]?\d[\d,]*(\.\d+)?")]
    public static partial Regex Number();

    /// <summary>Every marker of <paramref name="markdown"/>, with the last number within 40 characters before it.</summary>
    public static IEnumerable<FigureCitation> Find(string file, string markdown)
    {
        foreach (Match marker in Marker().Matches(markdown))
        {
            int start = Math.Max(0, marker.Index - 40);
            string before = markdown[start..marker.Index];
            Match[] numbers = [.. Number().Matches(before).Cast<Match>()];
            int line = 1 + markdown.AsSpan(0, marker.Index).Count('\n');
            yield return new FigureCitation(file, line, marker.Groups["sample"].Value, marker.Groups["label"].Value,
                numbers.Length == 0 ? "" : numbers[^1].Value);
        }
    }

    /// <summary>The figure as a number (separators dropped, minus normalized).</summary>
    public static decimal Parse(string figure) =>
        decimal.Parse(figure.Replace(",", "").Replace('−', '-'), NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>Decimals written after the point: the precision the text claims.</summary>
    public int Decimals => Written.IndexOf('.') is var dot and >= 0 ? Written.Length - dot - 1 : 0;

    /// <summary>Whether <paramref name="printed"/>, rounded to the text's precision, is the written figure.</summary>
    public bool Matches(string printed) =>
        Written.Length > 0 && Math.Round(Parse(printed), Decimals, MidpointRounding.AwayFromZero) == Parse(Written);

    public override string ToString() => $"{File}:{Line}: {Written} <!--from {Sample}: {Label}-->";
}
