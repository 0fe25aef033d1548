using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Flatten of a channels-last image into a vector in PyTorch's order, so a Dense layer after it has PyTorch's
/// weight layout.
/// </summary>
internal static class ImageFlattenEmitter
{
    /// <summary>Flatten of a channels-last image: y[c·H·W + p] = x[p, c], PyTorch's flatten order.</summary>
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        ImageLayout image = layer.InputImage!;
        int positions = image.Positions;
        w.Line($"/// <summary>{layer.Spec.Name}: x {image} (channels last) → y [{layer.OutputWidth}] in PyTorch's [C, H, W] order.</summary>");
        using (w.Open($"private static void {layer.Identifier}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float source = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {image.Stride});");
            w.Line($"ref float target = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {layer.OutputStride});");
            w.Line($"for (int c = 0; c < {image.Channels}; c++)");
            w.Line($"    for (int p = 0; p < {positions}; p++) global::System.Runtime.CompilerServices.Unsafe.Add(ref target, c * {positions} + p) = global::System.Runtime.CompilerServices.Unsafe.Add(ref source, p * {image.ChannelStride} + c);");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx {image} (=) from dy [{layer.OutputWidth}]; padding channels stay zero.</summary>");
        using (w.Open($"private static void {layer.Identifier}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float source = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {layer.OutputStride});");
            w.Line($"ref float target = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {image.Stride});");
            w.Line($"for (int c = 0; c < {image.Channels}; c++)");
            w.Line($"    for (int p = 0; p < {positions}; p++) global::System.Runtime.CompilerServices.Unsafe.Add(ref target, p * {image.ChannelStride} + c) = global::System.Runtime.CompilerServices.Unsafe.Add(ref source, c * {positions} + p);");
        }
        w.Line();
    }
}
