using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.EmbeddedWeights.EmbeddedWeightsHarness;

namespace NetGen.Tests.EmbeddedWeights;

/// <summary>The members [EmbeddedWeights] adds, pinned in Snapshots/EmbeddedWeights.g.cs.txt (the rest of the file is the network's, pinned elsewhere).</summary>
public sealed class EmbeddedWeightsSnapshotTests
{
    [Fact]
    public void EmbeddedWeightsMembers()
    {
        (GeneratorDriverRunResult result, _) = Run(TinyNetwork, Header("tiny.safetensors", HeaderCopy(Safetensors(TinyTensors))));
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        string generated = Assert.Single(result.Results[0].GeneratedSources).SourceText.ToString();

        // From the summary of the resource name to the end of LoadEmbeddedWeights.
        string[] lines = generated.Split('\n');
        int first = Array.FindIndex(lines, line => line.Contains("public const string EmbeddedWeightsResource", StringComparison.Ordinal)) - 1;
        int method = Array.FindIndex(lines, line => line.Contains("public void LoadEmbeddedWeights()", StringComparison.Ordinal));
        Assert.True(first >= 0 && method > first, generated);
        string indent = lines[method][..(lines[method].Length - lines[method].TrimStart().Length)];
        int last = Array.FindIndex(lines, method, line => line == indent + "}");
        Snapshot.Match("EmbeddedWeights", string.Join("\n", lines[first..(last + 1)]) + "\n");
    }
}
