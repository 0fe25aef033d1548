using System;
using System.Collections.Generic;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Upsample2D forward and backward on channels-last images, whole positions (channel vectors) at a time.
/// Nearest: each input position is copied to its sh × sw output positions (one output row is built, the other sh − 1
/// are copies of it); backward sums the sh·sw output gradients. Bilinear (align_corners=False): output row i reads
/// source row (i + ½) / sh − ½ clamped at 0, between its two neighbours; the neighbours and weights of every output
/// row and column are constants in tables, and backward scatters each output gradient to the four inputs it read.
/// </summary>
internal static class Upsample2DEmitter
{
    private const string Add = "global::System.Runtime.CompilerServices.Unsafe.Add";
    private const string Span = "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan";
    private const string ReadOnlySpan = "global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan";

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        if (UpsampleOptions.Of(layer.Spec).Bilinear) EmitBilinear(w, layer);
        else EmitNearest(w, layer);
    }

    private static void EmitNearest(SourceWriter w, LayerPlan layer)
    {
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        int sh = UpsampleOptions.Of(layer.Spec).ScaleHeight, sw = UpsampleOptions.Of(layer.Spec).ScaleWidth, cs = x.ChannelStride, row = y.Width * cs;
        string n = layer.Identifier;
        w.Line($"/// <summary>{layer.Spec.Name} forward: y {y} = x {x} with each position repeated {sh}×{sw} (nearest).</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        using (w.Open($"for (int i = 0; i < {x.Height}; i++)"))
        {
            w.Line($"ref float source = ref {Add}(ref x, b * {x.Stride} + i * {x.Width * cs});");
            w.Line($"ref float target = ref {Add}(ref y, b * {y.Stride} + i * {sh * row});");
            using (w.Open($"for (int j = 0; j < {x.Width}; j++)"))
            {
                w.Line($"global::System.ReadOnlySpan<float> position = {ReadOnlySpan}(ref {Add}(ref source, j * {cs}), {cs});");
                w.Line($"for (int r = 0; r < {sw}; r++) position.CopyTo({Span}(ref {Add}(ref target, (j * {sw} + r) * {cs}), {cs}));");
            }
            if (sh > 1) w.Line($"for (int r = 1; r < {sh}; r++) {ReadOnlySpan}(ref target, {row}).CopyTo({Span}(ref {Add}(ref target, r * {row}), {row}));");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx[i, j] = Σ of dy over the {sh}×{sw} positions input (i, j) was copied to (=).</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        using (w.Open($"for (int i = 0; i < {x.Height}; i++)"))
        using (w.Open($"for (int j = 0; j < {x.Width}; j++)"))
        {
            w.Line($"global::System.Span<float> gradient = {Span}(ref {Add}(ref dx, b * {x.Stride} + (i * {x.Width} + j) * {cs}), {cs});");
            w.Line($"ref float first = ref {Add}(ref dy, b * {y.Stride} + i * {sh * row} + j * {sw * cs});");
            w.Line($"{ReadOnlySpan}(ref first, {cs}).CopyTo(gradient);");
            using (w.Open($"for (int r = 0; r < {sh}; r++)"))
            using (w.Open($"for (int c = r == 0 ? 1 : 0; c < {sw}; c++)"))
            {
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(gradient, {ReadOnlySpan}(ref {Add}(ref first, r * {row} + c * {cs}), {cs}), gradient);");
            }
        }
        w.Line();
    }

    private static void EmitBilinear(SourceWriter w, LayerPlan layer)
    {
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        int sh = UpsampleOptions.Of(layer.Spec).ScaleHeight, sw = UpsampleOptions.Of(layer.Spec).ScaleWidth, cs = x.ChannelStride;
        string n = layer.Identifier;
        (int[] rows, string[] rowWeights) = Neighbours(y.Height, x.Height, sh);
        (int[] columns, string[] columnWeights) = Neighbours(y.Width, x.Width, sw);
        w.Line($"// {layer.Spec.Name}: for output row i, the input rows it reads ({n}Rows[2i], [2i + 1]) and the second one's weight; the same for columns.");
        w.Line($"private static global::System.ReadOnlySpan<int> {n}Rows => [{string.Join(", ", rows)}];");
        w.Line($"private static global::System.ReadOnlySpan<float> {n}RowWeights => [{string.Join(", ", rowWeights)}];");
        w.Line($"private static global::System.ReadOnlySpan<int> {n}Columns => [{string.Join(", ", columns)}];");
        w.Line($"private static global::System.ReadOnlySpan<float> {n}ColumnWeights => [{string.Join(", ", columnWeights)}];");
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} forward: y {y} = x {x} interpolated bilinearly ({sh}×{sw}, align_corners=False).</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        using (w.Open($"for (int i = 0; i < {y.Height}; i++)"))
        using (w.Open($"for (int j = 0; j < {y.Width}; j++)"))
        {
            EmitCorners(w, n, x, "x", "b");
            w.Line($"ref float target = ref {Add}(ref y, b * {y.Stride} + (i * {y.Width} + j) * {cs});");
            EmitChannelLoop(w, cs,
                $"global::System.Numerics.Vector.StoreUnsafe(w00 * global::System.Numerics.Vector.LoadUnsafe(ref x00, k) + w01 * global::System.Numerics.Vector.LoadUnsafe(ref x01, k) + w10 * global::System.Numerics.Vector.LoadUnsafe(ref x10, k) + w11 * global::System.Numerics.Vector.LoadUnsafe(ref x11, k), ref target, k);",
                $"{Add}(ref target, k) = w00 * {Add}(ref x00, k) + w01 * {Add}(ref x01, k) + w10 * {Add}(ref x10, k) + w11 * {Add}(ref x11, k);");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: each dy position added to the four inputs it read, with their weights; dx is overwritten.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"{Span}(ref {Add}(ref dx, b * {x.Stride}), {x.Stride}).Clear();");
            using (w.Open($"for (int i = 0; i < {y.Height}; i++)"))
            using (w.Open($"for (int j = 0; j < {y.Width}; j++)"))
            {
                EmitCorners(w, n, x, "dx", "b");
                w.Line($"ref float gradient = ref {Add}(ref dy, b * {y.Stride} + (i * {y.Width} + j) * {cs});");
                EmitChannelLoop(w, cs,
                    "global::System.Numerics.Vector<float> g = global::System.Numerics.Vector.LoadUnsafe(ref gradient, k);\n" +
                    "global::System.Numerics.Vector.StoreUnsafe(global::System.Numerics.Vector.LoadUnsafe(ref x00, k) + w00 * g, ref x00, k);\n" +
                    "global::System.Numerics.Vector.StoreUnsafe(global::System.Numerics.Vector.LoadUnsafe(ref x01, k) + w01 * g, ref x01, k);\n" +
                    "global::System.Numerics.Vector.StoreUnsafe(global::System.Numerics.Vector.LoadUnsafe(ref x10, k) + w10 * g, ref x10, k);\n" +
                    "global::System.Numerics.Vector.StoreUnsafe(global::System.Numerics.Vector.LoadUnsafe(ref x11, k) + w11 * g, ref x11, k);",
                    $"float g = {Add}(ref gradient, k);\n" +
                    $"{Add}(ref x00, k) += w00 * g;\n{Add}(ref x01, k) += w01 * g;\n{Add}(ref x10, k) += w10 * g;\n{Add}(ref x11, k) += w11 * g;");
            }
        }
        w.Line();
    }

    /// <summary>The four input positions output (i, j) reads, in <paramref name="buffer"/>, and their weights.</summary>
    private static void EmitCorners(SourceWriter w, string n, ImageLayout x, string buffer, string sample)
    {
        int cs = x.ChannelStride;
        w.Line($"int h0 = {n}Rows[2 * i], h1 = {n}Rows[2 * i + 1], c0 = {n}Columns[2 * j], c1 = {n}Columns[2 * j + 1];");
        w.Line($"float lh = {n}RowWeights[i], lw = {n}ColumnWeights[j];");
        w.Line("float w00 = (1f - lh) * (1f - lw), w01 = (1f - lh) * lw, w10 = lh * (1f - lw), w11 = lh * lw;");
        w.Line($"ref float image = ref {Add}(ref {buffer}, {sample} * {x.Stride});");
        w.Line($"ref float x00 = ref {Add}(ref image, (h0 * {x.Width} + c0) * {cs}), x01 = ref {Add}(ref image, (h0 * {x.Width} + c1) * {cs});");
        w.Line($"ref float x10 = ref {Add}(ref image, (h1 * {x.Width} + c0) * {cs}), x11 = ref {Add}(ref image, (h1 * {x.Width} + c1) * {cs});");
    }

    /// <summary>A loop over one position's channels: whole <c>Vector&lt;float&gt;</c>s, then a scalar tail when the stride is not a multiple.</summary>
    private static void EmitChannelLoop(SourceWriter w, int channels, string vector, string scalar)
    {
        w.Line("nuint k = 0;");
        using (w.Open($"for (; k + (nuint)global::System.Numerics.Vector<float>.Count <= {channels}; k += (nuint)global::System.Numerics.Vector<float>.Count)"))
        {
            foreach (string line in vector.Split('\n')) w.Line(line);
        }
        using (w.Open($"for (; k < {channels}; k++)"))
        {
            foreach (string line in scalar.Split('\n')) w.Line(line);
        }
    }

    /// <summary>PyTorch's source index for align_corners=False: the two input rows around each output row, and the second's weight.</summary>
    private static (int[] Pairs, string[] Weights) Neighbours(int outputs, int inputs, int scale)
    {
        var pairs = new List<int>();
        var weights = new List<string>();
        for (int i = 0; i < outputs; i++)
        {
            double source = Math.Max(0.0, (i + 0.5) / scale - 0.5);
            int first = Math.Min((int)source, inputs - 1), second = Math.Min(first + 1, inputs - 1);
            pairs.Add(first);
            pairs.Add(second);
            weights.Add(FloatLiteral.Literal((float)(source - first)));
        }
        return (pairs.ToArray(), weights.ToArray());
    }
}
