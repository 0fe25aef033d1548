namespace NetGen;

/// <summary>
/// Average pooling over windows of size × size of each channel of a [channels, height, width] input
/// (PyTorch's <c>nn.AvgPool2d</c>, zero padding counted in the average).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : LayerAttribute
{
    public AvgPool2DAttribute(int size) => Size = size;

    /// <summary>Window height and width.</summary>
    public int Size { get; }

    /// <summary>Step between windows; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Padding on every side (zeros).</summary>
    public int Padding { get; set; }
}
