using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// Conv2DTranspose takes a [channels, height, width] image (NG0022), at least one filter (NG0006), a window PyTorch
/// accepts — positive kernel, stride and dilation, no negative padding, output padding below the stride or the
/// dilation on each axis, an output of at least one row and column (NG0020) — an output that fits a buffer, also before padding crops it (NG0018),
/// and no softmax over its channels (NG0041).
/// </summary>
public sealed class ConvTransposeDiagnosticTests
{
    [Fact]
    public void NG0022_ConvTransposeOfAVector() => AssertOnly("NG0022", """
        using NetGen;
        [Network(8)]
        [[|Conv2DTranspose(4, 3)|]]
        public partial class Net;
        """, "'deconv0'", "[8]", "Conv2DTranspose", "[channels, height, width]");

    [Fact]
    public void NG0006_NoFilters() => AssertOnly("NG0006", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(0, 3)|]]
        public partial class Net;
        """, "'deconv0'", "0 units");

    [Fact]
    public void NG0020_ZeroKernel() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(2, 0)|]]
        public partial class Net;
        """, "'deconv0'", "a kernel of 0×0");

    [Fact]
    public void NG0020_NegativeKernelWidth() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(2, 3, KernelWidth = -2)|]]
        public partial class Net;
        """, "'deconv0'", "a kernel of 3×-2");

    [Fact]
    public void NG0020_OutputPaddingNotBelowStrideOrDilation() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(2, 3, Stride = 2, OutputPadding = 2)|]]
        public partial class Net;
        """, "'deconv0'", "output padding 2×2 with stride 2×2 and dilation 1×1", "smaller than the stride or the dilation");

    [Fact]
    public void NG0020_OutputPaddingAcrossTheWidthOnly() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(2, 3, Stride = 2, StrideWidth = 1, OutputPadding = 1)|]]
        public partial class Net;
        """, "'deconv0'", "output padding 1×1 with stride 2×1 and dilation 1×1");

    [Fact]
    public void NG0020_NegativePaddingWidth() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(2, 3, PaddingWidth = -3)|]]
        public partial class Net;
        """, "'deconv0'", "padding 0×-3", "cannot be negative");

    [Fact]
    public void NG0020_PaddingLeavesNoOutput() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 2, 2)]
        [[|Conv2DTranspose(1, 2, Padding = 2)|]]
        public partial class Net;
        """, "'deconv0'", "padding 2×2, which leaves an output of -1×-1 from input [1, 2, 2]");

    [Fact]
    public void NG0018_OutputTooLarge() => AssertOnly("NG0018", """
        using NetGen;
        [Network(1, 64, 64)]
        [[|Conv2DTranspose(4096, 3, Stride = 100)|]]
        public partial class Net;
        """, "'deconv0'", "its output [4096, 6303, 6303]");

    [Fact]
    public void NG0018_UncroppedOutputTooLarge() => AssertOnly("NG0018", """
        using NetGen;
        [Network(1, 64, 64)]
        [[|Conv2DTranspose(1, 3, Stride = 100000, Padding = 3000000)|]]
        public partial class Net;
        """, "'deconv0'", "its output before padding crops it (6300003×6300003 positions)");

    [Fact]
    public void NG0041_SoftmaxOverChannels() => AssertOnly("NG0041", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2DTranspose(3, 3, Activation = Activation.Softmax)|]]
        public partial class Net;
        """, "'deconv0'", "Conv2DTranspose");
}
