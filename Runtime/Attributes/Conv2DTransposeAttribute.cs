namespace NetGen;

/// <summary>
/// A 2-D transposed convolution (PyTorch's <c>nn.ConvTranspose2d</c>) over an input of shape [channels, height, width]:
/// each input position adds its channels times the kernel to a window of the output, which grows it — what a
/// convolutional decoder or a DCGAN generator uses to upsample. Output [filters, outHeight, outWidth] with
/// outHeight = (height − 1)·stride − 2·padding + dilation·(kernelHeight − 1) + outputPadding + 1 (PyTorch's rule), and
/// likewise for the width with the width's settings. Weights are [channels, filters, kernelHeight, kernelWidth] in weight
/// files (PyTorch's <c>nn.ConvTranspose2d</c> layout, input channels first) and the bias [filters].
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DTransposeAttribute : LayerAttribute
{
    /// <summary>A transposed convolution with <paramref name="filters"/> output channels and a square <paramref name="kernel"/>.</summary>
    public Conv2DTransposeAttribute(int filters, int kernel)
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

    private int? _strideWidth, _paddingWidth, _outputPaddingWidth, _dilationWidth;

    /// <summary>Step between the output windows of neighbouring input positions, down the height (and across the width, unless <see cref="StrideWidth"/> is set).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Stride across the width: <see cref="Stride"/> until set; at least 1 when set.</summary>
    public int StrideWidth { get => _strideWidth ?? Stride; set => _strideWidth = value; }

    /// <summary>Rows cropped from the top and bottom of the full output (and columns from each side, unless <see cref="PaddingWidth"/> is set), as PyTorch's <c>padding</c>.</summary>
    public int Padding { get; set; }

    /// <summary>Columns cropped from each side: <see cref="Padding"/> until set; 0 is a value like any other.</summary>
    public int PaddingWidth { get => _paddingWidth ?? Padding; set => _paddingWidth = value; }

    /// <summary>Rows added at the bottom of the output (and columns at the right, unless <see cref="OutputPaddingWidth"/> is set); smaller than the stride or the dilation, as PyTorch's <c>output_padding</c>.</summary>
    public int OutputPadding { get; set; }

    /// <summary>Columns added at the right: <see cref="OutputPadding"/> until set.</summary>
    public int OutputPaddingWidth { get => _outputPaddingWidth ?? OutputPadding; set => _outputPaddingWidth = value; }

    /// <summary>Spacing between kernel taps, down the height (and across the width, unless <see cref="DilationWidth"/> is set).</summary>
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
