using System.Globalization;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.GemmEmitter;

namespace NetGen.Generator.Layers;

/// <summary>
/// Convolution forward computed directly from the (zero-bordered) channels-last image, without unfolding
/// patches: a tile of R consecutive output positions of one output row keeps R × (filters / vector width)
/// accumulators in registers while the kernel taps and channels run:
/// <code>
/// y[oh, ow + r, :] = act(bias + Σ_{kh, kw, c} image[oh·SH + kh·DH, (ow + r)·SW + kw·DW, c] · W[(kh·KW + kw)·C + c, :])
/// </code>
/// The weight gradient is direct too: for each sample, a tile of T rows of dW stays in registers while the
/// output positions run, each adding its pixel under the tap times the position's dz:
/// <code>
/// dW[k, :] += Σ_p image[p's origin + offset(k)] · dz[p, :]      offset(k) from k = (kh·KW + kw)·C + c
/// </code>
/// The planner takes this path when the input has fewer than 16 channels: unfolding would then copy less
/// than one vector per tap, so the copies cost more than the products they feed. The input gradient keeps the
/// unfolded product (<see cref="ConvEmitter"/>), which shares the weight layout.
/// </summary>
internal static class DirectConvEmitter
{
    /// <summary>Filters padded up to this many floats at most: the tile's accumulators must stay in registers.</summary>
    private const int MaxFilters = 64;

    public static bool Applies(LayerPlan layer) =>
        layer.InputImage!.Channels < 16 && layer.OutputImage!.ChannelStride <= MaxFilters && Taps(layer) <= MaxUnrolledTaps;

    /// <summary>The direct kernel unrolls one statement per tap: beyond this many, the unfolded product is the smaller code.</summary>
    private const long MaxUnrolledTaps = 4096;

    private static long Taps(LayerPlan layer)
    {
        WindowOptions window = WindowOptions.Of(layer.Spec);
        return (long)layer.InputImage!.Channels * window.KernelHeight * window.KernelWidth;
    }

    /// <summary>Why the forward kernel is what it is, for the comment in the generated code.</summary>
    public static string Reason(LayerPlan layer) => Applies(layer)
        ? $"direct convolution: {layer.InputImage!.Channels} input channel(s) would unfold into copies shorter than a vector per tap"
        : Taps(layer) > MaxUnrolledTaps && layer.InputImage!.Channels < 16
            ? $"unfolded patches times W: {Taps(layer)} taps are too many to unroll one by one"
            : $"unfolded patches times W: {layer.InputImage!.Channels} input channels unfold into whole-vector copies, and the product runs on the shared register-tiled kernel";

    /// <summary>
    /// Output positions per tile: at most as many as keep the accumulators, the weight vectors and the broadcast in
    /// registers (32 with AVX-512, 16 otherwise; at most 16 positions), spread evenly over the output row so no short
    /// tile is left whose few accumulators would wait on the multiply-add latency.
    /// </summary>
    private static int Positions(int vectors, VectorIsa isa, int width)
    {
        int registers = isa == VectorIsa.V512 ? 32 : 16;
        int most = System.Math.Max(1, System.Math.Min(16, (registers - 1 - vectors) / vectors));
        int tiles = (width + most - 1) / most;
        return (width + tiles - 1) / tiles;
    }

    /// <summary>The image the kernel reads: the padded copy when the layer pads, else the input itself.</summary>
    private static ImageLayout Source(LayerPlan layer) => ConvEmitter.Padded(layer) ?? layer.InputImage!;

    public static void EmitKernels(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        bool bias = layer.Spec.HasBias;
        MatrixEmitter.Dispatch(w, $"{n}DirectKernel", $"ref float image, ref float w, {(bias ? "ref float bias, " : "")}ref float y", $"ref image, ref w, {(bias ? "ref bias, " : "")}ref y");
        MatrixEmitter.Dispatch(w, $"{n}DirectWeightGradientKernel", "ref float image, ref float dz, ref float dw, int part, int parts", "ref image, ref dz, ref dw, part, parts");
        EmitTapOffsets(w, layer);
        foreach (VectorIsa isa in VectorIsa.All)
        {
            EmitKernel(w, layer, isa);
            EmitWeightGradientKernel(w, layer, isa);
        }
    }

    /// <summary>
    /// Vectors of <paramref name="isa"/> that hold real filters: the rest of the padded channels are zero in W and
    /// in dz, so no product is computed for them (6 filters are one 256-bit vector, not the two of 16 padded floats).
    /// </summary>
    private static int FilterVectors(LayerPlan layer, VectorIsa isa) => (layer.Spec.Units + isa.Width - 1) / isa.Width;

