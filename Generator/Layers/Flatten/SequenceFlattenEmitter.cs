using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Flatten of a sequence whose steps are padded rows ([T, X] with row stride S): y is the [T·X] vector in
/// PyTorch's order (step-major), a copy of the real columns; backward copies them back.
/// </summary>
internal static class SequenceFlattenEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer, int steps, int features)
    {
        int stride = layer.InputStride / steps;
        string n = layer.Identifier;
        w.Line($"/// <summary>{layer.Spec.Name} forward: y[t·{features} + j] = x[t, j] for {steps} steps of {features} (x row stride {stride}).</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"for (int t = 0; t < {steps}; t++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {layer.InputStride} + t * {stride}), {features}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {layer.OutputStride} + t * {features}), {features}));");
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx[t, j] = dy[t·{features} + j] (=); padding columns are left alone.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"for (int t = 0; t < {steps}; t++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {layer.OutputStride} + t * {features}), {features}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {layer.InputStride} + t * {stride}), {features}));");
        }
        w.Line();
    }
}
