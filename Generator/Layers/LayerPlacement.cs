using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Where a layer writes and what it holds, as its family places it: the stride of its output and its channels-last layout
/// when it is an image, whether it has a buffer of its own (a Flatten of a flat buffer only renames it), its weights and
/// bias in the parameter buffer (-1 without) with the real floats of its parameters, and its state (-1 without).
/// </summary>
internal sealed record LayerPlacement(
    int OutputStride,
    ImageLayout? OutputImage = null,
    bool HasBuffer = true,
    int WeightOffset = -1,
    int BiasOffset = -1,
    int ParameterCount = 0,
    int StateOffset = -1);
