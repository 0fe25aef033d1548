using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// LeNet-5's generated source and a small CNN with batch and layer norm, pinned in <c>Snapshots/LeNet5.g.cs.txt</c> and
/// <c>Snapshots/NormalizedCnn.g.cs.txt</c> (accept changes with <c>NETGEN_ACCEPT_SNAPSHOTS=1</c>).
/// </summary>
public sealed class ConvSnapshotTests
{
    [Fact]
    public void LeNet5_Conv5p2_MaxPool_Conv5_MaxPool_Flatten_Dense120_84_10() => Snapshot.Match("LeNet5", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
        [Conv2D(6, 5, Padding = 2, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Conv2D(16, 5, Activation = Activation.ReLU)]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(120, Activation = Activation.ReLU)]
        [Dense(84, Activation = Activation.ReLU)]
        [Dense(10)]
        public partial class LeNet5;
        """));

    [Fact]
    public void SmallNormalizedCnn_Conv3p1_BatchNorm_MaxPool_Flatten_Dense32_LayerNorm_Dense10() => Snapshot.Match("NormalizedCnn", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(1, 12, 12, Loss = LossKind.SoftmaxCrossEntropy)]
        [Conv2D(8, 3, Padding = 1, Activation = Activation.ReLU)]
        [BatchNorm(Name = "bn1")]
        [MaxPool2D(2)]
        [Flatten]
        [Dense(32, Activation = Activation.ReLU)]
        [LayerNorm(Name = "ln1")]
        [Dense(10)]
        public partial class NormalizedCnn;
        """));

    private static string Generate(string source)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Null(result.Results[0].Exception);
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.DoesNotContain(generated.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        return generated.SourceText.ToString();
    }
}
