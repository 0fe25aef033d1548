using System.Linq;
using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.GemmEmitter;

namespace NetGen.Generator.Layers;

/// <summary>
/// Convolution (2-D, and 1-D as a window one row high), forward and backward, as a matrix product over
/// unfolded patches: for each sample, the channels-last input [H, W, Cp] (zero-bordered into a padded copy
/// when the layer pads) is unfolded into columns[p, (kh·KW + kw)·C + c], one row per output position p,
/// and multiplied by W [K, Fp] — the same register-tiled product as Dense (<see cref="MatrixEmitter"/>).
/// Each tap copies C contiguous channels, so unfolding is block copies, not gathers; the weight file's
/// [F, C, KH, KW] maps onto W through <c>TensorLayout.Channels</c>.
/// <code>
/// forward   y[p, :]   = act(Σ_k columns[p, k] · W[k, :] + bias)
/// backward  dz        = dy ⊙ act'(y);  dbias += Σ_p dz[p, :];  dW += columnsᵀ · dz   (columns unfolded again)
///           dx        = fold(dz · Wᵀ): each patch's gradient added back where the patch was read
/// </code>
/// Threads: forward and the input gradient split the batch; the weight gradient splits W's rows, each part
/// unfolding every sample into its own scratch — so each element is summed as on one thread.
/// </summary>
internal static class ConvEmitter
{
    public static MatrixPlan Matrix(LayerPlan layer)
    {
        WindowOptions window = WindowOptions.Of(layer.Spec);
        int k = layer.InputImage!.Channels * window.KernelHeight * window.KernelWidth;
        return new MatrixPlan(layer, k, k, layer.OutputImage!.ChannelStride);
    }

