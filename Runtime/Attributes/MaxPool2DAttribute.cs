namespace NetGen;

/// <summary>
/// Maximum pooling over windows of size × size of each channel of a [channels, height, width] input
/// (PyTorch's <c>nn.MaxPool2d</c>), with a stride and padding per axis if set (<c>stride=(2, 1)</c>, <c>padding=(1, 0)</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute : LayerAttribute
{
    public MaxPool2DAttribute(int size) => Size = size;

    /// <summary>Window height and width.</summary>
    public int Size { get; }

    private int? _strideWidth, _paddingWidth;

    /// <summary>Step between windows down the height, and across the width unless <see cref="StrideWidth"/> is set; 0 means the window size.</summary>
    public int Stride { get; set; }

    /// <summary>Step between windows across the width: <see cref="Stride"/> until set; 0 means the window size.</summary>
    public int StrideWidth { get => _strideWidth ?? Stride; set => _strideWidth = value; }

    /// <summary>Padding above and below (never chosen as the maximum), and left and right unless <see cref="PaddingWidth"/> is set; at most half the window.</summary>
    public int Padding { get; set; }

    /// <summary>Padding left and right (never chosen as the maximum): <see cref="Padding"/> until set; 0 (no padding across) is a value like any other.</summary>
    public int PaddingWidth { get => _paddingWidth ?? Padding; set => _paddingWidth = value; }
}
