namespace NetGen;

/// <summary>Average pooling over windows of each channel of a [channels, length] input (PyTorch's <c>nn.AvgPool1d</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool1DAttribute : LayerAttribute
{
    public AvgPool1DAttribute(int size) => Size = size;

    /// <summary>Window length.</summary>
    public int Size { get; }

    /// <summary>Step between windows; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding at both ends.</summary>
    public int Padding { get; set; }
}
