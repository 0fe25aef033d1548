using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Convolution (2-D, and 1-D as a window one row high), forward and backward, as a matrix product over
/// unfolded patches: for each sample, the input [H, W, Cp] (channels last) is unfolded into
/// columns[p, (c·KH + kh)·KW + kw], one row per output position p, and multiplied by W [K, Fp] — the same
/// register-tiled product as Dense (<see cref="MatrixEmitter"/>), and the row order of K is PyTorch's, so
/// the file tensor [F, C, KH, KW] is W transposed. The output rows are the channels-last output image.
/// <code>
/// forward   y[p, :]   = act(Σ_k columns[p, k] · W[k, :] + bias)
/// backward  dz        = dy ⊙ act'(y);  dbias += Σ_p dz[p, :];  dW += columnsᵀ · dz   (columns unfolded again)
///           dx        = fold(dz · Wᵀ): each patch's gradient added back where the patch was read
/// </code>
/// Planner choice: always the unfolded product (an implicit GEMM). Direct loops would only pay for very
/// few channels, where the unfolding is cheap anyway (LeNet's first layer: 25 columns per position).
/// </summary>
internal static class ConvEmitter
{
    public static MatrixPlan Matrix(LayerPlan layer)
    {
        int k = layer.InputImage!.Channels * layer.Spec.KernelHeight * layer.Spec.KernelWidth;
        return new MatrixPlan(layer, k, k, layer.OutputImage!.ChannelStride);
    }

