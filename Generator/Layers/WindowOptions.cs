using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>
/// The window of a convolution or pooling, per axis as PyTorch's <c>kernel_size=(h, w)</c>, <c>stride=(h, w)</c>,
/// <c>padding=(h, w)</c>, <c>dilation=(h, w)</c>: "same" padding (<see cref="Same"/>) pads each axis by its own rule. A
/// 1-D layer (<see cref="OneD"/>) has only a width axis: its height axis is one row (kernel 1, stride 1, no padding, no
/// dilation) over an input of height 1.
/// </summary>
internal sealed record WindowOptions(
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    bool Same,
    int DilationHeight, int DilationWidth,
    bool OneD) : LayerOptions
{
    public static WindowOptions Of(LayerSpec layer) => (WindowOptions)layer.Options!;

    /// <summary>The height axis: kernel rows, their stride, padding and dilation.</summary>
    public Axis Height => new(KernelHeight, StrideHeight, PaddingHeight, DilationHeight);

    /// <summary>The width axis: kernel columns, their stride, padding and dilation.</summary>
    public Axis Width => new(KernelWidth, StrideWidth, PaddingWidth, DilationWidth);

    /// <summary>One axis of the window.</summary>
    public readonly record struct Axis(int Kernel, int Stride, int Padding, int Dilation);
}
