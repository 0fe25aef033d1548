namespace NetGen;

/// <summary>
/// Maximum pooling over windows of size × size of each channel of a [channels, height, width] input
/// (PyTorch's <c>nn.MaxPool2d</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : LayerAttribute
{
    public MaxPool2DAttribute(int size) => Size = size;

    /// <summary>Window height and width.</summary>
    public int Size { get; }

    /// <summary>Step between windows; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding on every side (never chosen as the maximum).</summary>
    public int Padding { get; set; }
}
