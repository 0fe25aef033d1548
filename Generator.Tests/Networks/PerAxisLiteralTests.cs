namespace NetGen.Tests.Networks;

[Network(3, 11, 9)] [Conv2D(2, 3, Stride = 2, StrideWidth = 1, Padding = 1, PaddingWidth = 2, DilationWidth = 2)] public partial class PerAxisConvOut;
[Network(2, 9, 11)] [Conv2D(3, 3, Same = true, Stride = 2, StrideWidth = 1, DilationWidth = 2)] public partial class PerAxisSameConvOut;
[Network(1, 3, 4)] [Conv2D(1, 2, Stride = 2, StrideWidth = 1, Padding = 1, PaddingWidth = 0, DilationWidth = 2, Bias = false)] public partial class PerAxisTinyConv;
[Network(1, 4, 3)] [MaxPool2D(2, StrideWidth = 1)] public partial class PerAxisMaxPool;
[Network(1, 2, 2)] [AvgPool2D(2, StrideWidth = 1, PaddingWidth = 1)] public partial class PerAxisAvgPool;

/// <summary>
/// Per-axis windows against PyTorch's documented output size, ⌊(in + 2·padding[i] − dilation[i]·(kernel[i] − 1) − 1) /
/// stride[i]⌋ + 1 for each axis i (<c>nn.Conv2d</c>, <c>nn.MaxPool2d</c>, <c>nn.AvgPool2d</c>), and TensorFlow's ⌈in / stride[i]⌉
/// for "same"; and hand-computed values of small convolutions and poolings.
/// </summary>
public sealed class PerAxisLiteralTests
{
    /// <summary>PyTorch's output size along one axis.</summary>
    private static int PyTorchSize(int input, int kernel, int stride, int padding, int dilation) =>
        (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    [Fact]
    public void Conv2D_OutputSizeIsPyTorchsPerAxis()
    {
        // nn.Conv2d(3, 2, 3, stride=(2, 1), padding=(1, 2), dilation=(1, 2)) on 11×9: torch.Size([1, 2, 6, 9]).
        Assert.Equal(6, PyTorchSize(11, 3, 2, 1, 1));
        Assert.Equal(9, PyTorchSize(9, 3, 1, 2, 2));
        Assert.Equal(3 * 11 * 9, PerAxisConvOut.InputSize);
        Assert.Equal(2 * 6 * 9, PerAxisConvOut.OutputSize);
        Assert.Contains("Conv2D 3x3 s2x1 p1x2 d1x2", PerAxisConvOut.Summary);
        Assert.Contains("[2, 6, 9]", PerAxisConvOut.Summary);
    }

    [Fact]
    public void SamePadding_OutputIsInputOverStridePerAxis()
    {
        // ⌈9 / 2⌉ = 5 rows, ⌈11 / 1⌉ = 11 columns, whatever the dilation.
        Assert.Equal(3 * 5 * 11, PerAxisSameConvOut.OutputSize);
        Assert.Contains("Conv2D 3x3 s2x1 same d1x2", PerAxisSameConvOut.Summary);
    }

    [Fact]
    public void Pooling_OutputSizeIsPyTorchsPerAxis()
    {
        // nn.MaxPool2d(2, stride=(2, 1)) on 4×3: [1, 2, 2]; nn.AvgPool2d(2, stride=(2, 1), padding=(0, 1)) on 2×2: [1, 1, 3].
        Assert.Equal(2, PyTorchSize(4, 2, 2, 0, 1));
        Assert.Equal(2, PyTorchSize(3, 2, 1, 0, 1));
        Assert.Equal(2 * 2, PerAxisMaxPool.OutputSize);
        Assert.Equal(1, PyTorchSize(2, 2, 2, 0, 1));
        Assert.Equal(3, PyTorchSize(2, 2, 1, 1, 1));
        Assert.Equal(1 * 3, PerAxisAvgPool.OutputSize);
        Assert.Contains("MaxPool2D 2x2 s2x1", PerAxisMaxPool.Summary);
        Assert.Contains("AvgPool2D 2x2 s2x1 p0x1", PerAxisAvgPool.Summary);
    }

    [Fact]
    public void Conv2D_StrideTwoByOne_PaddingOneByZero_DilationOneByTwo_ByHand()
    {
        var network = new PerAxisTinyConv();
        TensorLayout weight = network.Tensors.Single(t => t.Name == "conv0.weight");
        float[] kernel = [1, 2, 3, 4]; // W[0, 0, kh, kw] row-major
        for (int i = 0; i < 4; i++) network.Parameters[weight.IndexOf(0, i)] = kernel[i];
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; // 3×4
        var output = new float[4];
        network.Predict(input, output, 1);
        // y[oh, ow] = Σ W[kh, kw] · x[2·oh − 1 + kh, ow + 2·kw]: row −1 is padding, so the first output row reads row 0 only.
        // y[0,0] = 3·1 + 4·3 = 15, y[0,1] = 3·2 + 4·4 = 22, y[1,0] = 1·5 + 2·7 + 3·9 + 4·11 = 90, y[1,1] = 1·6 + 2·8 + 3·10 + 4·12 = 100.
        Assert.Equal([15f, 22f, 90f, 100f], output);

        network.ZeroGradients();
        network.Forward(input, output, 1);
        var inputGradient = new float[12];
        network.Backward([1, 0, 0, 10], inputGradient, 1);
        // dW[kh, kw] = Σ dy[oh, ow] · x[2·oh − 1 + kh, ow + 2·kw] = 1·x[kh − 1, 2·kw] + 10·x[1 + kh, 1 + 2·kw]
        float[] expectedWeightGradient = [0 + 60, 0 + 80, 1 + 100, 3 + 120];
        for (int i = 0; i < 4; i++) Assert.Equal(expectedWeightGradient[i], network.Gradients[weight.IndexOf(0, i)]);
        // dx: dy[0,0] puts W's second row at x[0, 0] and x[0, 2]; dy[1,1] = 10 puts all of W at x[1..2, 1] and x[1..2, 3].
        Assert.Equal([3f, 0, 4, 0, 0, 10, 0, 20, 0, 30, 0, 40], inputGradient);
    }

    [Fact]
    public void MaxPool_StrideTwoByOne_ByHand()
    {
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; // 4×3: windows over rows {0, 1}, {2, 3} and columns {0, 1}, {1, 2}
        var output = new float[4];
        new PerAxisMaxPool().Predict(input, output, 1);
        Assert.Equal([5f, 6f, 11f, 12f], output);
    }

    [Fact]
    public void AvgPool_PaddingZeroByOne_CountsThePaddingAsPyTorch()
    {
        float[] input = [1, 2, 3, 4]; // 2×2; columns −1 and 2 are zeros, and every window divides by 4 (count_include_pad)
        var output = new float[3];
        var network = new PerAxisAvgPool();
        network.Predict(input, output, 1);
        Assert.Equal([1f, 2.5f, 1.5f], output);

        network.Forward(input, output, 1);
        var inputGradient = new float[4];
        network.Backward([1, 2, 4], inputGradient, 1);
        // Column 0 is read by windows 0 and 1, column 1 by windows 1 and 2: (1 + 2) / 4 and (2 + 4) / 4.
        Assert.Equal([0.75f, 1.5f, 0.75f, 1.5f], inputGradient);
    }
}
