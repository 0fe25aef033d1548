namespace NetGen;

/// <summary>
/// A 2-D convolution over an input of shape [channels, height, width]: output [filters, outHeight, outWidth]
/// with outHeight = ⌊(height + 2·padding − dilation·(kernelHeight − 1) − 1) / stride⌋ + 1 (PyTorch's rule).
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

    /// <summary>Step between output positions, in both directions.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on every side.</summary>
    public int Padding { get; set; }

    /// <summary>Pads so that the output is ⌈input / stride⌉ in each direction (any extra row or column goes at the bottom/right); overrides <see cref="Padding"/>.</summary>
    public bool Same { get; set; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>The activation fused into the layer's epilogue.</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs when <see cref="Activation"/> is LeakyReLU.</summary>
    public float LeakySlope { get; set; } = 0.01f;

    /// <summary>Whether the layer has a bias.</summary>
    public bool Bias { get; set; } = true;
}
