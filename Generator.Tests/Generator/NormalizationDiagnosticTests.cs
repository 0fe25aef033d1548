using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// The normalization diagnostics NG0023–NG0026, in the style of <see cref="DiagnosticTests"/>: the smallest
/// declaration, the marked attribute, severity and message parts; and the declarations that are accepted.
/// </summary>
public sealed class NormalizationDiagnosticTests
{
    // ---- NG0023: epsilon out of range ----

    [Theory]
    [InlineData("BatchNorm(Epsilon = 0f)", "'batchnorm0'", "Epsilon 0;")]
    [InlineData("BatchNorm(Epsilon = -1e-5f)", "'batchnorm0'", "Epsilon -1E-05;")]
    [InlineData("BatchNorm(Epsilon = float.NaN)", "'batchnorm0'", "Epsilon NaN;")]
    [InlineData("LayerNorm(Epsilon = float.PositiveInfinity, Name = \"ln\")", "'ln'", "Epsilon Infinity;")]
    public void NG0023_EpsilonNotPositiveAndFinite(string attribute, string layer, string value) => AssertOnly("NG0023", $$"""
        using NetGen;
        [Network(8)]
        [Dense(4)]
        [[|{{attribute}}|]]
        public partial class Net;
        """, layer, value, "positive, finite");

    // ---- NG0024: momentum out of range ----

    [Theory]
    [InlineData("0f", "Momentum 0;")]
    [InlineData("1.5f", "Momentum 1.5;")]
    [InlineData("-0.1f", "Momentum -0.1;")]
    [InlineData("float.NaN", "Momentum NaN;")]
    public void NG0024_MomentumOutsideZeroToOne(string momentum, string value) => AssertOnly("NG0024", $$"""
        using NetGen;
        [Network(1, 6, 6)]
        [Conv2D(4, 3)]
        [[|BatchNorm(Momentum = {{momentum}})|]]
        public partial class Net;
        """, "'batchnorm0'", value, "greater than 0 and at most 1");

    // ---- NG0026: BatchNorm of a sequence ----

    [Fact]
    public void NG0026_BatchNormOfAReturnedSequence() => AssertOnly("NG0026", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6, ReturnSequences = true)]
        [[|BatchNorm|]]
        [LSTM(3)]
        public partial class Net;
        """, "'batchnorm0'", "[8, 6]", "ReturnSequences = false");

    [Fact]
    public void NG0026_BatchNormOfTheSequenceInput() => AssertOnly("NG0026", """
        using NetGen;
        [Network(8, 4)]
        [[|BatchNorm|]]
        [GRU(3)]
        public partial class Net;
        """, "'batchnorm0'", "[8, 4]");

    [Fact]
    public void BatchNormOfARecurrentLayersLastStateIsAccepted()
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(8, 4)]
            [LSTM(6)]
            [BatchNorm]
            [Dense(2)]
            public partial class Net;
            """);
        Assert.Empty(diagnostics);
    }

    // ---- NG0025: LayerNorm after an image ----

    [Fact]
    public void NG0025_LayerNormAfterAConvolution() => AssertOnly("NG0025", """
        using NetGen;
        [Network(1, 6, 6)]
        [Conv2D(4, 3)]
        [[|LayerNorm|]]
        [Flatten]
        [Dense(2)]
        public partial class Net;
        """, "'layernorm0'", "[4, 4, 4]", "add [Flatten] before it");

    [Fact]
    public void NG0025_LayerNormOnAnImageInput() => AssertOnly("NG0025", """
        using NetGen;
        [Network(3, 5)]
        [[|LayerNorm(Name = "norm")|]]
        public partial class Net;
        """, "'norm'", "[3, 5]");

    // ---- accepted declarations ----

    [Theory]
    [InlineData("[Network(5)] [BatchNorm] [Dense(2)]")]                                         // first layer, per feature
    [InlineData("[Network(3, 8, 8)] [BatchNorm] [Conv2D(4, 3)] [BatchNorm(Momentum = 1f)]")]    // image input, image output
    [InlineData("[Network(2, 10)] [Conv1D(4, 3)] [BatchNorm(Epsilon = 1e-3f)] [MaxPool1D(2)]")] // 1-D
    [InlineData("[Network(1, 6, 6)] [Conv2D(4, 3)] [GlobalAveragePool2D] [BatchNorm] [LayerNorm] [Dense(2)]")]
    [InlineData("[Network(1, 6, 6)] [Conv2D(4, 3)] [Flatten] [LayerNorm] [Dropout(0.5f)] [LayerNorm]")]
    public void ValidNormalizations_NoDiagnostic(string declaration) =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics($"using NetGen;\n{declaration}\npublic partial class Net;"));
}
