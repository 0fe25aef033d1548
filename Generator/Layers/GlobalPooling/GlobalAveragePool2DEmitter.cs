using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Global average pooling of a channels-last image: each channel reduced over all positions into a vector.</summary>
internal static class GlobalAveragePool2DEmitter
{
    /// <summary>Global average pooling: y[c] = Σ_p x[p, c] / P, and dx[p, c] = dy[c] / P.</summary>
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        ImageLayout image = layer.InputImage!;
        int positions = image.Positions;
        string scale = FloatLiteral.Literal(1f / positions);
        w.Line($"/// <summary>{layer.Spec.Name} forward: y[c] = mean over the {positions} positions of x {image}, whole vectors of channels.</summary>");
        using (w.Open($"private static void {layer.Identifier}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"global::System.Span<float> mean = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {layer.OutputStride}), {image.ChannelStride});");
            w.Line("mean.Clear();");
            w.Line($"for (int p = 0; p < {positions}; p++) global::System.Numerics.Tensors.TensorPrimitives.Add(mean, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {image.Stride} + p * {image.ChannelStride}), {image.ChannelStride}), mean);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(mean, {scale}, mean);");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx[p, c] = dy[c] / {positions} (=).</summary>");
        using (w.Open($"private static void {layer.Identifier}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> gradient = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {layer.OutputStride}), {image.ChannelStride});");
            w.Line($"for (int p = 0; p < {positions}; p++) global::System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, {scale}, global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {image.Stride} + p * {image.ChannelStride}), {image.ChannelStride}));");
        }
        w.Line();
    }
}
