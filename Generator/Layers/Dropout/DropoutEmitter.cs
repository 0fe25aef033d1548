using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Inverted dropout, forward and backward. Training forward draws a keep-mask from the network's seeded
/// generator, y = x ⊙ mask with mask ∈ {0, 1/(1 − rate)}, and saves the mask; backward dx = dy ⊙ mask.
/// Inference skips the layer (the next layer reads its input directly).
/// </summary>
internal static class DropoutEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        // On a channels-last image or a sequence of padded steps the padding is interleaved; it is zero, so dropout covers the whole row.
        int width = layer.OutputImage is null && layer.OutputShape.Length != 2 ? layer.OutputWidth : layer.OutputStride, stride = layer.OutputStride;
        float rate = layer.Spec.Rate;
        float scale = 1f / (1f - rate);
        string n = layer.Identifier;
        w.Line($"/// <summary>{layer.Spec.Name} training forward: y = x ⊙ mask over [batch, {width}] (row stride {stride}), mask is 0 with probability {FloatLiteral.Format(rate)}, else {FloatLiteral.Format(scale)}.</summary>");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, ref float mask, int batch)"))
        {
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                using (w.Open($"for (int i = b * {stride}; i < b * {stride} + {width}; i++)"))
                {
                    w.Line($"float keep = _dropoutRandom.NextSingle() >= {FloatLiteral.Literal(rate)} ? {FloatLiteral.Literal(scale)} : 0f;");
                    w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref mask, i) = keep;");
                    w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref y, i) = global::System.Runtime.CompilerServices.Unsafe.Add(ref x, i) * keep;");
                }
            }
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx = dy ⊙ mask over [batch, {width}] (row stride {stride}); overwrites dx.</summary>");
        using (w.Open($"private static void {n}Backward(ref float dy, ref float mask, ref float dx, int batch)"))
        {
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"global::System.ReadOnlySpan<float> dyRow = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {stride}), {width});");
                w.Line($"global::System.ReadOnlySpan<float> maskRow = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref mask, b * {stride}), {width});");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(dyRow, maskRow, global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {stride}), {width}));");
            }
        }
        w.Line();
    }
}