    /// <summary>Floats of the per-layer scratch: unfolded patches [P, K] and their gradient [P, Kp].</summary>
    public static (int Columns, int ColumnGradients) Scratch(LayerPlan layer)
    {
        MatrixPlan m = Matrix(layer);
        int positions = layer.OutputImage!.Positions;
        return (positions * m.K, positions * m.Kp);
    }

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        MatrixPlan m = Matrix(layer);
        EmitForward(w, layer, m);
        ActivationEmitter.EmitLayerBackward(w, layer);
        EmitGradients(w, layer, m);
        EmitUnfold(w, layer, m);
        EmitFold(w, layer, m);
        MatrixEmitter.EmitKernels(w, m);
    }

    private static string Geometry(LayerPlan layer)
    {
        var s = layer.Spec;
        string window = s.OneD ? $"{s.KernelWidth}" : $"{s.KernelHeight}×{s.KernelWidth}";
        return $"{s.Units} filters of {window}, stride {s.Stride}, padding {(s.Same ? "same" : s.Padding.ToString(System.Globalization.CultureInfo.InvariantCulture))}, dilation {s.Dilation}";
    }

    private static void EmitForward(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        w.Line($"/// <summary>{layer.Spec.Name} forward ({Geometry(layer)}): per sample, unfold x {input} into [{output.Positions}, {m.K}] and multiply by W [{m.K}, {m.Np}]; y {output}.</summary>");
        using (w.Open($"private void {layer.Identifier}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line("ref float parameters = ref Data(_parameters);");
            w.Line($"ref float columns = ref Data(_columns{layer.Index});");
            string bias = layer.Spec.HasBias ? $"ref Unsafe.Add(ref parameters, {layer.BiasOffset}), " : "";
            using (w.Open("for (int b = 0; b < rows; b++)"))
            {
                w.Line($"{layer.Identifier}Unfold(ref Unsafe.Add(ref x, b * {input.Stride}), ref columns);");
                w.Line($"{layer.Identifier}ForwardKernel(ref columns, ref {MatrixEmitter.Add("parameters", layer.WeightOffset)}, {bias}ref Unsafe.Add(ref y, b * {output.Stride}), {output.Positions});");
            }
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static void EmitGradients(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        string n = layer.Identifier;
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} gradients from dz {output}: dbias += Σ dz, dW += columnsᵀ · dz per sample (columns unfolded again), and when");
        w.Line($"/// <paramref name=\"inputGradient\"/> is set dx {input} = fold(dz · Wᵀ) (=).");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dz, ref float dx, int batch, bool inputGradient)"))
        {
            w.Line("ref float gradients = ref Data(_gradients);");
            w.Line($"ref float columns = ref Data(_columns{layer.Index});");
            if (layer.Spec.HasBias)
            {
                w.Line($"{n}BiasGradientKernel(ref dz, ref {MatrixEmitter.Add("gradients", layer.BiasOffset)}, batch * {output.Positions});");
            }
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"{n}Unfold(ref Unsafe.Add(ref x, b * {input.Stride}), ref columns);");
                w.Line($"{n}WeightGradientKernel(ref columns, ref Unsafe.Add(ref dz, b * {output.Stride}), ref {MatrixEmitter.Add("gradients", layer.WeightOffset)}, {output.Positions}, 0, {m.K});");
            }
            w.Line("if (!inputGradient) return;");
            w.Line($"ref float transposed = ref Data(_transposed{layer.Index}!); // refreshed by Backward before this step");
            w.Line($"ref float patches = ref Data(_columnGradients{layer.Index});");
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"{n}InputGradientKernel(ref Unsafe.Add(ref dz, b * {output.Stride}), ref transposed, ref patches, {output.Positions});");
                w.Line($"ref float dxb = ref Unsafe.Add(ref dx, b * {input.Stride});");
                w.Line($"MemoryMarshal.CreateSpan(ref dxb, {input.Stride}).Clear();");
                w.Line($"{n}Fold(ref patches, ref dxb);");
            }
        }
        w.Line();
    }

    private static (int Top, int Left) Padding(LayerPlan layer)
    {
        ImageLayout input = layer.InputImage!;
        int top = layer.Spec.OneD ? 0 : ShapeInference.PaddingBefore(layer.Spec, input.Height, layer.Spec.KernelHeight);
        int left = ShapeInference.PaddingBefore(layer.Spec, input.Width, layer.Spec.KernelWidth);
        return (top, left);
    }

    /// <summary>Loops over output positions and kernel taps; <paramref name="body"/> runs for taps inside the input.</summary>
    private static void EmitTapLoops(SourceWriter w, LayerPlan layer, string rowStride, System.Action body)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        var s = layer.Spec;
        (int top, int left) = Padding(layer);
        using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
        using (w.Open($"for (int ow = 0; ow < {output.Width}; ow++)"))
        {
            w.Line($"ref float row = ref Unsafe.Add(ref columns, (oh * {output.Width} + ow) * {rowStride});");
            using (w.Open($"for (int kh = 0; kh < {s.KernelHeight}; kh++)"))
            {
                w.Line($"int ih = oh * {s.Stride}{Minus(top)} + kh * {s.Dilation};");
                w.Line($"if ((uint)ih >= {input.Height}) continue;");
                using (w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)"))
                {
                    w.Line($"int iw = ow * {s.Stride}{Minus(left)} + kw * {s.Dilation};");
                    w.Line($"if ((uint)iw >= {input.Width}) continue;");
                    w.Line($"ref float pixel = ref Unsafe.Add(ref image, (ih * {input.Width} + iw) * {input.ChannelStride});");
                    w.Line($"ref float tap = ref Unsafe.Add(ref row, kh * {s.KernelWidth} + kw);");
                    body();
                }
            }
        }
    }

    private static void EmitUnfold(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        var s = layer.Spec;
        int taps = s.KernelHeight * s.KernelWidth;
        w.Line($"/// <summary>{layer.Spec.Name} unfold: columns[p, c·{taps} + kh·{s.KernelWidth} + kw] = x[ih, iw, c], zero where the tap falls in the padding.</summary>");
        using (w.Open($"private static void {layer.Identifier}Unfold(ref float image, ref float columns)"))
        {
            w.Line($"MemoryMarshal.CreateSpan(ref columns, {layer.OutputImage!.Positions * m.K}).Clear();");
            EmitTapLoops(w, layer, m.K.ToString(System.Globalization.CultureInfo.InvariantCulture), () =>
                w.Line($"for (int c = 0; c < {layer.InputImage!.Channels}; c++) Unsafe.Add(ref tap, c * {taps}) = Unsafe.Add(ref pixel, c);"));
        }
        w.Line();
    }

    private static void EmitFold(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        var s = layer.Spec;
        int taps = s.KernelHeight * s.KernelWidth;
        w.Line($"/// <summary>{layer.Spec.Name} fold, the transpose of unfold: adds (+=) each patch gradient (row stride {m.Kp}) into the image gradient where the patch was read.</summary>");
        using (w.Open($"private static void {layer.Identifier}Fold(ref float columns, ref float image)"))
        {
            EmitTapLoops(w, layer, m.Kp.ToString(System.Globalization.CultureInfo.InvariantCulture), () =>
                w.Line($"for (int c = 0; c < {layer.InputImage!.Channels}; c++) Unsafe.Add(ref pixel, c) += Unsafe.Add(ref tap, c * {taps});"));
        }
        w.Line();
    }

    private static string Minus(int value) => value == 0 ? "" : $" - {value}";
}