    private static string Vectors(int count) => count == 1 ? "1 vector" : $"{count} vectors";

    /// <summary>Rows of dW a weight-gradient tile keeps in registers.</summary>
    private static int WeightRows(int vectors) => System.Math.Max(1, System.Math.Min(12, 12 / vectors));

    /// <summary>For each row k of W, where its pixel lies from a window's origin in the image: (kh·DH·W + kw·DW)·Cs + c.</summary>
    private static void EmitTapOffsets(SourceWriter w, LayerPlan layer)
    {
        ImageLayout image = Source(layer);
        WindowOptions s = WindowOptions.Of(layer.Spec);
        int channels = layer.InputImage!.Channels;
        var offsets = new System.Collections.Generic.List<string>();
        for (int kh = 0; kh < s.KernelHeight; kh++)
        {
            for (int kw = 0; kw < s.KernelWidth; kw++)
            {
                for (int c = 0; c < channels; c++)
                {
                    offsets.Add(((kh * s.DilationHeight * image.Width + kw * s.DilationWidth) * image.ChannelStride + c).ToString(CultureInfo.InvariantCulture));
                }
            }
        }
        w.Line($"/// <summary>{layer.Spec.Name}: for each of the {offsets.Count} rows of W, the offset of its pixel from a window's origin in {image}.</summary>");
        w.Line($"private static global::System.ReadOnlySpan<int> {layer.Identifier}TapOffsets => [{string.Join(", ", offsets)}];");
        w.Line();
    }

    /// <summary>
    /// The weight gradient's rows of dW cut into register tiles of <paramref name="isa"/>: as few tiles as hold at
    /// most <see cref="WeightRows"/> rows, with sizes that differ by at most one, so no tile is left with so few
    /// accumulators that it waits on the multiply-add latency. The first <c>Longer</c> tiles have <c>Rows + 1</c> rows.
    /// </summary>
    private static (int Count, int Rows, int Longer) WeightTiles(LayerPlan layer, VectorIsa isa)
    {
        int k = ConvEmitter.Matrix(layer).K;
        int most = WeightRows(FilterVectors(layer, isa)), count = (k + most - 1) / most;
        return (count, k / count, k % count);
    }

