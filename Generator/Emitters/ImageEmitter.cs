using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Moves between PyTorch's [C, H, W] order and NetGen's channels-last images [H·W, Cp]: the network input
/// into the first image layer (and its gradient back), Flatten of an image into a vector in PyTorch's
/// order (so a Dense layer after it has PyTorch's weight layout), and global average pooling, which
/// reduces each channel over all positions into a vector.
/// </summary>
internal static class ImageEmitter
{
    /// <summary>
    /// Reordering between PyTorch's [C, H, W] and channels-last: <paramref name="toImage"/> for the network's
    /// input (or its output gradient), <paramref name="fromImage"/> for the input gradient (or the output).
    /// </summary>
    public static void EmitConversion(SourceWriter w, ImageLayout image, string toImage, string fromImage, string what)
    {
        int positions = image.Positions;
        w.Line($"/// <summary>The {what} [{image.Channels}, {image.Height}, {image.Width}] (PyTorch order) into channels-last {image}; padding channels stay zero.</summary>");
        using (w.Open($"private static void {toImage}(ref float x, ref float image, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float source = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {image.Channels * positions});");
            w.Line($"ref float target = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, b * {image.Stride});");
            w.Line($"for (int c = 0; c < {image.Channels}; c++)");
            w.Line($"    for (int p = 0; p < {positions}; p++) global::System.Runtime.CompilerServices.Unsafe.Add(ref target, p * {image.ChannelStride} + c) = global::System.Runtime.CompilerServices.Unsafe.Add(ref source, c * {positions} + p);");
        }
        w.Line();
        w.Line($"/// <summary>Channels-last {image} back to the {what}'s [{image.Channels}, {image.Height}, {image.Width}] order (=).</summary>");
        using (w.Open($"private static void {fromImage}(ref float image, ref float x, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float source = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, b * {image.Stride});");
            w.Line($"ref float target = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {image.Channels * positions});");
            w.Line($"for (int c = 0; c < {image.Channels}; c++)");
            w.Line($"    for (int p = 0; p < {positions}; p++) global::System.Runtime.CompilerServices.Unsafe.Add(ref target, c * {positions} + p) = global::System.Runtime.CompilerServices.Unsafe.Add(ref source, p * {image.ChannelStride} + c);");
        }
        w.Line();
    }

    /// <summary>Flatten of a channels-last image: y[c·H·W + p] = x[p, c], PyTorch's flatten order.</summary>
    public static void EmitFlatten(SourceWriter w, LayerPlan layer)
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

    /// <summary>Global average pooling: y[c] = Σ_p x[p, c] / P, and dx[p, c] = dy[c] / P.</summary>
    public static void EmitGlobalAveragePool(SourceWriter w, LayerPlan layer)
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
