namespace NetGen;

/// <summary>
/// A 2-D convolution over an input of shape [channels, height, width]: output [filters, outHeight, outWidth]
/// with outHeight = ⌊(height + 2·padding − dilation·(kernelHeight − 1) − 1) / stride⌋ + 1 (PyTorch's rule), and
/// outWidth the same with the width's kernel, stride, padding and dilation. Each may differ between the axes, as
/// PyTorch's <c>stride=(2, 1)</c>, <c>padding=(1, 2)</c>, <c>dilation=(1, 2)</c>: <see cref="KernelWidth"/>,
/// <see cref="StrideWidth"/>, <see cref="PaddingWidth"/> and <see cref="DilationWidth"/> set the width's.
/// Weights are [filters, channels, kernelHeight, kernelWidth] in weight files (PyTorch's <c>nn.Conv2d</c>
/// layout) and the bias [filters].
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : LayerAttribute
{
    /// <summary>A convolution with <paramref name="filters"/> output channels and a square <paramref name="kernel"/>.</summary>
    public Conv2DAttribute(int filters, int kernel)
    {
        Filters = filters;
        Kernel = kernel;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel height (and width, unless <see cref="KernelWidth"/> is set).</summary>
    public int Kernel { get; }

    /// <summary>Kernel width for a rectangular kernel; 0 means the same as <see cref="Kernel"/>.</summary>
    public int KernelWidth { get; set; }

    private int? _strideWidth, _paddingWidth, _dilationWidth;

    /// <summary>Step between output positions down the height, and across the width unless <see cref="StrideWidth"/> is set.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Step between output positions across the width: <see cref="Stride"/> until set; at least 1 when set.</summary>
    public int StrideWidth { get => _strideWidth ?? Stride; set => _strideWidth = value; }

    /// <summary>Zeros added above and below, and left and right unless <see cref="PaddingWidth"/> is set.</summary>
    public int Padding { get; set; }

    /// <summary>Zeros added left and right: <see cref="Padding"/> until set; 0 (no padding across) is a value like any other.</summary>
    public int PaddingWidth { get => _paddingWidth ?? Padding; set => _paddingWidth = value; }

    /// <summary>
    /// Pads so that the output is ⌈input / stride⌉ along each axis with that axis's stride (any extra row or column goes at
    /// the bottom/right); overrides <see cref="Padding"/> and <see cref="PaddingWidth"/>.
    /// </summary>
    public bool Same { get; set; }

    /// <summary>Spacing between kernel taps down the height, and across the width unless <see cref="DilationWidth"/> is set.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Spacing between kernel taps across the width: <see cref="Dilation"/> until set; at least 1 when set.</summary>
    public int DilationWidth { get => _dilationWidth ?? Dilation; set => _dilationWidth = value; }

    /// <summary>The activation fused into the layer's epilogue.</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs when <see cref="Activation"/> is LeakyReLU.</summary>
    public float LeakySlope { get; set; } = 0.01f;

    /// <summary>Whether the layer has a bias.</summary>
    public bool Bias { get; set; } = true;
}
