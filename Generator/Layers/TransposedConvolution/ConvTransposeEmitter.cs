using System;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Conv2DTranspose forward and backward on channels-last images. Input position (ih, iw) sends tap (kh, kw) to output
/// position (ih·SH − PH + kh·DH, iw·SW − PW + kw·DW); W is held as [C, KH·KW·F] (row c: every tap's F filters, padded
/// to whole vectors), so a tap's filters are contiguous and every kernel runs over filters in <c>Vector&lt;float&gt;</c>s
/// (four at a time, then one, then single floats).
/// <code>
/// forward   y[o, :]      = act(bias + Σ_{(i, t) reaching o} Σ_c x[i, c] · W[c, t, :])   each output gathers, no scratch
/// backward  dz           = dy ⊙ act'(y);  dbias += Σ_o dz[o, :]
///           dW[c, t, :] += Σ_b Σ_i x[i, c] · dz[target(i, t), :]
///           dx[i, c]     = Σ_t W[c, t, :] · dz[target(i, t), :]   (=, a dot product over filters)
/// </code>
/// Gathering makes every output written once (no col2im clear and sum), and the weight gradient per (c, t) a sum in
/// registers. Threads: forward and dx split the batch; dW splits W's rows (input channels), each part summing every
/// sample in the same order, so results do not depend on the thread count.
/// </summary>
internal static class ConvTransposeEmitter
{
    private const string Add = "global::System.Runtime.CompilerServices.Unsafe.Add";
    private const string V = "global::System.Numerics.Vector";
    private const string VF = "global::System.Numerics.Vector<float>";

