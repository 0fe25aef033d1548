namespace NetGen.Reference;

/// <summary>
/// The sliding window of a convolution or pooling layer, per axis as PyTorch's tuples (<c>stride=(2, 1)</c>): kernel,
/// stride, zero padding, dilation along the height and along the width, or "same" padding on each axis (output =
/// ⌈input / stride⌉, the total padding split with the smaller half before, as TensorFlow's and PyTorch's
/// <c>padding='same'</c>). A 1-D window slides along W only, on [C, 1, L]: its height axis is kernel 1, stride 1,
/// no padding, no dilation.
/// </summary>
public readonly record struct Window(
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    int DilationHeight, int DilationWidth,
    bool Same)
{
    /// <summary>A 1-D window of <paramref name="kernel"/> along W.</summary>
    public static Window OneD(int kernel, int stride, int padding, int dilation, bool same) => new(1, kernel, 1, stride, 0, padding, 1, dilation, same);

    /// <summary>The output shape for <paramref name="input"/> with <paramref name="channels"/> output channels, and the padding before (top, left).</summary>
    public (Shape Output, int Top, int Left) Apply(Shape input, int channels)
    {
        (int oh, int top) = Dimension(input.H, KernelHeight, StrideHeight, PaddingHeight, DilationHeight);
        (int ow, int left) = Dimension(input.W, KernelWidth, StrideWidth, PaddingWidth, DilationWidth);
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"the window {KernelHeight}x{KernelWidth} does not fit the input {input}");
        return (new Shape(channels, oh, ow), top, left);
    }

    /// <summary>Output size and leading padding of one spatial dimension: ⌊(in + 2p − d(k − 1) − 1) / s⌋ + 1.</summary>
    private (int Output, int Before) Dimension(int input, int kernel, int stride, int padding, int dilation)
    {
        int span = dilation * (kernel - 1) + 1;
        if (!Same) return ((input + 2 * padding - span) / stride + 1, padding);
        int output = (input + stride - 1) / stride;
        int total = Math.Max(0, (output - 1) * stride + span - input);
        return (output, total / 2);
    }
}