    /// <summary>The zero-bordered copy of the input a padding layer unfolds from; null without padding.</summary>
    public static ImageLayout? Padded(LayerPlan layer)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        // Shape inference has held the copy to the buffer limit, so its extents are ints.
        return ShapeInference.PaddedInput(layer.Spec, input.Height, input.Width, output.Height, output.Width) is { } padded
            ? new ImageLayout(input.Channels, (int)padded.Height, (int)padded.Width, input.ChannelStride)
            : null;
    }

    /// <summary>Floats of one part's scratch: unfolded patches, their gradient, and the padded input and its gradient.</summary>
    public static (int Columns, int ColumnGradients, int Padded) Scratch(LayerPlan layer)
    {
        MatrixPlan m = Matrix(layer);
        int positions = layer.OutputImage!.Positions;
        // A direct convolution unfolds nothing; the patches round up to whole vectors, so what follows them in one
        // scratch buffer (the padded input, the next layer's scratch) keeps the buffer's 64-byte alignment.
        int columns = DirectConvEmitter.Applies(layer) ? 0 : Planner.RoundUp(positions * m.K);
        return (columns, positions * m.Kp, Padded(layer)?.Stride ?? 0);
    }

    /// <summary>Floats of one part's forward scratch, [unfolded patches | padded input]: what Predict's buffers hold per thread.</summary>
    public static int ForwardScratch(LayerPlan layer)
    {
        (int columns, _, int padded) = Scratch(layer);
        return columns + padded;
    }

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        MatrixPlan m = Matrix(layer);
        EmitScratch(w, layer);
        EmitForward(w, layer, m);
        ActivationEmitter.EmitLayerBackward(w, layer);
        EmitGradients(w, layer, m);
        EmitUnfold(w, layer, m);
        EmitFold(w, layer, m);
        bool direct = DirectConvEmitter.Applies(layer);
        if (direct) DirectConvEmitter.EmitKernels(w, layer);
        MatrixEmitter.EmitKernels(w, m, unfolded: !direct);
    }

    private static string Geometry(LayerPlan layer)
    {
        WindowOptions s = WindowOptions.Of(layer.Spec);
        string padding = s.Same ? "same" : Window.Axes(s, s.PaddingHeight, s.PaddingWidth);
        return $"{layer.Spec.Units} filters of {Window.Text(s)}, stride {Window.Axes(s, s.StrideHeight, s.StrideWidth)}, padding {padding}, dilation {Window.Axes(s, s.DilationHeight, s.DilationWidth)}";
    }

    private static void EmitScratch(SourceWriter w, LayerPlan layer)
    {
        (int columns, int columnGradients, int padded) = Scratch(layer);
        int i = layer.Index;
        string patches = columns > 0 ? $"unfolded patches [{columns}], their gradient [{columnGradients}]" : $"the patch gradient [{columnGradients}]";
        w.Line($"/// <summary>Training scratch for {layer.Spec.Name}, one slice per part: {patches}{(padded > 0 ? $", the padded input and its gradient [{padded}]" : "")}.</summary>");
        using (w.Open($"private void {layer.Identifier}EnsureScratch(int parts)"))
        {
            w.Line($"if (_scratchParts{i} >= parts) return;");
            if (columns + padded > 0) w.Line($"_scratch{i} = global::NetGen.CompilerServices.AlignedArrays.Allocate(parts * {columns + padded});");
            w.Line($"_columnGradients{i} = global::NetGen.CompilerServices.AlignedArrays.Allocate(parts * {columnGradients});");
            if (padded > 0) w.Line($"_paddedGradient{i} = global::NetGen.CompilerServices.AlignedArrays.Allocate(parts * {padded});");
            w.Line($"_scratchParts{i} = parts;");
        }
        w.Line();
    }

    private static void EmitForward(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        (int columns, _, int paddedSize) = Scratch(layer);
        int i = layer.Index;
        bool direct = DirectConvEmitter.Applies(layer);
        string how = direct ? $"convolve x {input} directly with W [{m.K}, {m.Np}]" : $"unfold x {input} into [{output.Positions}, {m.K}], multiply by W [{m.K}, {m.Np}]";
        var regions = new System.Collections.Generic.List<string>();
        if (!direct) regions.Add($"patches {columns}");
        if (paddedSize > 0) regions.Add($"padded input {paddedSize}");
        string scratch = regions.Count == 0 ? "" : $" in <paramref name=\"scratch\"/> ([{string.Join(" | ", regions)}] floats, the caller's)";
        w.Line($"/// <summary>{layer.Spec.Name} forward ({Geometry(layer)}) for <paramref name=\"rows\"/> samples{scratch}: {how}; y {output}.</summary>");
        w.Line($"// Kernel choice: {DirectConvEmitter.Reason(layer)}.");
        using (w.Open($"private void {layer.Identifier}Forward(ref float x, ref float y, int rows{(regions.Count > 0 ? ", ref float scratch" : "")})"))
        {
            w.Line("ref float parameters = ref Data(_parameters);");
            if (!direct) w.Line("ref float columns = ref scratch;");
            if (paddedSize > 0) w.Line($"ref float padded = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref scratch, {columns});");
            string bias = layer.Spec.HasBias ? $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref parameters, {layer.BiasOffset}), " : "";
            using (w.Open("for (int b = 0; b < rows; b++)"))
            {
                string source = $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {input.Stride})";
                if (paddedSize > 0)
                {
                    w.Line($"{layer.Identifier}Pad({source}, ref padded);");
                    source = "ref padded";
                }
                if (direct)
                {
                    w.Line($"{layer.Identifier}DirectKernel({source}, ref {MatrixEmitter.Add("parameters", layer.WeightOffset)}, {bias}ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {output.Stride}));");
                }
                else
                {
                    w.Line($"{layer.Identifier}Unfold({source}, ref columns);");
                    w.Line($"{layer.Identifier}ForwardKernel(ref columns, ref {MatrixEmitter.Add("parameters", layer.WeightOffset)}, {bias}ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {output.Stride}), {output.Positions});");
                }
            }
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static void EmitGradients(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout input = layer.InputImage!, output = layer.OutputImage!;
        (int columns, int columnGradients, int paddedSize) = Scratch(layer);
        int i = layer.Index;
        string n = layer.Identifier;
        bool direct = DirectConvEmitter.Applies(layer);
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} gradients from dz {output}, part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: unless frozen, dbias += Σ dz (part 0) and dW += columnsᵀ · dz for this");
        w.Line($"/// part's rows of W, over every sample (columns unfolded again); when <paramref name=\"inputGradient\"/> is set, dx {input} = fold(dz · Wᵀ) (=) for this part's samples.");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dz, ref float dx, int batch, int part, int parts, bool inputGradient, bool weights)"))
        {
            using (w.Open("if (weights)"))
            {
                w.Line("ref float gradients = ref Data(_gradients);");
                if (!direct || paddedSize > 0) w.Line($"ref float scratch = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(_scratch{i}), part * {columns + paddedSize});");
                if (!direct) w.Line("ref float columns = ref scratch;");
                if (paddedSize > 0) w.Line($"ref float padded = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref scratch, {columns});");
                if (layer.Spec.HasBias)
                {
                    w.Line($"if (part == 0) {n}BiasGradientKernel(ref dz, ref {MatrixEmitter.Add("gradients", layer.BiasOffset)}, batch * {output.Positions});");
                }
                // The direct kernel splits dW's rows between parts by its register tiles.
                if (!direct) w.Line($"(int k0, int k1) = global::NetGen.ParallelRunner.Partition({m.K}, part, parts);");
                using (w.Open("for (int b = 0; b < batch; b++)"))
                {
                    string source = $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {input.Stride})";
                    if (paddedSize > 0)
                    {
                        w.Line($"{n}Pad({source}, ref padded);");
                        source = "ref padded";
                    }
                    if (direct)
                    {
                        w.Line($"{n}DirectWeightGradientKernel({source}, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b * {output.Stride}), ref {MatrixEmitter.Add("gradients", layer.WeightOffset)}, part, parts);");
                    }
                    else
                    {
                        w.Line($"{n}Unfold({source}, ref columns);");
                        w.Line($"{n}WeightGradientKernel(ref columns, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b * {output.Stride}), ref {MatrixEmitter.Add("gradients", layer.WeightOffset)}, {output.Positions}, k0, k1);");
                    }
                }
            }
            w.Line("if (!inputGradient) return;");
            w.Line("(int b0, int b1) = global::NetGen.ParallelRunner.Partition(batch, part, parts);");
            w.Line($"ref float transposed = ref Data(_transposed{i}!); // refreshed by Backward before this step");
            w.Line($"ref float patches = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(_columnGradients{i}), part * {columnGradients});");
            if (paddedSize > 0) w.Line($"ref float paddedGradient = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(_paddedGradient{i}), part * {paddedSize});");
            using (w.Open("for (int b = b0; b < b1; b++)"))
            {
                w.Line($"{n}InputGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b * {output.Stride}), ref transposed, ref patches, {output.Positions});");
                w.Line($"ref float dxb = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {input.Stride});");
                if (paddedSize > 0)
                {
                    w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref paddedGradient, {paddedSize}).Clear();");
                    w.Line($"{n}Fold(ref patches, ref paddedGradient);");
                    w.Line($"{n}Crop(ref paddedGradient, ref dxb);");
                }
                else
                {
                    w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref dxb, {input.Stride}).Clear();");
                    w.Line($"{n}Fold(ref patches, ref dxb);");
                }
            }
        }
        w.Line();
    }

    private static (int Top, int Left) Padding(LayerPlan layer)
    {
        ImageLayout input = layer.InputImage!;
        WindowOptions window = WindowOptions.Of(layer.Spec);
        int top = (int)Window.PaddingBefore(window, window.Height, input.Height);
        int left = (int)Window.PaddingBefore(window, window.Width, input.Width);
        return (top, left);
    }

    /// <summary>With unit dilation along the width and no padding channels, a kernel row's taps are one contiguous run of KW·C floats.</summary>
    private static bool WholeRows(LayerPlan layer, ImageLayout image) => WindowOptions.Of(layer.Spec).DilationWidth == 1 && image.Channels == image.ChannelStride;

    /// <summary>Loops over output positions and kernel taps of an image with no bounds to check (padded, or a layer without padding).</summary>
    private static void EmitTapLoops(SourceWriter w, LayerPlan layer, ImageLayout image, int rowStride, System.Action<bool> body)
    {
        ImageLayout output = layer.OutputImage!;
        WindowOptions s = WindowOptions.Of(layer.Spec);
        int c = image.Channels;
        bool wholeRows = WholeRows(layer, image);
        using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
        using (w.Open($"for (int ow = 0; ow < {output.Width}; ow++)"))
        {
            w.Line($"ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref columns, (oh * {output.Width} + ow) * {rowStride});");
            w.Line($"ref float origin = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, (oh * {s.StrideHeight * image.Width} + ow * {s.StrideWidth}) * {image.ChannelStride});");
            using (w.Open($"for (int kh = 0; kh < {s.KernelHeight}; kh++)"))
            {
                if (wholeRows)
                {
                    w.Line($"ref float pixel = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, kh * {s.DilationHeight * image.Width * image.ChannelStride});");
                    w.Line($"ref float tap = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, kh * {s.KernelWidth * c});");
                    body(true);
                }
                else
                {
                    using (w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)"))
                    {
                        w.Line($"ref float pixel = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, (kh * {s.DilationHeight * image.Width} + kw * {s.DilationWidth}) * {image.ChannelStride});");
                        w.Line($"ref float tap = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, (kh * {s.KernelWidth} + kw) * {c});");
                        body(false);
                    }
                }
            }
        }
    }

    private static void EmitUnfold(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout image = Padded(layer) ?? layer.InputImage!;
        WindowOptions s = WindowOptions.Of(layer.Spec);
        int c = image.Channels;
        if (Padded(layer) is { } padded)
        {
            ImageLayout input = layer.InputImage!;
            (int top, int left) = Padding(layer);
            w.Line($"/// <summary>{layer.Spec.Name}: copies x {input} into the middle of the zero-bordered {padded} (top {top}, left {left}); the border is never written.</summary>");
            using (w.Open($"private static void {layer.Identifier}Pad(ref float x, ref float padded)"))
            {
                w.Line($"for (int h = 0; h < {input.Height}; h++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, h * {input.Width * input.ChannelStride}), {input.Width * input.ChannelStride}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, ((h + {top}) * {padded.Width} + {left}) * {padded.ChannelStride}), {input.Width * input.ChannelStride}));");
            }
            w.Line();
            w.Line($"/// <summary>{layer.Spec.Name}: the gradient of the zero-bordered copy, cropped back to dx {input} (=).</summary>");
            using (w.Open($"private static void {layer.Identifier}Crop(ref float padded, ref float dx)"))
            {
                w.Line($"for (int h = 0; h < {input.Height}; h++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, ((h + {top}) * {padded.Width} + {left}) * {padded.ChannelStride}), {input.Width * input.ChannelStride}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, h * {input.Width * input.ChannelStride}), {input.Width * input.ChannelStride}));");
            }
            w.Line();
        }
        if (DirectConvEmitter.Applies(layer)) return; // nothing unfolds patches: forward and the weight gradient read the image
        w.Line($"/// <summary>{layer.Spec.Name} unfold: columns[p, (kh·{s.KernelWidth} + kw)·{c} + c] = image[oh·{s.StrideHeight} + kh·{s.DilationHeight}, ow·{s.StrideWidth} + kw·{s.DilationWidth}, c] from {image}, block copies of channels.</summary>");
        using (w.Open($"private static void {layer.Identifier}Unfold(ref float image, ref float columns)"))
        {
            EmitTapLoops(w, layer, image, m.K, wholeRow =>
            {
                int count = wholeRow ? s.KernelWidth * c : c;
                w.Line(count == 1
                    ? "tap = pixel;"
                    : $"global::System.Runtime.CompilerServices.Unsafe.CopyBlockUnaligned(ref global::System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref tap), ref global::System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref pixel), {count * sizeof(float)});");
            });
        }
        w.Line();
    }

    /// <summary>
    /// Floats per tap the fold adds as one masked vector (4, 8 or 16; 0 when it adds whole vectors and single floats
    /// instead): when a tap's channels (at most 16) are not whole 128-bit vectors, fit in the pixel's padded channels,
    /// and the wider read stays inside the patch-gradient row.
    /// </summary>
    private static int MaskedFoldWidth(LayerPlan layer, ImageLayout image, MatrixPlan m)
    {
        int c = image.Channels;
        if (WholeRows(layer, image) || c == 1 || c % 4 == 0 || c > 16) return 0;
        int width = c <= 4 ? 4 : c <= 8 ? 8 : 16;
        return width <= image.ChannelStride && m.K - c + width <= m.Kp ? width : 0;
    }

    /// <summary>Floats a fold adds with unrolled vector statements; a longer run is one TensorPrimitives call, so the code stays the same size whatever the kernel.</summary>
    private const int MaxUnrolledFoldFloats = 64;

    private static void EmitFold(SourceWriter w, LayerPlan layer, MatrixPlan m)
    {
        ImageLayout image = Padded(layer) ?? layer.InputImage!;
        WindowOptions s = WindowOptions.Of(layer.Spec);
        int c = image.Channels;
        int masked = MaskedFoldWidth(layer, image, m);
        w.Line($"/// <summary>{layer.Spec.Name} fold, the transpose of unfold: adds (+=) each patch gradient (row stride {m.Kp}) into the image gradient {image} where the patch was read.</summary>");
        using (w.Open($"private static void {layer.Identifier}Fold(ref float columns, ref float image)"))
        {
            if (masked > 0)
            {
                // A tap's c floats as one vector: the lanes past c hold the next tap's values, so they are masked to
                // zero and land on the pixel's padding channels, which stay zero.
                string lanes = string.Join(", ", Enumerable.Range(0, masked).Select(lane => lane < c ? "-1" : "0"));
                w.Line($"global::System.Runtime.Intrinsics.Vector{masked * 32}<float> keep = global::System.Runtime.Intrinsics.Vector{masked * 32}.AsSingle(global::System.Runtime.Intrinsics.Vector{masked * 32}.Create({lanes}));");
            }
            EmitTapLoops(w, layer, image, m.Kp, wholeRow =>
            {
                int count = wholeRow ? s.KernelWidth * c : c;
                if (count == 1)
                {
                    w.Line("pixel += tap;");
                    return;
                }
                if (!wholeRow && masked > 0)
                {
                    string vector = $"global::System.Runtime.Intrinsics.Vector{masked * 32}";
                    w.Line($"{vector}.StoreUnsafe({vector}.LoadUnsafe(ref pixel) + ({vector}.LoadUnsafe(ref tap) & keep), ref pixel);");
                    return;
                }
                if (count > MaxUnrolledFoldFloats)
                {
                    // A long run (a wide kernel row over few channels): one vectorized add instead of count / 4 statements.
                    w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref pixel, {count}), global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref tap, {count}), global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref pixel, {count}));");
                    return;
                }
                // The count is a constant: whole 128-bit vectors (every SIMD target has them), then single floats.
                int i = 0;
                for (; i + 4 <= count; i += 4)
                {
                    w.Line($"global::System.Runtime.Intrinsics.Vector128.StoreUnsafe(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref pixel{Offset(i)}) + global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref tap{Offset(i)}), ref pixel{Offset(i)});");
                }
                for (; i < count; i++) w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref pixel, {i}) += global::System.Runtime.CompilerServices.Unsafe.Add(ref tap, {i});");
            });
        }
        w.Line();
    }
}
