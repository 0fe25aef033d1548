using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// The convolution and pooling diagnostics NG0019–NG0022 (and NG0015 after a convolution), in the style of
/// <see cref="DiagnosticTests"/>: the smallest declaration, the marked attribute, severity and message parts.
/// </summary>
public sealed class ConvDiagnosticTests
{
    // ---- NG0019: window larger than the padded input ----

    [Fact]
    public void NG0019_KernelLargerThanInput() => AssertOnly("NG0019", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2D(2, 5)|]]
        public partial class Net;
        """, "'conv0'", "5×5", "[1, 4, 4]");

    [Fact]
    public void NG0019_DilatedKernelLargerThanPaddedInput() => AssertOnly("NG0019", """
        using NetGen;
        [Network(1, 6, 6)]
        [Conv2D(2, 1)]
        [[|Conv2D(2, 3, Dilation = 4, Padding = 1)|]]
        public partial class Net;
        """, "'conv1'", "9×9", "8×8");

    [Fact]
    public void NG0019_PaddingMakesTheKernelFit_NoDiagnostic() =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(1, 4, 4)]
            [Conv2D(2, 5, Padding = 1)]
            public partial class Net;
            """));

    [Fact]
    public void NG0019_PoolWindowLargerThanInput_1D() => AssertOnly("NG0019", """
        using NetGen;
        [Network(2, 3)]
        [[|MaxPool1D(4)|]]
        public partial class Net;
        """, "'maxpool0'", "[2, 3]");

    // ---- NG0020: invalid stride, dilation or padding ----

    [Fact]
    public void NG0020_StrideZero() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, Stride = 0)|]]
        public partial class Net;
        """, "'conv0'", "stride 0");

    [Fact]
    public void NG0020_DilationZero() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, Dilation = 0)|]]
        public partial class Net;
        """, "'conv0'", "dilation 0");

    [Fact]
    public void NG0020_NegativePadding() => AssertOnly("NG0020", """
        using NetGen;
        [Network(3, 16)]
        [[|Conv1D(2, 3, Padding = -1)|]]
        public partial class Net;
        """, "'conv0'", "padding -1");

    [Fact]
    public void NG0020_PoolPaddingMoreThanHalfTheWindow() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|AvgPool2D(3, Padding = 2)|]]
        public partial class Net;
        """, "'avgpool0'", "padding 2", "half");

    [Fact]
    public void NG0020_PoolPaddingHalfTheWindow_IsAllowed() =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(1, 8, 8)]
            [MaxPool2D(2, Padding = 1)]
            public partial class Net;
            """));

    // ---- NG0021 (warning): the last rows or columns are never read ----

    [Fact]
    public void NG0021_NonDivisibleStride_IsAWarning_AndCodeIsStillGenerated()
    {
        const string markup = """
            using NetGen;
            [Network(1, 8, 7)]
            [[|Conv2D(2, 3, Stride = 2)|]]
            public partial class Net;
            """;
        AssertOnly("NG0021", DiagnosticSeverity.Warning, markup, "'conv0'", "stride 2", "[1, 8, 7]", "[2, 3, 3]");
        (string source, _) = GeneratorHarness.Markup(markup);
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
        Assert.Null(result.Results[0].Exception);
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.Contains("partial class Net", generated.SourceText.ToString());
    }

    // ---- NG0022: spatial layer on the wrong rank ----

    [Fact]
    public void NG0022_Conv2DAfterFlatten() => AssertOnly("NG0022", """
        using NetGen;
        [Network(1, 8, 8)]
        [Flatten]
        [[|Conv2D(2, 3)|]]
        public partial class Net;
        """, "'conv0'", "[64]", "Conv2D");

    [Fact]
    public void NG0022_Conv2DAfterDense() => AssertOnly("NG0022", """
        using NetGen;
        [Network(16)]
        [Dense(8)]
        [[|Conv2D(2, 3)|]]
        public partial class Net;
        """, "'conv0'", "[8]");

    [Fact]
    public void NG0022_Conv1DOnAThreeDimensionalInput() => AssertOnly("NG0022", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv1D(2, 3)|]]
        public partial class Net;
        """, "'conv0'", "[1, 8, 8]", "Conv1D", "[channels, length]");

    [Fact]
    public void NG0022_GlobalAveragePoolOnAVector() => AssertOnly("NG0022", """
        using NetGen;
        [Network(16)]
        [[|GlobalAveragePool2D|]]
        public partial class Net;
        """, "[16]", "GlobalAveragePool2D");

    // ---- NG0015: Dense right after a convolution ----

    [Fact]
    public void NG0015_DenseRightAfterConv2D() => AssertOnly("NG0015", """
        using NetGen;
        [Network(1, 8, 8)]
        [Conv2D(4, 3)]
        [[|Dense(10)|]]
        public partial class Net;
        """, "'dense0'", "[4, 6, 6]", "Flatten");
}
