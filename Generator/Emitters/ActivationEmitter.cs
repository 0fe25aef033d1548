using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Activations, forward and backward, for the layer that declares them. Cheap ones (ReLU, LeakyReLU,
/// Step) are fused into the producing kernel's store; Sigmoid and Tanh run over the whole output with
/// TensorPrimitives (a fused loop buys nothing there); Softmax runs per row over the real columns only.
/// NaN propagates as in PyTorch on every vector width (no MaxNative, whose NaN result depends on the instruction set).
/// Backward uses the saved output y: ReLU y &gt; 0 (NaN included), LeakyReLU y &gt; 0 ? 1 : slope, Sigmoid y(1 − y),
/// Tanh 1 − y², Softmax y ⊙ (dy − Σ dy·y); Identity and Step (straight-through) pass dy unchanged.
/// </summary>
internal static class ActivationEmitter
{
    public static string Describe(LayerSpec layer) => layer.Activation switch
    {
        ActivationKind.LeakyReLU => $"LeakyReLU[{FloatLiteral.Format(layer.LeakySlope)}]",
        _ => layer.Activation.ToString(),
    };

    /// <summary>The expression stored by the forward tile for accumulator <paramref name="acc"/>.</summary>
    public static string FusedEpilogue(LayerSpec layer, VectorIsa isa, string acc)
    {
        string v = isa.Type, zero = isa.FloatVector + ".Zero";
        // NaN must come through as in PyTorch: MaxNative(NaN, 0) is 0 on x86 (and not on ARM), and a comparison with
        // NaN is false, so each form keeps acc wherever its test is false (ReLU: x < 0 ? 0 : x, one compare and blend).
        return layer.Activation switch
        {
            ActivationKind.ReLU => $"{v}.ConditionalSelect({v}.LessThan({acc}, {zero}), {zero}, {acc})",
            ActivationKind.LeakyReLU => $"{v}.ConditionalSelect({v}.GreaterThan({acc}, {zero}), {acc}, {acc} * {FloatLiteral.Literal(layer.LeakySlope)})",
            ActivationKind.Step => $"{v}.ConditionalSelect({v}.GreaterThanOrEqual({acc}, {zero}), {isa.FloatVector}.One, {v}.ConditionalSelect({v}.LessThan({acc}, {zero}), {zero}, {acc}))",
            _ => acc,
        };
    }

    /// <summary>Activations applied after the kernel, over rows of the output.</summary>
    public static void EmitRowwiseForward(SourceWriter w, LayerPlan layer)
    {
        int stride = layer.OutputStride;
        switch (layer.Spec.Activation)
        {
            case ActivationKind.Sigmoid:
                w.Line($"global::System.Span<float> outputs = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref y, rows * {stride});");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Sigmoid(outputs, outputs);");
                break;
            case ActivationKind.Tanh:
                w.Line($"global::System.Span<float> outputs = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref y, rows * {stride});");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Tanh(outputs, outputs);");
                break;
            case ActivationKind.Softmax:
                using (w.Open("for (int b = 0; b < rows; b++)"))
                {
                    w.Line($"global::System.Span<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {stride}), {layer.OutputWidth});");
                    w.Line("global::System.Numerics.Tensors.TensorPrimitives.SoftMax(row, row);");
                }
                break;
        }
    }

    /// <summary>Whether a layer's activation has a backward step (Identity and Step pass dy through).</summary>
    public static bool HasLayerBackward(LayerPlan layer) =>
        HasLayerVectorBackward(layer) || layer.Spec.Activation == ActivationKind.Softmax;

    /// <summary>The layer's activation backward is its own element-wise pass (not fused into a pooling's backward).</summary>
    public static bool HasLayerVectorBackward(LayerPlan layer) => !layer.ReluBackwardInPool && HasVectorBackward(layer.Spec.Activation);

    public static bool HasVectorBackward(ActivationKind activation) =>
        activation is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Sigmoid or ActivationKind.Tanh;

    /// <summary>Softmax's backward needs a dot product per row, written with TensorPrimitives.</summary>
    public static void EmitRowwiseBackward(SourceWriter w, LayerPlan layer)
    {
        if (layer.Spec.Activation != ActivationKind.Softmax) return;
        int stride = layer.OutputStride, width = layer.OutputWidth;
        w.Line("// Softmax backward per row: dz = y ⊙ (dy − Σ dy·y).");
        using (w.Open("for (int b = 0; b < rows; b++)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> yRow = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {stride}), {width});");
            w.Line($"global::System.Span<float> dyRow = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {stride}), {width});");
            w.Line("float dot = global::System.Numerics.Tensors.TensorPrimitives.Dot(yRow, dyRow);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Subtract(dyRow, dot, dyRow);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(dyRow, yRow, dyRow);");
        }
    }

    /// <summary>dz = dy ⊙ act'(y) in place over the whole [batch, stride] buffer (padding columns hold dy = 0).</summary>
    public static void EmitVectorBackward(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        string v = isa.Type, vf = isa.FloatVector;
        string derivative = layer.Spec.Activation switch
        {
            // As PyTorch's threshold_backward: dy is dropped where y ≤ 0 only, so a NaN output passes its gradient on.
            ActivationKind.ReLU => $"{v}.ConditionalSelect({v}.LessThanOrEqual(y0, {vf}.Zero), {vf}.Zero, d0)",
            ActivationKind.LeakyReLU => $"{v}.ConditionalSelect({v}.GreaterThan(y0, {vf}.Zero), d0, d0 * {FloatLiteral.Literal(layer.Spec.LeakySlope)})",
            ActivationKind.Sigmoid => $"d0 * y0 * ({vf}.One - y0)",
            _ => $"d0 * ({vf}.One - y0 * y0)",
        };
        w.Line($"/// <summary>{layer.Spec.Name} {layer.Spec.Activation} backward, {isa.Bits}-bit: dy ⊙= act'(y) over batch × {layer.OutputStride} floats.</summary>");
        using (w.Open($"private static void {layer.Identifier}ActivationBackwardKernel{isa.Suffix}(ref float y, ref float dy, int batch)"))
        {
            w.Line($"nuint length = (nuint)(batch * {layer.OutputStride});");
            using (w.Open($"for (nuint i = 0; i < length; i += {isa.Width})"))
            {
                w.Line($"{vf} y0 = {v}.LoadUnsafe(ref y, i), d0 = {v}.LoadUnsafe(ref dy, i);");
                w.Line($"{v}.StoreUnsafe({derivative}, ref dy, i);");
            }
        }
        w.Line();
    }

    public static void EmitLayerBackward(SourceWriter w, LayerPlan layer)
    {
        if (!HasLayerBackward(layer)) return;
        w.Line($"/// <summary>{layer.Spec.Name} {layer.Spec.Activation} backward for <paramref name=\"rows\"/> rows: dy ⊙= act'(y), in place (row stride {layer.OutputStride}).</summary>");
        using (w.Open($"private static void {layer.Identifier}ActivationBackward(ref float y, ref float dy, int rows)"))
        {
            if (layer.Spec.Activation == ActivationKind.Softmax) EmitRowwiseBackward(w, layer);
            else w.Line($"{layer.Identifier}ActivationBackwardKernel(ref y, ref dy, rows);");
        }
        w.Line();
    }

    /// <summary>
    /// The activation of one row, from span <paramref name="input"/> to span <paramref name="output"/> (the same name: in
    /// place) with TensorPrimitives: what a stand-alone activation and a merge's activation do.
    /// </summary>
    public static void EmitSpanForward(SourceWriter w, LayerSpec layer, string input, string output)
    {
        switch (layer.Activation)
        {
            case ActivationKind.ReLU:
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Max({input}, 0f, {output});");
                break;
            case ActivationKind.LeakyReLU when input == output:
                // In place: max(x, slope·x) would need a second span, so each vector picks x or slope·x itself.
                w.Line("int i = 0;");
                using (w.Open($"for (; i <= {output}.Length - global::System.Numerics.Vector<float>.Count; i += global::System.Numerics.Vector<float>.Count)"))
                {
                    w.Line($"global::System.Numerics.Vector<float> x0 = new({output}.Slice(i));");
                    w.Line($"global::System.Numerics.Vector.ConditionalSelect(global::System.Numerics.Vector.GreaterThan(x0, global::System.Numerics.Vector<float>.Zero), x0, x0 * {FloatLiteral.Literal(layer.LeakySlope)}).CopyTo({output}.Slice(i));");
                }
                w.Line($"for (; i < {output}.Length; i++) {output}[i] = {output}[i] > 0f ? {output}[i] : {output}[i] * {FloatLiteral.Literal(layer.LeakySlope)};");
                break;
            case ActivationKind.LeakyReLU:
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply({input}, {FloatLiteral.Literal(layer.LeakySlope)}, {output});");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Max({input}, {output}, {output});");
                break;
            case ActivationKind.Sigmoid:
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Sigmoid({input}, {output});");
                break;
            case ActivationKind.Tanh:
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Tanh({input}, {output});");
                break;
            case ActivationKind.Softmax:
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.SoftMax({input}, {output});");
                break;
            case ActivationKind.Step:
                // 1 where x ≥ 0, 0 where x < 0, NaN stays NaN.
                w.Line($"for (int i = 0; i < {output}.Length; i++) {output}[i] = {input}[i] >= 0f ? 1f : {input}[i] < 0f ? 0f : {input}[i];");
                break;
            default:
                w.Line($"{input}.CopyTo({output});");
                break;
        }
    }

    /// <summary>dx = dy ⊙ act'(y) over one row of <paramref name="width"/> floats at refs yRow, dyRow and dxRow (dxRow may be dyRow).</summary>
    public static void EmitBackwardRow(SourceWriter w, LayerSpec layer, int width)
    {
        const string Span = "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan";
        const string ReadOnlySpan = "global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan";
        switch (layer.Activation)
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
        (string vector, string scalar) = layer.Activation switch
        {
            ActivationKind.ReLU => ($"{v}.ConditionalSelect({v}.LessThanOrEqual(y0, {vf}.Zero), {vf}.Zero, d0)", "y0 <= 0f ? 0f : d0"),
            ActivationKind.LeakyReLU => ($"{v}.ConditionalSelect({v}.GreaterThan(y0, {vf}.Zero), d0, d0 * {FloatLiteral.Literal(layer.LeakySlope)})", $"y0 > 0f ? d0 : d0 * {FloatLiteral.Literal(layer.LeakySlope)}"),
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
}
