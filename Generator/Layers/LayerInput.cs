using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// What a layer reads, as the planner has laid it out: its shape, its real floats and its stride per sample, and its
/// channels-last layout when it is an image.
/// </summary>
internal sealed record LayerInput(int[] Shape, int Width, int Stride, ImageLayout? Image);
