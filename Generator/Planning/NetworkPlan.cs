using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// Where one layer reads and writes, after shape inference: widths (real floats per sample),
/// strides (floats between samples in the buffers; dense outputs are padded to a multiple of 16
/// so every kernel load is a full vector), and the layer's slice of the flat parameter buffer.
/// </summary>
/// <summary>
/// An image buffer's layout: height × width positions of <see cref="ChannelStride"/> floats each
/// (channels last, padded to a multiple of 16, padding zero), so every per-position operation is
/// whole vectors and a convolution is a matrix product over positions.
/// </summary>
internal sealed record ImageLayout(int Channels, int Height, int Width, int ChannelStride)
{
    public int Positions => Height * Width;

    /// <summary>Floats per sample.</summary>
    public int Stride => Height * Width * ChannelStride;

    public override string ToString() => $"[{Height}, {Width}, {ChannelStride}]";
}

internal sealed record LayerPlan(
    LayerSpec Spec,
    int Index,
    string Identifier,
    int[] OutputShape,
    int InputWidth,
    int InputStride,
    int OutputWidth,
    int OutputStride,
    int WeightOffset,
    int BiasOffset,
    int ParameterCount,
    int Source,  // index of the layer whose output this layer reads; -1 for the network input
    bool HasBuffer,  // false for a Flatten of a flat buffer, which only renames it
    ImageLayout? InputImage = null,
    ImageLayout? OutputImage = null,
    int StateOffset = -1)  // batch norm: running mean at StateOffset, running variance one padded row later
{
    /// <summary>The layer's slice of the parameter buffer, padding included: [ParameterStart, ParameterEnd); empty without parameters.</summary>
    public int ParameterStart { get; init; }

    /// <inheritdoc cref="ParameterStart"/>
    public int ParameterEnd { get; init; }

    public bool HasParameters => ParameterEnd > ParameterStart;

    /// <summary>Every tensor the layer reads, in order: one, or a merge's several; the first is also InputWidth, InputStride and InputImage.</summary>
    public Layers.LayerInput[] Inputs { get; init; } = [];

    /// <summary>The tensors the layer reads, as declared (-1: the network input, i: layer i's output).</summary>
    public int[] TensorInputs { get; init; } = [];

    /// <summary>The layer whose buffer holds each input (-1: the network input); the first is <see cref="Source"/>.</summary>
    public int[] Sources { get; init; } = [];

    /// <summary>
    /// For each input, whether backward adds to a gradient another reader of the same buffer already wrote: a tensor read
    /// by several layers gets its gradient from its last reader first (backward runs in reverse) and adds the others'.
    /// </summary>
    public bool[] AccumulatesGradient { get; init; } = [];

    /// <summary>How many input slots of later layers read this layer's output.</summary>
    public int Readers { get; init; }

    /// <summary>
    /// Max pooling whose windows tile its input exactly (stride = window, no padding, nothing left over): its
    /// backward writes every input gradient once, so nothing is cleared first.
    /// </summary>
    public bool TilesInput { get; init; }

    /// <summary>
    /// On a tiling max pooling that reads a ReLU convolution: its backward also applies that ReLU's derivative
    /// (it already reads the convolution's output); on the convolution: its own ReLU backward pass is left out.
    /// </summary>
    public bool ReluBackwardInPool { get; init; }
}

/// <summary>The whole network after shape inference: the emitters' only input.</summary>
internal sealed record NetworkPlan(
    NetworkSpec Spec,
    int InputSize,
    LayerPlan[] Layers,
    int OutputSize,
    int OutputStride,
    int ParameterCount,
    int ParameterBufferLength,
    int MaxStride,
    PredictBuffers PredictBuffers)
{
    /// <summary>
    /// Floats per sample of the scratch where single-input layers write an input gradient that is then added to the one
    /// the tensor's other readers gave (<see cref="LayerPlan.AccumulatesGradient"/>); 0 without such layers.
    /// </summary>
    public int BranchGradientStride { get; init; }

    /// <summary>The layer whose buffer holds the network's output (skipping trailing Flattens).</summary>
    public int OutputLayer { get; init; }

    public bool HasDropout { get; init; }

    /// <summary>Floats of state (batch-norm running statistics), kept apart from the parameters so optimizers never see it.</summary>
    public int StateLength { get; init; }

    /// <summary>
    /// When image layers read the network's [C, H, W] input, it is first rearranged into this
    /// channels-last layout (and its gradient back); null when layers read the input as given.
    /// </summary>
    public ImageLayout? InputImage { get; init; }
}
