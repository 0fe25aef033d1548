using System.Runtime.Intrinsics;
using NetGen.Tests.Package;

namespace NetGen.Tests.Documentation;

/// <summary>Runs alone: sample builds would otherwise compete with the timing-sensitive tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SampleRunCollection
{
    public const string Name = "Sample runs";
}

/// <summary>
/// The documents' figures are the samples' output: every number marked <c>&lt;!--from Sample: label--&gt;</c> in the
/// READMEs and docs equals, to the precision written, what <c>Samples/Results/Sample.txt</c> (written by
/// <c>eng/sample-results.sh</c>) says the sample printed; and the fast samples, run again here, still print it.
/// </summary>
[Collection(SampleRunCollection.Name)]
[Trait("Category", "Samples")]
public sealed class FigureTests
{
    /// <summary>Samples quick enough to build and run in every test run; the rest are checked through their logs.</summary>
    public static TheoryData<string> FastSamples => ["Digits", "Perceptron", "GettingStarted", "Sunspots", "GruForecaster", "CartPole"];

    private static string Root => PackageFeed.RepositoryRoot;

    private static IEnumerable<string> Documents() =>
        new[] { "README.md", Path.Combine("Samples", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)))
            .Concat(Directory.GetFiles(Path.Combine(Root, "Samples"), "README.md", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Root, f)))
            .Distinct()
            .Where(f => File.Exists(Path.Combine(Root, f)));

    private static List<FigureCitation> Citations() =>
        [.. Documents().SelectMany(f => FigureCitation.Find(f, File.ReadAllText(Path.Combine(Root, f))))];

    private static SampleLog Log(string sample)
    {
        string path = Path.Combine(Root, "Samples", "Results", sample + ".txt");
        Assert.True(File.Exists(path), $"Samples/Results/{sample}.txt is missing: run bash eng/sample-results.sh {sample}");
        return SampleLog.Read(sample, path);
    }

    [Fact]
    public void MarkedFigures_AreWhatTheSamplesPrinted()
    {
        List<FigureCitation> citations = Citations();
        Assert.True(citations.Count >= 20, $"only {citations.Count} marked figures: the markers are not being found");
        var wrong = new List<string>();
        foreach (FigureCitation citation in citations)
        {
            string? printed = Log(citation.Sample).Figure(citation.Label);
            if (printed is null) wrong.Add($"{citation}: no line of Samples/Results/{citation.Sample}.txt holds '{citation.Label}' followed by a number");
            else if (!citation.Matches(printed)) wrong.Add($"{citation}: the sample printed {printed}");
        }
        Assert.True(wrong.Count == 0, "Figures that are not what the samples print (fix the text, or rerun bash eng/sample-results.sh):\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void FigureCitation_RoundsToTheWrittenPrecision()
    {
        FigureCitation[] found = [.. FigureCitation.Find("x.md", "accuracy **98.3%**<!--from Digits: Test accuracy--> and −106.1<!--from Vae: ELBO--> and 1,438<!--from Digits: training-->")];
        Assert.Equal(["98.3", "−106.1", "1,438"], found.Select(c => c.Written));
        Assert.True(found[0].Matches("98.33"));
        Assert.False(found[0].Matches("98.36"));
        Assert.True(found[1].Matches("-106.08"));
        Assert.True(found[2].Matches("1438"));
        Assert.False(found[2].Matches("1439"));
        var log = SampleLog.FromOutput("Digits", "epoch 1 accuracy 0.5\nTest accuracy: 98.33% (353 of 359)\n");
        Assert.Equal("98.33", log.Figure("Test accuracy"));
        Assert.Equal("359", log.Figure("Test accuracy #3"));
        Assert.Null(log.Figure("Test accuracy #4"));
        Assert.Null(log.Figure("validation"));
    }

    [SkippableTheory]
    [MemberData(nameof(FastSamples))]
    public void FastSample_StillPrintsItsLoggedFigures(string sample)
    {
        SampleLog logged = Log(sample);
        string[] labels = [.. Citations().Where(c => c.Sample == sample).Select(c => c.Label).Distinct()];
        Assert.NotEmpty(labels);
        int width = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        // Another vector width sums in another order, so the last digits may differ: then only the log is checked.
        Skip.If(width != logged.VectorWidth, $"Samples/Results/{sample}.txt was recorded with {logged.VectorWidth}-bit vectors, this machine runs {width}-bit ones");
        var dotnet = new DotnetCommand(packagesFolder: null);
        string scratch = Directory.CreateTempSubdirectory("netgen-sample-").FullName;
        try
        {
            dotnet.Run(Root, "build", "-c", "Release", Path.Combine("Samples", sample), "-v", "q", "-nologo");
            DotnetCommand.Result run = dotnet.Run(scratch, "run", "-c", "Release", "--no-build", "--project", Path.Combine(Root, "Samples", sample));
            SampleLog now = SampleLog.FromOutput(sample, run.Output);
            foreach (string label in labels)
            {
                Assert.True(now.Figure(label) == logged.Figure(label),
                    $"Samples/{sample} now prints {now.Figure(label) ?? "nothing"} after '{label}', its log {logged.Figure(label)}: rerun bash eng/sample-results.sh {sample} and update the documents.\n{run.Output}");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
