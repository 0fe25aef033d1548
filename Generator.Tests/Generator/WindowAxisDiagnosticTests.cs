using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// Window settings per axis (StrideWidth, PaddingWidth, DilationWidth): each misuse is reported at the attribute and
/// names both axes where they differ (<c>stride 1×-1</c>), and a width setting is checked like the height's.
/// </summary>
public sealed class WindowAxisDiagnosticTests
{
    [Fact]
    public void NG0020_NegativeStrideWidth() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, StrideWidth = -1)|]]
        public partial class Net;
        """, "'conv0'", "stride 1×-1", "at least 1");

    [Fact]
    public void NG0020_StrideWidthZero() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, Stride = 2, StrideWidth = 0)|]]
        public partial class Net;
        """, "'conv0'", "stride 2×0");

    [Fact]
    public void NG0020_DilationWidthZero() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, DilationWidth = 0)|]]
        public partial class Net;
        """, "'conv0'", "dilation 1×0", "at least 1");

    [Fact]
    public void NG0020_NegativePaddingWidth() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, Padding = 1, PaddingWidth = -1)|]]
        public partial class Net;
        """, "'conv0'", "padding 1×-1", "cannot be negative");

    [Fact]
    public void NG0020_NegativePoolStrideWidth() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|AvgPool2D(2, StrideWidth = -1)|]]
        public partial class Net;
        """, "'avgpool0'", "stride 2×-1");

    [Fact]
    public void NG0020_PoolPaddingWidthMoreThanHalfTheWindow() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|MaxPool2D(2, PaddingWidth = 2)|]]
        public partial class Net;
        """, "'maxpool0'", "padding 0×2 on a 2×2 window", "half");

    [Fact]
    public void PoolStrideWidthZero_IsTheWindow_AndPaddingWidthZero_IsNoPadding() =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(1, 8, 8)]
            [MaxPool2D(2, Stride = 1, StrideWidth = 0, Padding = 1, PaddingWidth = 0)]
            public partial class Net;
            """));

    [Fact]
    public void NG0019_WindowLargerThanThePaddedInputAlongTheWidthOnly() => AssertOnly("NG0019", """
        using NetGen;
        [Network(1, 8, 3)]
        [[|Conv2D(2, 5, Padding = 1, PaddingWidth = 0)|]]
        public partial class Net;
        """, "'conv0'", "5×5 window", "[1, 8, 3]", "padded by 1×0", "is only 10×3");

    [Fact]
    public void NG0019_DilationWidthSpansPastTheInput() => AssertOnly("NG0019", """
        using NetGen;
        [Network(1, 8, 6)]
        [[|Conv2D(2, 3, DilationWidth = 3)|]]
        public partial class Net;
        """, "'conv0'", "3×7 window", "is only 8×6");

    [Fact]
    public void NG0021_TheWidthsStrideSkipsColumns_NamesThatStride() => AssertOnly("NG0021", DiagnosticSeverity.Warning, """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Conv2D(2, 3, StrideWidth = 3)|]]
        public partial class Net;
        """, "'conv0'", "input 8 + padding − window 3", "stride 3", "the last 2 row(s)/column(s) of input [1, 8, 8]", "[2, 6, 2]");

    [Fact]
    public void NG0021_TheHeightsStrideSkipsRows_NamesThatStride() => AssertOnly("NG0021", DiagnosticSeverity.Warning, """
        using NetGen;
        [Network(1, 10, 9)]
        [[|MaxPool2D(3, Stride = 2, StrideWidth = 1)|]]
        public partial class Net;
        """, "'maxpool0'", "input 10 + padding − window 3", "stride 2", "the last 1 row(s)/column(s) of input [1, 10, 9]", "[1, 4, 7]");
}
