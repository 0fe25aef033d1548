namespace NetGen;

/// <summary>
/// A 1-D convolution over an input of shape [channels, length]: output [filters, outLength] (PyTorch's
/// <c>nn.Conv1d</c>; weights [filters, channels, kernel], bias [filters]).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv1DAttribute : LayerAttribute
{
    public Conv1DAttribute(int filters, int kernel)
    {
        Filters = filters;
        Kernel = kernel;
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel length.</summary>
    public int Kernel { get; }

    /// <summary>Step between output positions.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added at both ends.</summary>
    public int Padding { get; set; }

    /// <summary>Pads so that the output length is ⌈length / stride⌉; overrides <see cref="Padding"/>.</summary>
    public bool Same { get; set; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; set; } = 1;

    public Activation Activation { get; set; }

    public float LeakySlope { get; set; } = 0.01f;

    public bool Bias { get; set; } = true;
}
