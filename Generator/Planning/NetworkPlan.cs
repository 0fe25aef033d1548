using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// Where one layer reads and writes, after shape inference: widths (real floats per sample),
/// strides (floats between samples in the buffers; dense outputs are padded to a multiple of 16
/// so every kernel load is a full vector), and the layer's slice of the flat parameter buffer.
/// </summary>
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
    int Source)  // index of the layer whose output this layer reads; -1 for the network input
{
    /// <summary>Whether the layer has its own output buffer (Flatten only renames its input).</summary>
    public bool HasBuffer => Spec.Kind != LayerKind.Flatten;
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
    int MaxStride)
{
    /// <summary>The layer whose buffer holds the network's output (skipping trailing Flattens).</summary>
    public int OutputLayer { get; init; }

    public bool HasDropout { get; init; }
}
