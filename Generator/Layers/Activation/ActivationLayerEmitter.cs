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
            switch (activation)
            {
                case ActivationKind.ReLU:
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.Max(input, 0f, output);");
                    break;
                case ActivationKind.LeakyReLU:
                    w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(input, {FloatLiteral.Literal(layer.Spec.LeakySlope)}, output);");
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.Max(input, output, output);");
                    break;
                case ActivationKind.Sigmoid:
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.Sigmoid(input, output);");
                    break;
                case ActivationKind.Tanh:
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.Tanh(input, output);");
                    break;
                case ActivationKind.Softmax:
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.SoftMax(input, output);");
                    break;
                case ActivationKind.Step:
                    // 1 where x ≥ 0, 0 where x < 0, NaN stays NaN.
                    w.Line("for (int i = 0; i < output.Length; i++) output[i] = input[i] >= 0f ? 1f : input[i] < 0f ? 0f : input[i];");
                    break;
                default:
                    w.Line("input.CopyTo(output);");
                    break;
            }
        }
        w.Line();
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx = dy ⊙ {describe}'(y) over [rows, {width}]; overwrites dx.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"ref float yRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {outStride});");
            w.Line($"ref float dyRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {outStride});");
            w.Line($"ref float dxRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {inStride});");
            EmitBackwardRow(w, layer, width);
        }
        w.Line();
    }

    private static void EmitBackwardRow(SourceWriter w, LayerPlan layer, int width)
    {
        const string Span = "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan";
        const string ReadOnlySpan = "global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan";
        switch (layer.Spec.Activation)
        {
            case ActivationKind.Softmax:
                // dx = y ⊙ (dy − Σ dy·y)
                w.Line($"float dot = global::System.Numerics.Tensors.TensorPrimitives.Dot({ReadOnlySpan}(ref yRow, {width}), {ReadOnlySpan}(ref dyRow, {width}));");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract({ReadOnlySpan}(ref dyRow, {width}), dot, {Span}(ref dxRow, {width}));");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply({ReadOnlySpan}(ref dxRow, {width}), {ReadOnlySpan}(ref yRow, {width}), {Span}(ref dxRow, {width}));");
                return;
            case ActivationKind.Identity or ActivationKind.Step:
                // Straight through (Step's derivative is taken as 1, as for a Dense layer's Step).
                w.Line($"{ReadOnlySpan}(ref dyRow, {width}).CopyTo({Span}(ref dxRow, {width}));");
                return;
        }
        string v = "global::System.Numerics.Vector", vf = "global::System.Numerics.Vector<float>";
        (string vector, string scalar) = layer.Spec.Activation switch
        {
            ActivationKind.ReLU => ($"{v}.ConditionalSelect({v}.LessThanOrEqual(y0, {vf}.Zero), {vf}.Zero, d0)", "y0 <= 0f ? 0f : d0"),
            ActivationKind.LeakyReLU => ($"{v}.ConditionalSelect({v}.GreaterThan(y0, {vf}.Zero), d0, d0 * {FloatLiteral.Literal(layer.Spec.LeakySlope)})", $"y0 > 0f ? d0 : d0 * {FloatLiteral.Literal(layer.Spec.LeakySlope)}"),
            ActivationKind.Sigmoid => ($"d0 * y0 * ({vf}.One - y0)", "d0 * y0 * (1f - y0)"),
            _ => ($"d0 * ({vf}.One - y0 * y0)", "d0 * (1f - y0 * y0)"),
        };
        w.Line("int i = 0;");
        using (w.Open($"for (; i <= {width} - {vf}.Count; i += {vf}.Count)"))
        {
            w.Line($"{vf} y0 = {v}.LoadUnsafe(ref yRow, (nuint)i), d0 = {v}.LoadUnsafe(ref dyRow, (nuint)i);");
            w.Line($"{v}.StoreUnsafe({vector}, ref dxRow, (nuint)i);");
        }
        using (w.Open($"for (; i < {width}; i++)"))
        {
            w.Line("float y0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref yRow, i), d0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref dyRow, i);");
            w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref dxRow, i) = {scalar};");
        }
    }

    /// <summary>Floats of a row the activation reads: a vector's real width (its padding, if any, stays zero), else the whole row.</summary>
    private static int RowWidth(LayerPlan layer) =>
        layer.OutputImage is null && layer.OutputShape.Length == 1 ? layer.OutputWidth : layer.OutputStride;
}
