namespace NetGen;

/// <summary>Maximum pooling over windows of each channel of a [channels, length] input (PyTorch's <c>nn.MaxPool1d</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool1DAttribute : LayerAttribute
{
    public MaxPool1DAttribute(int size) => Size = size;

    /// <summary>Window length.</summary>
    public int Size { get; }

    /// <summary>Step between windows; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding at both ends.</summary>
    public int Padding { get; set; }
}
