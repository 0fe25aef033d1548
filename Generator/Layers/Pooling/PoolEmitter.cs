using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Max and average pooling (2-D, and 1-D as a window one row high), forward and backward, on channels-last
/// images: every output position is whole vectors of channels, so the window loop runs over positions
/// and each step is one vector load and one max or add.
/// <code>
/// max      y[o, c] = max over the window of x[i, c] (padding never wins)
///          dx[i, c] += dy[o, c] at the first window position whose x equals y (PyTorch's choice); recomputed, nothing saved
/// average  y[o, c] = Σ_window x[i, c] / (KH·KW) (padding counts as zeros)
///          dx[i, c] += dy[o, c] / (KH·KW)
/// </code>
/// Backward overwrites dx: it clears the sample's gradient, then adds, since windows may overlap. A max
/// pooling whose windows tile its input stores each input gradient once instead, and when it reads a ReLU
/// convolution it also applies the ReLU's derivative, which its read of x already allows:
/// <code>
/// dz[i, c] = (i first max of its window and x[i, c] > 0) ? dy[o, c] : 0
/// </code>
/// </summary>
internal static class PoolEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        bool max = layer.Spec.Kind == PoolingFamily.MaxPool2D;
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        string n = layer.Identifier;
        string what = max ? "max" : "average";
        WindowOptions window = WindowOptions.Of(layer.Spec);
        string stride = Window.Axes(window, window.StrideHeight, window.StrideWidth), padding = Window.Axes(window, window.PaddingHeight, window.PaddingWidth);
        w.Line($"/// <summary>{layer.Spec.Name} {what} pooling forward: x {input} → y {output}, window {Window.Text(window)}, stride {stride}, padding {padding}.</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line($"for (int b = 0; b < rows; b++) {n}ForwardKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {input.Stride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {output.Stride}));");
        }
        w.Line();
        string relu = layer.ReluBackwardInPool ? ", times the derivative of the ReLU that produced x" : "";
        w.Line($"/// <summary>{layer.Spec.Name} {what} pooling backward: dx {input} (=) from dy {output}{(max ? " and the saved x and y" : "")}{relu}.</summary>");
        using (w.Open($"private static void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int rows)"))
        {
            if (layer.TilesInput) w.Line("// The windows tile x: every element of dx is stored exactly once, so nothing is cleared first.");
            using (w.Open("for (int b = 0; b < rows; b++)"))
            {
                w.Line($"ref float dxb = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {input.Stride});");
                if (!layer.TilesInput) w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref dxb, {input.Stride}).Clear();");
                w.Line($"{n}BackwardKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {input.Stride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {output.Stride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {output.Stride}), ref dxb);");
            }
        }
        w.Line();
        MatrixEmitter.Dispatch(w, $"{n}ForwardKernel", "ref float x, ref float y", "ref x, ref y");
        MatrixEmitter.Dispatch(w, $"{n}BackwardKernel", "ref float x, ref float y, ref float dy, ref float dx", "ref x, ref y, ref dy, ref dx");
        foreach (VectorIsa isa in VectorIsa.All)
        {
            EmitKernel(w, layer, isa, backward: false);
            EmitKernel(w, layer, isa, backward: true);
        }
    }

    private static void EmitKernel(SourceWriter w, LayerPlan layer, VectorIsa isa, bool backward)
    {
        bool max = layer.Spec.Kind == PoolingFamily.MaxPool2D;
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        WindowOptions s = WindowOptions.Of(layer.Spec);
        string v = isa.Type, vf = isa.FloatVector;
        int top = s.PaddingHeight, left = s.PaddingWidth;
        string name = $"{layer.Identifier}{(backward ? "Backward" : "Forward")}Kernel{isa.Suffix}";
        string parameters = backward ? "ref float x, ref float y, ref float dy, ref float dx" : "ref float x, ref float y";
        w.Line($"/// <summary>One sample, {isa.Bits}-bit: {isa.Width} channels at a time over {input.ChannelStride} (padded) channels.</summary>");
        using (w.Open($"private static void {name}({parameters})"))
        {
            if (!max) w.Line($"{vf} scale = {v}.Create({FloatLiteral.Literal(1f / (s.KernelHeight * s.KernelWidth))});");
            using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
            using (w.Open($"for (int ow = 0; ow < {output.Width}; ow++)"))
            using (w.Open($"for (nuint c = 0; c < {input.ChannelStride}; c += {isa.Width})"))
            {
                w.Line($"nuint o = (nuint)((oh * {output.Width} + ow) * {output.ChannelStride}) + c;");
                if (!backward) w.Line($"{vf} acc = {(max ? $"{v}.Create(float.NegativeInfinity)" : $"{vf}.Zero")};");
                else if (max) w.Line($"{vf} target = {v}.LoadUnsafe(ref y, o), gradient = {v}.LoadUnsafe(ref dy, o), taken = {vf}.Zero;");
                else w.Line($"{vf} share = {v}.LoadUnsafe(ref dy, o) * scale;");
                using (w.Open($"for (int kh = 0; kh < {s.KernelHeight}; kh++)"))
                {
                    w.Line($"int ih = oh * {s.StrideHeight}{Minus(top)} + kh;");
                    w.Line($"if ((uint)ih >= {input.Height}) continue;");
                    using (w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)"))
                    {
                        w.Line($"int iw = ow * {s.StrideWidth}{Minus(left)} + kw;");
                        w.Line($"if ((uint)iw >= {input.Width}) continue;");
                        w.Line($"nuint i = (nuint)((ih * {input.Width} + iw) * {input.ChannelStride}) + c;");
                        if (!backward)
                        {
                            w.Line(max ? $"acc = {v}.Max(acc, {v}.LoadUnsafe(ref x, i));" : $"acc += {v}.LoadUnsafe(ref x, i);");
                        }
                        else if (max)
                        {
                            // NaN is the maximum of a window holding one (x ≠ x marks it): its gradient goes there, not nowhere.
                            w.Line($"{vf} xi = {v}.LoadUnsafe(ref x, i), first = {v}.AndNot({v}.Equals(xi, target) | ~{v}.Equals(xi, xi), taken);");
                            // The fused ReLU backward drops dy only where y ≤ 0, so a NaN keeps its gradient.
                            string share = layer.ReluBackwardInPool ? $"{v}.AndNot(gradient & first, {v}.LessThanOrEqual(xi, {vf}.Zero))" : "gradient & first";
                            w.Line(layer.TilesInput
                                ? $"{v}.StoreUnsafe({share}, ref dx, i);"
                                : $"{v}.StoreUnsafe({v}.LoadUnsafe(ref dx, i) + ({share}), ref dx, i);");
                            w.Line("taken |= first;");
                        }
                        else
                        {
                            w.Line($"{v}.StoreUnsafe({v}.LoadUnsafe(ref dx, i) + share, ref dx, i);");
                        }
                    }
                }
                if (!backward) w.Line($"{v}.StoreUnsafe({(max ? "acc" : "acc * scale")}, ref y, o);");
            }
        }
        w.Line();
    }

    private static string Minus(int value) => value == 0 ? "" : $" - {value}";
}
