namespace NetGen;

/// <summary>
/// Average pooling over windows of size × size of each channel of a [channels, height, width] input
/// (PyTorch's <c>nn.AvgPool2d</c>, zero padding counted in the average), with a stride and padding per axis if set
/// (<c>stride=(2, 1)</c>, <c>padding=(1, 0)</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute : LayerAttribute
{
    public AvgPool2DAttribute(int size) => Size = size;

    /// <summary>Window height and width.</summary>
    public int Size { get; }

    private int? _strideWidth, _paddingWidth;

    /// <summary>Step between windows down the height, and across the width unless <see cref="StrideWidth"/> is set; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Step between windows across the width: <see cref="Stride"/> until set; 0 means the window size.</summary>
    public int StrideWidth { get => _strideWidth ?? Stride; set => _strideWidth = value; }

    /// <summary>Padding above and below (zeros), and left and right unless <see cref="PaddingWidth"/> is set; at most half the window.</summary>
    public int Padding { get; set; }

    /// <summary>Padding left and right (zeros): <see cref="Padding"/> until set; 0 (no padding across) is a value like any other.</summary>
    public int PaddingWidth { get => _paddingWidth ?? Padding; set => _paddingWidth = value; }
}
