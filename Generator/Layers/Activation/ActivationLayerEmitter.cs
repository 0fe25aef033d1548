using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// A stand-alone activation's forward and backward, row by row. Forward uses TensorPrimitives, whose Max keeps NaN
/// as PyTorch does (LeakyReLU is max(x, slope·x) for 0 ≤ slope &lt; 1). Backward writes dx = dy ⊙ act'(y) in one
/// <c>Vector&lt;float&gt;</c> loop per row with a scalar tail (any row length), with PyTorch's NaN rules: ReLU drops dy
/// only where y ≤ 0, so a NaN output passes its gradient on.
/// </summary>
/// <remarks>
/// A vector's row is its real width (input and output strides may differ: the network input is unpadded); an
/// image's or a sequence's whole row, whose interleaved padding is zero in and finite out (the layers after it never
/// read padding, and its gradient there is zero).
/// </remarks>
internal static class ActivationLayerEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        int inStride = layer.InputStride, outStride = layer.OutputStride, width = RowWidth(layer);
        ActivationKind activation = layer.Spec.Activation;
        string describe = ActivationEmitter.Describe(layer.Spec);
        w.Line($"/// <summary>{layer.Spec.Name} forward: y = {describe}(x) over [rows, {width}] (row strides {inStride} in, {outStride} out).</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> input = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {inStride}), {width});");
            w.Line($"global::System.Span<float> output = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {outStride}), {width});");
            ActivationEmitter.EmitSpanForward(w, layer.Spec, "input", "output");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx = dy ⊙ {describe}'(y) over [rows, {width}]; overwrites dx.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float yRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {outStride});");
            w.Line($"ref float dyRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {outStride});");
            w.Line($"ref float dxRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {inStride});");
            ActivationEmitter.EmitBackwardRow(w, layer.Spec, width);
        }
        w.Line();
    }

    /// <summary>Floats of a row the activation reads: a vector's real width (its padding, if any, stays zero), else the whole row.</summary>
    private static int RowWidth(LayerPlan layer) =>
        layer.OutputImage is null && layer.OutputShape.Length == 1 ? layer.OutputWidth : layer.OutputStride;
}
