namespace NetGen.Reference;

/// <summary>
/// The sliding window of a convolution or pooling layer: kernel, stride, zero padding, dilation, or "same"
/// padding (output = ⌈input / stride⌉, the total padding split with the smaller half before, as TensorFlow's
/// and PyTorch's <c>padding='same'</c>). A 1-D window (<see cref="OneD"/>) slides along W only, on [C, 1, L].
/// </summary>
public readonly record struct Window(int KernelHeight, int KernelWidth, int Stride, int Padding, int Dilation, bool Same, bool OneD)
{
    /// <summary>The output shape for <paramref name="input"/> with <paramref name="channels"/> output channels, and the padding before (top, left).</summary>
    public (Shape Output, int Top, int Left) Apply(Shape input, int channels)
    {
        (int oh, int top) = OneD ? (1, 0) : Dimension(input.H, KernelHeight);
        (int ow, int left) = Dimension(input.W, KernelWidth);
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"the window {KernelHeight}x{KernelWidth} does not fit the input {input}");
        return (new Shape(channels, oh, ow), top, left);
    }

    /// <summary>Output size and leading padding of one spatial dimension: ⌊(in + 2p − d(k − 1) − 1) / s⌋ + 1.</summary>
    private (int Output, int Before) Dimension(int input, int kernel)
    {
        int span = Dilation * (kernel - 1) + 1;
        if (!Same) return ((input + 2 * Padding - span) / Stride + 1, Padding);
        int output = (input + Stride - 1) / Stride;
        int total = Math.Max(0, (output - 1) * Stride + span - input);
        return (output, total / 2);
    }
}
