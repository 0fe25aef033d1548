using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Moves between PyTorch's [C, H, W] order and NetGen's channels-last images [H·W, Cp]: the network input
/// into the first image layer (and its gradient back), and the last layer's image into the output.
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
}