    private static void EmitWeightGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        ImageLayout image = Source(layer), output = layer.OutputImage!;
        string n = layer.Identifier;
        (int count, int rows, int longer) = WeightTiles(layer, isa);
        static string Tiles(int number) => number == 1 ? "1 tile" : $"{number} tiles";
        string sizes = longer == 0 ? $"{Tiles(count)} of {rows} rows" : $"{Tiles(longer)} of {rows + 1} rows then {count - longer} of {rows}";
        w.Line($"/// <summary>{layer.Spec.Name} direct weight gradient for one sample, {isa.Bits}-bit: dW[k, :] += Σ_p image[origin(p) + offset(k)] · dz[p, :] for this part's tiles of dW's rows ({sizes}, in registers); image {image}, dz {output}.</summary>");
        using (w.Open($"private static void {n}DirectWeightGradientKernel{isa.Suffix}(ref float image, ref float dz, ref float dw, int part, int parts)"))
        {
            w.Line($"global::System.ReadOnlySpan<int> offsets = {n}TapOffsets;");
            w.Line($"(int t0, int t1) = global::NetGen.ParallelRunner.Partition({count}, part, parts);");
            using (w.Open("for (int t = t0; t < t1; t++)"))
            {
                w.Line(longer == 0 ? $"int k = t * {rows};" : $"int k = t * {rows} + global::System.Math.Min(t, {longer});");
                if (longer == 0)
                {
                    EmitWeightGradientTile(w, layer, isa, rows);
                }
                else
                {
                    using (w.Open($"if (t < {longer})")) EmitWeightGradientTile(w, layer, isa, rows + 1);
                    using (w.Open("else")) EmitWeightGradientTile(w, layer, isa, rows);
                }
            }
        }
        w.Line();
    }

    /// <summary>One tile of <paramref name="rows"/> rows of dW from k: load, run over every output position, store.</summary>
    private static void EmitWeightGradientTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int rows)
    {
        ImageLayout image = Source(layer), output = layer.OutputImage!;
        WindowOptions s = WindowOptions.Of(layer.Spec);
        string v = isa.Type, vf = isa.FloatVector;
        int np = output.ChannelStride, vectors = FilterVectors(layer, isa);
        for (int t = 0; t < rows; t++)
        {
            w.Line($"ref float dw{t} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dw, {Plus("k", t)} * {np});");
            w.Line($"int o{t} = offsets[{Plus("k", t)}];");
            w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(t, c)} = {v}.LoadUnsafe(ref dw{t}{Offset(c * isa.Width)});")));
        }
        using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
        {
            w.Line($"ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, oh * {s.StrideHeight * image.Width * image.ChannelStride});");
            w.Line($"ref float dzRow = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, oh * {output.Width * np});");
            using (w.Open($"for (int ow = 0; ow < {output.Width}; ow++)"))
            {
                w.Line($"ref float origin = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, ow * {s.StrideWidth * image.ChannelStride});");
                w.Line($"ref float dzp = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dzRow, ow * {np});");
                w.Line(string.Join(" ", Range(vectors, c => $"{vf} g{c} = {v}.LoadUnsafe(ref dzp{Offset(c * isa.Width)});")));
                for (int t = 0; t < rows; t++)
                {
                    w.Line($"{(t == 0 ? vf + " " : "")}s = {v}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, o{t}));");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(t, c)} = {v}.MultiplyAddEstimate(s, g{c}, {Acc(t, c)});")));
                }
            }
        }
        for (int t = 0; t < rows; t++)
        {
            w.Line(string.Join(" ", Range(vectors, c => $"{v}.StoreUnsafe({Acc(t, c)}, ref dw{t}{Offset(c * isa.Width)});")));
        }
    }

    /// <summary>
    /// With one input channel stored one float per pixel (the network input, not a one-filter convolution's output
    /// padded to 16) and at most 8 filters, a 512-bit accumulator holds two neighbouring output positions
    /// (filters 0–7 of each) instead of one position's few filters and the padding: half the multiply-adds. It needs
    /// stride 1 and no dilation along both axes (the two positions read neighbouring pixels, each kernel row the next
    /// image row) and an even output width. The whole row is unrolled, so its accumulators, the kernel row's weights and
    /// the pixel pair must fit in the 32 registers: beyond that (a long 1-D signal) the code would grow with the row and
    /// spill, and the tiled kernel takes over.
    /// </summary>
    private static bool PairsPositions(LayerPlan layer, VectorIsa isa) =>
        isa == VectorIsa.V512 && layer.InputImage!.Channels == 1 && Source(layer).ChannelStride == 1 && layer.Spec.Units <= 8
        && WindowOptions.Of(layer.Spec) is { StrideHeight: 1, StrideWidth: 1, DilationHeight: 1, DilationWidth: 1, KernelWidth: int kernelWidth }
        && layer.OutputImage!.Width % 2 == 0 && layer.OutputImage.Width / 2 + kernelWidth + 1 <= 32;

    private static void EmitKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        if (PairsPositions(layer, isa))
        {
            EmitPairedKernel(w, layer);
            return;
        }
        ImageLayout image = Source(layer), output = layer.OutputImage!;
        string n = layer.Identifier;
        int vectors = FilterVectors(layer, isa);
        int tile = Positions(vectors, isa, output.Width), full = output.Width / tile * tile, rest = output.Width % tile;
        string biasParameter = layer.Spec.HasBias ? "ref float bias, " : "";
        string biasArgument = layer.Spec.HasBias ? "ref bias, " : "";
        w.Line($"/// <summary>{layer.Spec.Name} direct forward, {isa.Bits}-bit: image {image} → y {output}, tiles of {tile} output positions × {layer.Spec.Units} filters ({Vectors(vectors)}){(rest > 0 ? $", then one of {rest}" : "")}.</summary>");
        using (w.Open($"private static void {n}DirectKernel{isa.Suffix}(ref float image, ref float w, {biasParameter}ref float y)"))
        {
            using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
            {
                if (full > 0) w.Line($"for (int ow = 0; ow < {full}; ow += {tile}) {n}DirectTile{isa.Suffix}x{tile}(ref image, ref w, {biasArgument}ref y, oh, ow);");
                if (rest > 0) w.Line($"{n}DirectTile{isa.Suffix}x{rest}(ref image, ref w, {biasArgument}ref y, oh, {full});");
            }
        }
        w.Line();
        if (full > 0) EmitTile(w, layer, isa, tile);
        if (rest > 0) EmitTile(w, layer, isa, rest);
    }

    private static void EmitTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int positions)
    {
        ImageLayout image = Source(layer), output = layer.OutputImage!;
        LayerSpec s = layer.Spec;
        WindowOptions window = WindowOptions.Of(s);
        string n = layer.Identifier, v = isa.Type, vf = isa.FloatVector;
        int channels = layer.InputImage!.Channels, cs = image.ChannelStride, np = output.ChannelStride;
        int vectors = FilterVectors(layer, isa), padding = np / isa.Width - vectors;
        string biasParameter = s.HasBias ? "ref float bias, " : "";
        w.Line($"/// <summary>{Rows(positions).Replace("row", "output position")} × {s.Units} filters ({Vectors(vectors)}{(padding > 0 ? $", then {np - vectors * isa.Width} padding channels of zeros" : "")}) at (oh, ow).</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {n}DirectTile{isa.Suffix}x{positions}(ref float image, ref float w, {biasParameter}ref float y, int oh, int ow)"))
        {
            for (int c = 0; c < vectors; c++)
            {
                w.Line($"{vf} {Acc(0, c)} = {(s.HasBias ? $"{v}.LoadUnsafe(ref bias{Offset(c * isa.Width)})" : vf + ".Zero")};");
            }
            for (int r = 1; r < positions; r++) w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(r, c)} = {Acc(0, c)};")));
            w.Line($"ref float origin = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, (oh * {window.StrideHeight * image.Width} + ow * {window.StrideWidth}) * {cs});");
            using (w.Open($"for (int kh = 0; kh < {window.KernelHeight}; kh++)"))
            using (w.Open($"for (int kw = 0; kw < {window.KernelWidth}; kw++)"))
            {
                w.Line($"ref float tap = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, kh * {window.DilationHeight * image.Width * cs} + kw * {window.DilationWidth * cs});");
                w.Line($"ref float wk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (kh * {window.KernelWidth} + kw) * {channels * np});");
                if (channels == 1)
                {
                    EmitChannel(w, isa, positions, vectors, window.StrideWidth * cs, "0", "0");
                }
                else
                {
                    using (w.Open($"for (int c = 0; c < {channels}; c++)"))
                    {
                        EmitChannel(w, isa, positions, vectors, window.StrideWidth * cs, "c", $"c * {np}");
                    }
                }
            }
            for (int r = 0; r < positions; r++)
            {
                w.Line($"ref float y{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, ({Plus("oh * " + output.Width.ToString(CultureInfo.InvariantCulture) + " + ow", r)}) * {np});");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{v}.StoreUnsafe({ActivationEmitter.FusedEpilogue(s, isa, Acc(r, c))}, ref y{r}{Offset(c * isa.Width)});");
                }
                // Padding channels are written as zeros: layers that read whole vectors of channels may see them.
                if (padding > 0) w.Line(string.Join(" ", Range(padding, c => $"{v}.StoreUnsafe({vf}.Zero, ref y{r}{Offset((vectors + c) * isa.Width)});")));
            }
        }
        w.Line();
    }

    /// <summary>
    /// The paired forward (see <see cref="PairsPositions"/>): for each output row, one accumulator per pair of positions
    /// [y(ow) filters 0–7 | y(ow + 1) filters 0–7]. For each kernel row the tap weights are loaded twice into one vector,
    /// and each pair of neighbouring pixels [x(j) ×8 | x(j + 1) ×8] is built once and multiplied into every pair
    /// that reads it (pair r with tap kw reads pixel 2r + kw). Taps are added in the same order as the unpaired kernel,
    /// so the results are the same to the bit.
    /// </summary>
    private static void EmitPairedKernel(SourceWriter w, LayerPlan layer)
    {
        ImageLayout image = Source(layer), output = layer.OutputImage!;
        LayerSpec s = layer.Spec;
        WindowOptions window = WindowOptions.Of(s);
        string n = layer.Identifier;
        int pairs = output.Width / 2, taps = window.KernelWidth, np = output.ChannelStride;
        string biasParameter = s.HasBias ? "ref float bias, " : "";
        w.Line($"/// <summary>{s.Name} direct forward, 512-bit: image {image} → y {output}, each output row as {pairs} pairs of positions × {s.Units} filters, one accumulator a pair.</summary>");
        using (w.Open($"private static void {n}DirectKernel512(ref float image, ref float w, {biasParameter}ref float y)"))
        {
            w.Line($"global::System.Runtime.Intrinsics.Vector512<float> start = {(s.HasBias ? "global::System.Runtime.Intrinsics.Vector512.Create(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref bias))" : "global::System.Runtime.Intrinsics.Vector512<float>.Zero")};");
            using (w.Open($"for (int oh = 0; oh < {output.Height}; oh++)"))
            {
                w.Line(string.Join(" ", Range(pairs, r => $"{(r == 0 ? "global::System.Runtime.Intrinsics.Vector512<float> " : "")}{Acc(r, 0)} = start{(r == pairs - 1 ? ";" : ",")}")));
                using (w.Open($"for (int kh = 0; kh < {window.KernelHeight}; kh++)"))
                {
                    w.Line($"ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref image, (oh + kh) * {image.Width});");
                    w.Line($"ref float wk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, kh * {taps * np});");
                    w.Line(string.Join(" ", Range(taps, kw => $"{(kw == 0 ? "global::System.Runtime.Intrinsics.Vector512<float> " : "")}w{kw} = global::System.Runtime.Intrinsics.Vector512.Create(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref wk{Offset(kw * np)})){(kw == taps - 1 ? ";" : ",")}")));
                    w.Line("global::System.Runtime.Intrinsics.Vector512<float> p;");
                    for (int j = 0; j < output.Width + taps - 1; j++)
                    {
                        var uses = new System.Collections.Generic.List<string>();
                        for (int kw = 0; kw < taps; kw++)
                        {
                            int twice = j - kw;
                            if (twice >= 0 && twice % 2 == 0 && twice / 2 < pairs) uses.Add($"{Acc(twice / 2, 0)} = global::System.Runtime.Intrinsics.Vector512.MultiplyAddEstimate(p, w{kw}, {Acc(twice / 2, 0)});");
                        }
                        if (uses.Count == 0) continue;
                        w.Line($"p = {n}PixelPair(ref row, {j});");
                        w.Line(string.Join(" ", uses));
                    }
                }
                for (int r = 0; r < pairs; r++)
                {
                    w.Line($"ref float y{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, (oh * {output.Width} + {2 * r}) * {np});");
                    w.Line($"global::System.Runtime.Intrinsics.Vector512<float> v{r} = {ActivationEmitter.FusedEpilogue(s, VectorIsa.V512, Acc(r, 0))};");
                    w.Line($"global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector512.GetLower(v{r}), ref y{r}); global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256<float>.Zero, ref y{r}, 8); "
                        + $"global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector512.GetUpper(v{r}), ref y{r}, {np}); global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256<float>.Zero, ref y{r}, {np + 8});");
                }
            }
        }
        w.Line();
        w.Line("/// <summary>[x(j) ×8 | x(j + 1) ×8]: two neighbouring pixels of a row, each spread over 8 lanes (one load, one permute by a constant).</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static global::System.Runtime.Intrinsics.Vector512<float> {n}PixelPair(ref float row, nuint j)"))
        {
            w.Line("global::System.Runtime.Intrinsics.Vector512<float> pixels = global::System.Runtime.Intrinsics.Vector256.ToVector512Unsafe(global::System.Runtime.Intrinsics.Vector128.ToVector256Unsafe(global::System.Runtime.Intrinsics.Vector128.AsSingle(global::System.Runtime.Intrinsics.Vector128.CreateScalarUnsafe(global::System.Runtime.CompilerServices.Unsafe.ReadUnaligned<double>(ref global::System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, j)))))));");
            w.Line("return global::System.Runtime.Intrinsics.Vector512.Shuffle(pixels, global::System.Runtime.Intrinsics.Vector512.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));");
        }
        w.Line();
    }

    /// <summary>One channel of one tap: load its weight vectors once, broadcast each position's pixel into them.</summary>
    private static void EmitChannel(SourceWriter w, VectorIsa isa, int positions, int vectors, int positionStride, string channel, string weightOffset)
    {
        string v = isa.Type, vf = isa.FloatVector;
        string wOffset = weightOffset == "0" ? "" : $"{weightOffset} + ";
        for (int c = 0; c < vectors; c++)
        {
            string offset = weightOffset == "0" ? Offset(c * isa.Width) : $", (nuint)({wOffset}{c * isa.Width})";
            w.Line($"{vf} w{c} = {v}.LoadUnsafe(ref wk{offset});");
        }
        for (int r = 0; r < positions; r++)
        {
            string pixel = channel == "0" ? (r * positionStride).ToString(CultureInfo.InvariantCulture) : (r == 0 ? channel : $"{r * positionStride} + {channel}");
            w.Line($"{(r == 0 ? vf + " " : "")}s = {v}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref tap, {pixel}));");
            w.Line(string.Join(" ", Range(vectors, c => $"{Acc(r, c)} = {v}.MultiplyAddEstimate(s, w{c}, {Acc(r, c)});")));
        }
    }
}
