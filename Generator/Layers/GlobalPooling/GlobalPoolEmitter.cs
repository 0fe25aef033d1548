using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Global max and average pooling over the steps of a sequence (rows of padded features, <see cref="SequenceLayout"/>)
/// or over the positions of a channels-last 1-D image; both are T rows of S floats per sample, so the kernels are the
/// same: whole vectors of features, the step loop inside.
/// <code>
/// max      y[j] = max over t &lt; T of x[t, j]
///          dx[t, j] = dy[j] at the first t whose x equals y (PyTorch's choice for ties), else 0; recomputed, nothing saved
/// average  y[j] = Σ_t x[t, j] / T
///          dx[t, j] = dy[j] / T
/// </code>
/// With per-sample lengths (VariableLength networks) T is the sample's length: padded steps are left out of the
/// maximum and the mean, and their gradient is zero. Backward overwrites dx (=).
/// </summary>
internal static class GlobalPoolEmitter
{
    /// <summary>Whether the pooling reads per-sample lengths: a sequence in a VariableLength network.</summary>
    public static bool TakesLengths(NetworkPlan plan, LayerPlan layer) =>
        ShapeInference.IsGlobalPool1D(layer.Spec) && layer.InputImage is null && plan.Spec.VariableLength;

    public static void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        bool max = layer.Spec.Kind == GlobalPool1DFamily.GlobalMaxPool1D, lengths = TakesLengths(plan, layer);
        (int steps, int rowStride) = Rows(plan, layer);
        string n = layer.Identifier, what = max ? "max" : "mean";
        string rows = layer.InputImage is null ? "steps" : "positions";
        string lengthParameter = lengths ? ", ref int lengths" : "", lengthArgument = lengths ? ", global::System.Runtime.CompilerServices.Unsafe.Add(ref lengths, b)" : "";
        string bound = lengths ? $"each sample's length (at most {steps})" : $"the {steps} {rows}";
        w.Line($"/// <summary>{layer.Spec.Name} forward: y[j] = {what} over {bound} of x [{steps}, {rowStride}] → y [{layer.OutputStride}] (features padded).</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows{lengthParameter})"))
        {
            w.Line($"for (int b = 0; b < rows; b++) {n}ForwardKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {layer.InputStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {layer.OutputStride}){lengthArgument});");
        }
        w.Line();
        string from = max ? " at the first step holding the maximum (the saved x and y say which), 0 elsewhere" : $" / {(lengths ? "length" : steps.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        w.Line($"/// <summary>{layer.Spec.Name} backward: dx [{steps}, {rowStride}] (=) is dy{from}{(lengths ? "; padded steps 0" : "")}.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows{lengthParameter})"))
        {
            w.Line($"for (int b = 0; b < rows; b++) {n}BackwardKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {layer.InputStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {layer.OutputStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {layer.OutputStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {layer.InputStride}){lengthArgument});");
        }
        w.Line();
        string stepParameter = lengths ? ", int steps" : "", stepArgument = lengths ? ", steps" : "";
        MatrixEmitter.Dispatch(w, $"{n}ForwardKernel", "ref float x, ref float y" + stepParameter, "ref x, ref y" + stepArgument);
        MatrixEmitter.Dispatch(w, $"{n}BackwardKernel", "ref float x, ref float y, ref float dy, ref float dx" + stepParameter, "ref x, ref y, ref dy, ref dx" + stepArgument);
        foreach (VectorIsa isa in VectorIsa.All)
        {
            EmitForwardKernel(w, layer, isa, max, lengths, steps, rowStride);
            EmitBackwardKernel(w, layer, isa, max, lengths, steps, rowStride);
        }
    }

    /// <summary>Rows reduced per sample and the floats between them: an image's positions, or a sequence's steps.</summary>
    private static (int Steps, int RowStride) Rows(NetworkPlan plan, LayerPlan layer)
    {
        if (layer.InputImage is { } image) return (image.Positions, image.ChannelStride);
        int steps = SequenceLayout.InputShape(plan, layer)[0];
        return (steps, layer.InputStride / steps);
    }

    private static void EmitForwardKernel(SourceWriter w, LayerPlan layer, VectorIsa isa, bool max, bool lengths, int steps, int rowStride)
    {
        string v = isa.Type, vf = isa.FloatVector, count = lengths ? "steps" : Invariant(steps);
        w.Line($"/// <summary>One sample, {isa.Bits}-bit: {isa.Width} features at a time over {layer.OutputStride}, {(max ? "a running maximum" : "a running sum")} down the steps.</summary>");
        using (w.Open($"private static void {layer.Identifier}ForwardKernel{isa.Suffix}(ref float x, ref float y{(lengths ? ", int steps" : "")})"))
        {
            if (!max) w.Line($"{vf} scale = {v}.Create({(lengths ? "1f / steps" : FloatLiteral.Literal(1f / steps))});");
            using (w.Open($"for (nuint c = 0; c < {layer.OutputStride}; c += {isa.Width})"))
            {
                w.Line(max ? $"{vf} acc = {v}.LoadUnsafe(ref x, c);" : $"{vf} acc = {vf}.Zero;");
                w.Line(max
                    ? $"for (int t = 1; t < {count}; t++) acc = {v}.Max(acc, {v}.LoadUnsafe(ref x, (nuint)(t * {rowStride}) + c));"
                    : $"for (int t = 0; t < {count}; t++) acc += {v}.LoadUnsafe(ref x, (nuint)(t * {rowStride}) + c);");
                w.Line($"{v}.StoreUnsafe({(max ? "acc" : "acc * scale")}, ref y, c);");
            }
        }
        w.Line();
    }

    private static void EmitBackwardKernel(SourceWriter w, LayerPlan layer, VectorIsa isa, bool max, bool lengths, int steps, int rowStride)
    {
        string v = isa.Type, vf = isa.FloatVector, count = lengths ? "steps" : Invariant(steps);
        w.Line($"/// <summary>One sample, {isa.Bits}-bit: {isa.Width} features at a time over {layer.OutputStride}.</summary>");
        using (w.Open($"private static void {layer.Identifier}BackwardKernel{isa.Suffix}(ref float x, ref float y, ref float dy, ref float dx{(lengths ? ", int steps" : "")})"))
        {
            if (!max) w.Line($"{vf} scale = {v}.Create({(lengths ? "1f / steps" : FloatLiteral.Literal(1f / steps))});");
            using (w.Open($"for (nuint c = 0; c < {layer.OutputStride}; c += {isa.Width})"))
            {
                if (max)
                {
                    w.Line($"{vf} target = {v}.LoadUnsafe(ref y, c), gradient = {v}.LoadUnsafe(ref dy, c), taken = {vf}.Zero;");
                    using (w.Open($"for (int t = 0; t < {count}; t++)"))
                    {
                        w.Line($"nuint i = (nuint)(t * {rowStride}) + c;");
                        // NaN is the maximum of a row holding one (x ≠ x marks it): its gradient goes to the first NaN.
                        w.Line($"{vf} xi = {v}.LoadUnsafe(ref x, i), first = {v}.AndNot({v}.Equals(xi, target) | ~{v}.Equals(xi, xi), taken);");
                        w.Line($"{v}.StoreUnsafe(gradient & first, ref dx, i);");
                        w.Line("taken |= first;");
                    }
                }
                else
                {
                    w.Line($"{vf} share = {v}.LoadUnsafe(ref dy, c) * scale;");
                    w.Line($"for (int t = 0; t < {count}; t++) {v}.StoreUnsafe(share, ref dx, (nuint)(t * {rowStride}) + c);");
                }
            }
            if (lengths) w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, steps * {rowStride}), ({steps} - steps) * {rowStride}).Clear(); // padded steps");
        }
        w.Line();
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