    /// <summary>Floats of one row of W in the parameter buffer: KH·KW·F rounded up to whole vectors.</summary>
    public static int RowStride(LayerPlan layer) => Planner.RoundUp(ConvTransposeOptions.Of(layer.Spec).Taps * layer.Spec.Units);

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        EmitRanges(w, layer);
        EmitForward(w, layer);
        EmitActivationBackward(w, layer);
        EmitGradients(w, layer);
    }

    private static string Geometry(LayerPlan layer)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer.Spec);
        return $"{layer.Spec.Units} filters of {o.Height.Kernel}×{o.Width.Kernel}, stride {o.Height.Stride}×{o.Width.Stride}, padding {o.Height.Padding}×{o.Width.Padding}, " +
            $"output padding {o.Height.OutputPadding}×{o.Width.OutputPadding}, dilation {o.Height.Dilation}×{o.Width.Dilation}";
    }

    /// <summary>
    /// For each kernel row kh, the input rows [first, end) whose tap kh lands inside the output; the same for columns.
    /// The weight gradient loops over them without a bounds test.
    /// </summary>
    private static void EmitRanges(SourceWriter w, LayerPlan layer)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer.Spec);
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        string n = layer.Identifier;
        w.Line($"// {layer.Spec.Name}: input rows [{n}Rows[2kh], {n}Rows[2kh + 1]) send kernel row kh inside the output; the same for columns.");
        w.Line($"private static global::System.ReadOnlySpan<int> {n}Rows => [{Ranges(o.Height, x.Height, y.Height)}];");
        w.Line($"private static global::System.ReadOnlySpan<int> {n}Columns => [{Ranges(o.Width, x.Width, y.Width)}];");
        w.Line();
    }

    private static string Ranges(ConvTransposeAxis axis, int inputs, int outputs)
    {
        var pairs = new System.Collections.Generic.List<string>();
        for (int k = 0; k < axis.Kernel; k++)
        {
            int first = inputs, end = inputs;
            for (int i = 0; i < inputs; i++)
            {
                int target = axis.Target(i, k);
                if (target < 0 || target >= outputs) continue;
                if (first == inputs) first = i;
                end = i + 1;
            }
            pairs.Add($"{first}, {end}");
        }
        return string.Join(", ", pairs);
    }

    // ---- forward ----

    private static void EmitForward(SourceWriter w, LayerPlan layer)
    {
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        int f = layer.Spec.Units;
        w.Line($"/// <summary>");
        w.Line($"/// {layer.Spec.Name} forward ({Geometry(layer)}) for <paramref name=\"rows\"/> samples: x {x} → y {y}; each output position");
        w.Line($"/// gathers the taps that reach it, Σ_c x[i, c] · W[c, t, :] over filters in vectors{Fused(layer)}; its padding channels are written 0.");
        w.Line($"/// </summary>");
        using (w.Open($"private void {layer.Identifier}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line($"ref float kernel = ref {Add}(ref Data(_parameters), {layer.WeightOffset});");
            if (layer.Spec.HasBias) w.Line($"ref float bias = ref {Add}(ref Data(_parameters), {layer.BiasOffset});");
            using (w.Open("for (int b = 0; b < rows; b++)"))
            {
                w.Line($"ref float image = ref {Add}(ref x, b * {x.Stride});");
                using (w.Open($"for (int oh = 0; oh < {y.Height}; oh++)"))
                using (w.Open($"for (int ow = 0; ow < {y.Width}; ow++)"))
                {
                    w.Line($"ref float target = ref {Add}(ref y, b * {y.Stride} + (oh * {y.Width} + ow) * {y.ChannelStride});");
                    w.Line("int f = 0;");
                    EmitFilterBlocks(w, f, (vectors, scalar) => EmitForwardBlock(w, layer, vectors, scalar));
                    if (y.ChannelStride > f) w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {Add}(ref target, {f}), {y.ChannelStride - f}).Clear();");
                }
            }
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static string Fused(LayerPlan layer) => layer.Spec.Activation switch
    {
        ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Step => $", {ActivationEmitter.Describe(layer.Spec)} fused into the store",
        ActivationKind.Sigmoid or ActivationKind.Tanh => $", then {layer.Spec.Activation} over the rows",
        _ => "",
    };

    /// <summary>
    /// Loops over the filters <c>f</c> in blocks of four vectors, then one, then single floats — each only when some
    /// vector width (4, 8 or 16 floats) runs it: a block of four needs at least 16 filters, and the single floats are
    /// left out when the filters are a multiple of 16.
    /// </summary>
    private static void EmitFilterBlocks(SourceWriter w, int filters, Action<int, bool> block)
    {
        if (filters >= 16)
        {
            using (w.Open($"for (; f + 4 * {VF}.Count <= {filters}; f += 4 * {VF}.Count)")) block(4, false);
        }
        if (filters >= 4)
        {
            using (w.Open($"for (; f + {VF}.Count <= {filters}; f += {VF}.Count)")) block(1, false);
        }
        if (filters % 16 != 0)
        {
            using (w.Open($"for (; f < {filters}; f++)")) block(1, true);
        }
    }

    /// <summary>Offset of vector <paramref name="v"/> of a block from <c>f</c>, as an element offset.</summary>
    private static string Lane(int v) => v == 0 ? "(nuint)f" : $"(nuint)(f + {(v == 1 ? "" : $"{v} * ")}{VF}.Count)";

    /// <summary>The element-offset argument of vector <paramref name="v"/> of a block from a ref that already points at <c>f</c>.</summary>
    private static string VectorOffset(int v) => v == 0 ? "" : v == 1 ? $", (nuint){VF}.Count" : $", (nuint)({v} * {VF}.Count)";

    private static void EmitForwardBlock(SourceWriter w, LayerPlan layer, int vectors, bool scalar)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer.Spec);
        ImageLayout x = layer.InputImage!;
        int filters = layer.Spec.Units, channels = x.Channels, row = RowStride(layer);
        for (int v = 0; v < vectors; v++)
        {
            string start = layer.Spec.HasBias ? (scalar ? $"{Add}(ref bias, f)" : $"{V}.LoadUnsafe(ref bias, {Lane(v)})") : scalar ? "0f" : $"{VF}.Zero";
            w.Line($"{(scalar ? "float" : VF)} acc{v} = {start};");
        }
        EmitGatherTaps(w, "oh", "kh", o.Height, x.Height, "ih");
        using (w.Open($"for (int kw = 0; kw < {o.Width.Kernel}; kw++)"))
        {
            EmitGatherTap(w, "ow", "kw", o.Width, x.Width, "iw");
            w.Line($"ref float pixel = ref {Add}(ref image, (ih * {x.Width} + iw) * {x.ChannelStride});");
            w.Line($"ref float tap = ref {Add}(ref kernel, (kh * {o.Width.Kernel} + kw) * {filters} + f);");
            using (w.Open($"for (int c = 0; c < {channels}; c++)"))
            {
                w.Line($"ref float wc = ref {Add}(ref tap, c * {row});");
                if (scalar)
                {
                    w.Line($"acc0 += {Add}(ref pixel, c) * wc;");
                }
                else
                {
                    w.Line($"{VF} value = new {VF}({Add}(ref pixel, c));");
                    for (int v = 0; v < vectors; v++) w.Line($"acc{v} += value * {V}.LoadUnsafe(ref wc{VectorOffset(v)});");
                }
            }
        }
        w.Unindent();
        w.Line("}");
        for (int v = 0; v < vectors; v++)
        {
            w.Line(scalar
                ? $"{Add}(ref target, f) = {ScalarEpilogue(layer.Spec, "acc0")};"
                : $"{V}.StoreUnsafe({VectorEpilogue(layer.Spec, $"acc{v}")}, ref target, {Lane(v)});");
        }
    }

    /// <summary>Opens the kernel-row loop (closed by the caller) and skips the rows that reach no input row.</summary>
    private static void EmitGatherTaps(SourceWriter w, string output, string tap, ConvTransposeAxis axis, int inputs, string input)
    {
        w.Line($"for (int {tap} = 0; {tap} < {axis.Kernel}; {tap}++)");
        w.Line("{");
        w.Indent();
        EmitGatherTap(w, output, tap, axis, inputs, input);
    }

    /// <summary>
    /// The input row (or column) whose tap <paramref name="tap"/> lands on output <paramref name="output"/>: t = output +
    /// padding − tap·dilation must be a multiple of the stride and t / stride inside the input, else the tap is skipped.
    /// </summary>
    private static void EmitGatherTap(SourceWriter w, string output, string tap, ConvTransposeAxis axis, int inputs, string input)
    {
        string shifted = $"{output}{(axis.Padding != 0 ? $" + {axis.Padding}" : "")} - {tap}{(axis.Dilation != 1 ? $" * {axis.Dilation}" : "")}";
        if (axis.Stride == 1)
        {
            w.Line($"int {input} = {shifted};");
            w.Line($"if ((uint){input} >= {inputs}) continue;");
            return;
        }
        w.Line($"int t{input} = {shifted};");
        w.Line($"if (t{input} < 0 || t{input} % {axis.Stride} != 0 || t{input} >= {inputs * axis.Stride}) continue;");
        w.Line($"int {input} = t{input} / {axis.Stride};");
    }

    /// <summary>The fused activation on a vector accumulator; NaN passes as in PyTorch (each test false for NaN keeps it).</summary>
    private static string VectorEpilogue(LayerSpec layer, string acc) => layer.Activation switch
    {
        ActivationKind.ReLU => $"{V}.ConditionalSelect({V}.LessThan({acc}, {VF}.Zero), {VF}.Zero, {acc})",
        ActivationKind.LeakyReLU => $"{V}.ConditionalSelect({V}.GreaterThan({acc}, {VF}.Zero), {acc}, {acc} * {FloatLiteral.Literal(layer.LeakySlope)})",
        ActivationKind.Step => $"{V}.ConditionalSelect({V}.GreaterThanOrEqual({acc}, {VF}.Zero), {VF}.One, {V}.ConditionalSelect({V}.LessThan({acc}, {VF}.Zero), {VF}.Zero, {acc}))",
        _ => acc,
    };

    private static string ScalarEpilogue(LayerSpec layer, string acc) => layer.Activation switch
    {
        ActivationKind.ReLU => $"{acc} < 0f ? 0f : {acc}",
        ActivationKind.LeakyReLU => $"{acc} > 0f ? {acc} : {acc} * {FloatLiteral.Literal(layer.LeakySlope)}",
        ActivationKind.Step => $"{acc} >= 0f ? 1f : {acc} < 0f ? 0f : {acc}",
        _ => acc,
    };

    // ---- backward ----

    /// <summary>dz = dy ⊙ act'(y) in place, as PyTorch's derivatives (ReLU drops dy only where y ≤ 0, so NaN passes).</summary>
    private static void EmitActivationBackward(SourceWriter w, LayerPlan layer)
    {
        if (!ActivationEmitter.HasLayerBackward(layer)) return;
        string derivative = layer.Spec.Activation switch
        {
            ActivationKind.ReLU => $"{V}.ConditionalSelect({V}.LessThanOrEqual(y0, {VF}.Zero), {VF}.Zero, d0)",
            ActivationKind.LeakyReLU => $"{V}.ConditionalSelect({V}.GreaterThan(y0, {VF}.Zero), d0, d0 * {FloatLiteral.Literal(layer.Spec.LeakySlope)})",
            ActivationKind.Sigmoid => $"d0 * y0 * ({VF}.One - y0)",
            _ => $"d0 * ({VF}.One - y0 * y0)",
        };
        w.Line($"/// <summary>{layer.Spec.Name} {layer.Spec.Activation} backward for <paramref name=\"rows\"/> rows: dy ⊙= act'(y), in place (row stride {layer.OutputStride}, a multiple of every vector width).</summary>");
        using (w.Open($"private static void {layer.Identifier}ActivationBackward(ref float y, ref float dy, int rows)"))
        {
            w.Line($"nuint length = (nuint)(rows * {layer.OutputStride});");
            using (w.Open($"for (nuint i = 0; i < length; i += (nuint){VF}.Count)"))
            {
                w.Line($"{VF} y0 = {V}.LoadUnsafe(ref y, i), d0 = {V}.LoadUnsafe(ref dy, i);");
                w.Line($"{V}.StoreUnsafe({derivative}, ref dy, i);");
            }
        }
        w.Line();
    }

    private static void EmitGradients(SourceWriter w, LayerPlan layer)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer.Spec);
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        int filters = layer.Spec.Units, channels = x.Channels, row = RowStride(layer);
        string n = layer.Identifier;
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} gradients from dz {y}, part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: unless frozen, dbias += Σ dz (part 0) and");
        w.Line($"/// dW[c, t, :] += Σ x[i, c] · dz[target(i, t), :] for this part's input channels c, over every sample; when <paramref name=\"inputGradient\"/>");
        w.Line($"/// is set, dx {x} = Σ_t W[c, t, :] · dz[target(i, t), :] (=) for this part's samples, padding channels 0.");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dz, ref float dx, int batch, int part, int parts, bool inputGradient, bool weights)"))
        {
            using (w.Open("if (weights)"))
            {
                if (layer.Spec.HasBias)
                {
                    using (w.Open("if (part == 0)"))
                    {
                        w.Line($"ref float biasGradient = ref {Add}(ref Data(_gradients), {layer.BiasOffset});");
                        w.Line("int f = 0;");
                        EmitFilterBlocks(w, filters, (vectors, scalar) => EmitBiasBlock(w, layer, vectors, scalar));
                    }
                }
                w.Line($"ref float weightGradient = ref {Add}(ref Data(_gradients), {layer.WeightOffset});");
                w.Line($"(int c0, int c1) = global::NetGen.ParallelRunner.Partition({channels}, part, parts, 1);");
                using (w.Open("for (int c = c0; c < c1; c++)"))
                using (w.Open($"for (int kh = 0; kh < {o.Height.Kernel}; kh++)"))
                using (w.Open($"for (int kw = 0; kw < {o.Width.Kernel}; kw++)"))
                {
                    w.Line($"ref float gradientRow = ref {Add}(ref weightGradient, c * {row} + (kh * {o.Width.Kernel} + kw) * {filters});");
                    w.Line("int f = 0;");
                    EmitFilterBlocks(w, filters, (vectors, scalar) => EmitWeightBlock(w, layer, vectors, scalar));
                }
            }
            w.Line("if (!inputGradient) return;");
            w.Line("(int b0, int b1) = global::NetGen.ParallelRunner.Partition(batch, part, parts);");
            w.Line($"ref float kernel = ref {Add}(ref Data(_parameters), {layer.WeightOffset});");
            using (w.Open("for (int b = b0; b < b1; b++)"))
            {
                w.Line($"ref float gradients = ref {Add}(ref dz, b * {y.Stride});");
                using (w.Open($"for (int ih = 0; ih < {x.Height}; ih++)"))
                using (w.Open($"for (int iw = 0; iw < {x.Width}; iw++)"))
                {
                    w.Line($"ref float pixel = ref {Add}(ref dx, b * {x.Stride} + (ih * {x.Width} + iw) * {x.ChannelStride});");
                    using (w.Open($"for (int c = 0; c < {channels}; c++)"))
                    {
                        bool vector = filters >= 4, tail = filters % 16 != 0;
                        if (vector) w.Line($"{VF} sum = {VF}.Zero;");
                        if (tail) w.Line("float rest = 0f;");
                        using (w.Open($"for (int kh = 0; kh < {o.Height.Kernel}; kh++)"))
                        {
                            EmitScatterTap(w, "ih", "kh", o.Height, y.Height, "oh");
                            using (w.Open($"for (int kw = 0; kw < {o.Width.Kernel}; kw++)"))
                            {
                                EmitScatterTap(w, "iw", "kw", o.Width, y.Width, "ow");
                                w.Line($"ref float g = ref {Add}(ref gradients, (oh * {y.Width} + ow) * {y.ChannelStride});");
                                w.Line($"ref float tap = ref {Add}(ref kernel, c * {row} + (kh * {o.Width.Kernel} + kw) * {filters});");
                                w.Line("int f = 0;");
                                if (vector) w.Line($"for (; f + {VF}.Count <= {filters}; f += {VF}.Count) sum += {V}.LoadUnsafe(ref tap, (nuint)f) * {V}.LoadUnsafe(ref g, (nuint)f);");
                                if (tail) w.Line($"for (; f < {filters}; f++) rest += {Add}(ref tap, f) * {Add}(ref g, f);");
                            }
                        }
                        w.Line($"{Add}(ref pixel, c) = {(vector && tail ? $"{V}.Sum(sum) + rest" : vector ? $"{V}.Sum(sum)" : "rest")};");
                    }
                    if (x.ChannelStride > channels) w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {Add}(ref pixel, {channels}), {x.ChannelStride - channels}).Clear();");
                }
            }
        }
        w.Line();
    }

    /// <summary>The output row (or column) input <paramref name="input"/> sends tap <paramref name="tap"/> to, skipping it outside the output.</summary>
    private static void EmitScatterTap(SourceWriter w, string input, string tap, ConvTransposeAxis axis, int outputs, string output)
    {
        w.Line($"int {output} = {Target(input, tap, axis)};");
        w.Line($"if ((uint){output} >= {outputs}) continue;");
    }

    /// <summary>dbias[f..] += Σ over samples and positions of dz[…, f..].</summary>
    private static void EmitBiasBlock(SourceWriter w, LayerPlan layer, int vectors, bool scalar)
    {
        ImageLayout y = layer.OutputImage!;
        for (int v = 0; v < vectors; v++) w.Line($"{(scalar ? "float" : VF)} acc{v} = {(scalar ? "0f" : $"{VF}.Zero")};");
        using (w.Open($"for (int p = 0; p < batch * {y.Positions}; p++)"))
        {
            w.Line($"ref float g = ref {Add}(ref dz, p * {y.ChannelStride} + f);");
            if (scalar) w.Line("acc0 += g;");
            for (int v = 0; v < vectors && !scalar; v++) w.Line($"acc{v} += {V}.LoadUnsafe(ref g{VectorOffset(v)});");
        }
        for (int v = 0; v < vectors; v++)
        {
            w.Line(scalar
                ? $"{Add}(ref biasGradient, f) += acc0;"
                : $"{V}.StoreUnsafe({V}.LoadUnsafe(ref biasGradient, {Lane(v)}) + acc{v}, ref biasGradient, {Lane(v)});");
        }
    }

    /// <summary>dW[c, t, f..] += Σ_b Σ over the input positions whose tap t lands inside the output of x[…, c] · dz[target, f..].</summary>
    private static void EmitWeightBlock(SourceWriter w, LayerPlan layer, int vectors, bool scalar)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer.Spec);
        ImageLayout x = layer.InputImage!, y = layer.OutputImage!;
        string n = layer.Identifier;
        for (int v = 0; v < vectors; v++) w.Line($"{(scalar ? "float" : VF)} acc{v} = {(scalar ? "0f" : $"{VF}.Zero")};");
        using (w.Open("for (int b = 0; b < batch; b++)"))
        {
            w.Line($"ref float image = ref {Add}(ref x, b * {x.Stride} + c);");
            w.Line($"ref float gradients = ref {Add}(ref dz, b * {y.Stride} + f);");
            using (w.Open($"for (int ih = {n}Rows[2 * kh]; ih < {n}Rows[2 * kh + 1]; ih++)"))
            {
                w.Line($"int oh = {Target("ih", "kh", o.Height)};");
                using (w.Open($"for (int iw = {n}Columns[2 * kw]; iw < {n}Columns[2 * kw + 1]; iw++)"))
                {
                    w.Line($"ref float g = ref {Add}(ref gradients, (oh * {y.Width} + {Target("iw", "kw", o.Width)}) * {y.ChannelStride});");
                    string value = $"{Add}(ref image, (ih * {x.Width} + iw) * {x.ChannelStride})";
                    if (scalar)
                    {
                        w.Line($"acc0 += {value} * g;");
                    }
                    else
                    {
                        w.Line($"{VF} value = new {VF}({value});");
                        for (int v = 0; v < vectors; v++) w.Line($"acc{v} += value * {V}.LoadUnsafe(ref g{VectorOffset(v)});");
                    }
                }
            }
        }
        for (int v = 0; v < vectors; v++)
        {
            w.Line(scalar
                ? $"{Add}(ref gradientRow, f) += acc0;"
                : $"{V}.StoreUnsafe({V}.LoadUnsafe(ref gradientRow, {Lane(v)}) + acc{v}, ref gradientRow, {Lane(v)});");
        }
    }

    /// <summary>input·stride − padding + tap·dilation, with the ones and zeros left out.</summary>
    private static string Target(string input, string tap, ConvTransposeAxis axis) =>
        $"{input}{(axis.Stride != 1 ? $" * {axis.Stride}" : "")}{(axis.Padding != 0 ? $" - {axis.Padding}" : "")} + {tap}{(axis.Dilation != 1 ? $" * {axis.Dilation}" : "")}";
}
