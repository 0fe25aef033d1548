using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.GemmEmitter;

namespace NetGen.Generator.Emitters;

/// <summary>
/// The weight matrix of a Dense or convolution layer and the rows it is applied to. Dense applies it to
/// samples; a convolution to the unfolded input patches of one sample, one row per output position.
/// </summary>
/// <param name="Layer">The layer.</param>
/// <param name="K">Weight rows: a Dense layer's inputs, a convolution's channels × kernel height × width.</param>
/// <param name="XStride">Floats between rows of x (samples, or unfolded patches).</param>
/// <param name="YStride">Floats between rows of y and dz (samples, or output positions).</param>
internal sealed record MatrixPlan(LayerPlan Layer, int K, int XStride, int YStride)
{
    public string Name => Layer.Identifier;

    /// <summary>Real outputs (units or filters).</summary>
    public int N => Layer.Spec.Units;

    /// <summary>Outputs rounded up to whole vectors: the row stride of W.</summary>
    public int Np => Planner.RoundUp(N);

    /// <summary>Weight rows rounded up to whole vectors: the row stride of Wᵀ and of the input-gradient product.</summary>
    public int Kp => Planner.RoundUp(K);

    public static MatrixPlan ForDense(LayerPlan layer) => new(layer, layer.InputWidth, layer.InputStride, layer.OutputStride);
}

/// <summary>A weight gradient dW [K, Np] += xᵀ · dz over the rows of x (stride XStride) and dz (stride YStride); kernels are named <c>{Name}Kernel…</c>.</summary>
internal sealed record WeightGradientSpec(string Name, string Owner, string What, int K, int Np, int XStride, int YStride);

/// <summary>
/// The kernels every weight matrix needs, forward and backward, for each vector width:
/// <code>
/// forward   y[r, :]   = act(Σ_k x[r, k] · W[k, :] + bias)       (a <see cref="GemmEmitter"/> product)
/// backward  dbias    += Σ_r dz[r, :]
///           dW[k, :] += Σ_r x[r, k] · dz[r, :]                  (weight rows kStart ≤ k &lt; kEnd)
///           dx[r, :]  = Σ_j dz[r, j] · Wᵀ[j, :]                 (a product with the transposed weights)
/// </code>
/// plus the transposition of W and one dispatcher per kernel that picks the widest accelerated width.
/// </summary>
internal static class MatrixEmitter
{
    /// <summary>
    /// The kernels of one layer; <paramref name="unfolded"/> false leaves out the products over unfolded patches,
    /// forward and weight gradient (a direct convolution has its own).
    /// </summary>
    public static void EmitKernels(SourceWriter w, MatrixPlan m, bool unfolded = true)
    {
        EmitTranspose(w, m);
        EmitDispatch(w, m, unfolded);
        foreach (VectorIsa isa in VectorIsa.All)
        {
            if (unfolded) GemmEmitter.Emit(w, ForwardGemm(m), isa);
            GemmEmitter.Emit(w, InputGradientGemm(m), isa);
            if (unfolded) EmitWeightGradientKernel(w, m, isa);
            EmitBiasGradientKernel(w, m, isa);
            if (ActivationEmitter.HasLayerVectorBackward(m.Layer))
            {
                ActivationEmitter.EmitVectorBackward(w, m.Layer, isa);
            }
        }
    }

    private static GemmSpec ForwardGemm(MatrixPlan m) => new(
        $"{m.Name}ForwardKernel", $"{m.Layer.Spec.Name} forward",
        m.K, m.XStride, m.Np, m.YStride, m.Np, m.Layer.Spec.HasBias, m.Layer.Spec);

    private static GemmSpec InputGradientGemm(MatrixPlan m) => new(
        $"{m.Name}InputGradientKernel", $"{m.Layer.Spec.Name} input gradient dx = dz · Wᵀ",
        m.N, m.YStride, m.Kp, m.Kp, m.Kp, false, null);

    private static void EmitTranspose(SourceWriter w, MatrixPlan m)
    {
        LayerPlan layer = m.Layer;
        w.Line($"/// <summary>Refreshes Wᵀ [{m.N}, {m.Kp}] (zero padded) from {layer.Spec.Name}'s weights [{m.K}, {m.Np}], for the input gradient.</summary>");
        using (w.Open($"private void {m.Name}TransposeWeights()"))
        {
            w.Line($"_transposed{layer.Index} ??= global::NetGen.CompilerServices.AlignedArrays.Allocate({m.N * m.Kp});");
            w.Line($"ref float weights = ref {Add("Data(_parameters)", layer.WeightOffset)};");
            w.Line($"ref float transposed = ref Data(_transposed{layer.Index});");
            if ((long)m.K * m.N <= LargeTranspose)
            {
                using (w.Open($"for (int k = 0; k < {m.K}; k++)"))
                {
                    w.Line($"ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, k * {m.Np});");
                    w.Line($"for (int j = 0; j < {m.N}; j++) global::System.Runtime.CompilerServices.Unsafe.Add(ref transposed, j * {m.Kp} + k) = global::System.Runtime.CompilerServices.Unsafe.Add(ref row, j);");
                }
            }
            else
            {
                w.Line($"// In tiles of {TransposeTile} × {TransposeTile}, each written row filled from {TransposeTile} source rows that stay in L1: element by element over");
                w.Line($"// whole rows, each write lands {m.Kp * 4} bytes after the one before and rows that far apart compete for the same cache sets.");
                using (w.Open($"for (int k0 = 0; k0 < {m.K}; k0 += {TransposeTile})"))
                {
                    using (w.Open($"for (int j0 = 0; j0 < {m.N}; j0 += {TransposeTile})"))
                    {
                        w.Line($"int k1 = global::System.Math.Min(k0 + {TransposeTile}, {m.K}), j1 = global::System.Math.Min(j0 + {TransposeTile}, {m.N});");
                        using (w.Open("for (int j = j0; j < j1; j++)"))
                        {
                            w.Line($"ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref transposed, j * {m.Kp});");
                            w.Line($"for (int k = k0; k < k1; k++) global::System.Runtime.CompilerServices.Unsafe.Add(ref row, k) = global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, k * {m.Np} + j);");
                        }
                    }
                }
            }
        }
        w.Line();
    }

    /// <summary>
    /// Rows and columns of one tile of a large weight transpose: 8 measured fastest (W5's 1024 × 1024 in 0.6 ms; 16: 0.85,
    /// 32: 1.4; over whole rows: 7 ms).
    /// </summary>
    private const int TransposeTile = 8;

    /// <summary>Weights above this many floats (256 KB) are transposed in tiles.</summary>
    private const long LargeTranspose = 64 * 1024;

    private static void EmitDispatch(SourceWriter w, MatrixPlan m, bool unfolded)
    {
        string n = m.Name;
        bool bias = m.Layer.Spec.HasBias;
        if (unfolded) Dispatch(w, $"{n}ForwardKernel", $"ref float x, ref float w, {(bias ? "ref float bias, " : "")}ref float y, int batch", $"ref x, ref w, {(bias ? "ref bias, " : "")}ref y, batch");
        Dispatch(w, $"{n}InputGradientKernel", "ref float x, ref float w, ref float y, int batch", "ref x, ref w, ref y, batch");
        if (unfolded) Dispatch(w, $"{n}WeightGradientKernel", "ref float x, ref float dz, ref float dw, int batch, int kStart, int kEnd", "ref x, ref dz, ref dw, batch, kStart, kEnd");
        if (bias) Dispatch(w, $"{n}BiasGradientKernel", "ref float dz, ref float db, int batch", "ref dz, ref db, batch");
        if (ActivationEmitter.HasLayerVectorBackward(m.Layer))
        {
            Dispatch(w, $"{n}ActivationBackwardKernel", "ref float y, ref float dy, int batch", "ref y, ref dy, batch");
        }
    }

    public static void Dispatch(SourceWriter w, string name, string parameters, string arguments)
    {
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {name}({parameters})"))
        {
            w.Line($"if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) {name}512({arguments});");
            w.Line($"else if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) {name}256({arguments});");
            w.Line($"else {name}128({arguments});");
        }
        w.Line();
    }

    private static void EmitWeightGradientKernel(SourceWriter w, MatrixPlan m, VectorIsa isa) =>
        EmitWeightGradientKernel(w, new WeightGradientSpec($"{m.Name}WeightGradient", m.Layer.Spec.Name, "weight gradient", m.K, m.Np, m.XStride, m.YStride), isa);

    /// <summary>A weight-gradient kernel <c>{Name}Kernel{bits}</c> and its tiles <c>{Name}Tile…</c>: dW[k, :] += Σ_r x[r, k] · dz[r, :].</summary>
    public static void EmitWeightGradientKernel(SourceWriter w, WeightGradientSpec g, VectorIsa isa)
    {
        string n = g.Name;
        w.Line("/// <summary>");
        w.Line($"/// {g.Owner} {g.What}, {isa.Bits}-bit: dW[k, :] += Σ_r x[r, k] · dz[r, :] for kStart ≤ k &lt; kEnd (of {g.K}), tiles of {isa.RowTile} weight rows ×");
        w.Line($"/// {isa.ColumnVectors * isa.Width} columns accumulated over the rows in registers, then single weight rows; dW row stride {g.Np}, x row stride {g.XStride}, dz row stride {g.YStride}.");
        w.Line("/// </summary>");
        using (w.Open($"private static void {n}Kernel{isa.Suffix}(ref float x, ref float dz, ref float dw, int batch, int kStart, int kEnd)"))
        {
            w.Line("int k = kStart;");
            using (w.Open($"for (; k + {isa.RowTile} <= kEnd; k += {isa.RowTile})"))
            {
                ColumnBlocks(w, g.Np, isa, isa.ColumnVectors, vectors => $"{n}Tile{isa.Suffix}x{isa.RowTile}x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
            }
            using (w.Open("for (; k < kEnd; k++)"))
            {
                ColumnBlocks(w, g.Np, isa, isa.SingleRowVectors, vectors => $"{n}Tile{isa.Suffix}x1x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
            }
        }
        w.Line();
        foreach ((int rows, int vectors) in Tiles(g.Np, isa, isa.RowTile, isa.ColumnVectors, isa.SingleRowVectors))
        {
            EmitWeightGradientTile(w, g, isa, rows, vectors);
        }
    }

    private static void EmitWeightGradientTile(SourceWriter w, WeightGradientSpec g, VectorIsa isa, int rows, int vectors)
    {
        string v = isa.Type, vf = isa.FloatVector;
        w.Line($"/// <summary>{Rows(rows)} × {vectors * isa.Width} columns of {g.Owner}'s {g.What} at (k, j), summed over the rows of x and dz.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {g.Name}Tile{isa.Suffix}x{rows}x{vectors}(ref float x, ref float dz, ref float dw, int batch, int k, int j)"))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float dw{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dw, {Plus("k", r)} * {g.Np} + j);");
                w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(r, c)} = {v}.LoadUnsafe(ref dw{r}{Offset(c * isa.Width)});")));
            }
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"ref float dzb = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b * {g.YStride} + j);");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{vf} d{c} = {v}.LoadUnsafe(ref dzb{Offset(c * isa.Width)});");
                }
                w.Line($"ref float xb = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {g.XStride} + k);");
                for (int r = 0; r < rows; r++)
                {
                    string element = r == 0 ? "xb" : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref xb, {r})";
                    w.Line($"{(r == 0 ? vf + " " : "")}s = {v}.Create({element});");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(r, c)} = {v}.MultiplyAddEstimate(s, d{c}, {Acc(r, c)});")));
                }
            }
            for (int r = 0; r < rows; r++)
            {
                w.Line(string.Join(" ", Range(vectors, c => $"{v}.StoreUnsafe({Acc(r, c)}, ref dw{r}{Offset(c * isa.Width)});")));
            }
        }
        w.Line();
    }

    private static void EmitBiasGradientKernel(SourceWriter w, MatrixPlan m, VectorIsa isa)
    {
        if (!m.Layer.Spec.HasBias) return;
        string v = isa.Type, vf = isa.FloatVector;
        w.Line($"/// <summary>{m.Layer.Spec.Name} bias gradient, {isa.Bits}-bit: dbias[{m.Np}] += Σ_r dz[r, :] (row stride {m.YStride}), one vector of columns at a time.</summary>");
        using (w.Open($"private static void {m.Name}BiasGradientKernel{isa.Suffix}(ref float dz, ref float db, int batch)"))
        {
            using (w.Open($"for (nuint j = 0; j < {m.Np}; j += {isa.Width})"))
            {
                w.Line($"{vf} sum = {v}.LoadUnsafe(ref db, j);");
                w.Line($"for (int b = 0; b < batch; b++) sum += {v}.LoadUnsafe(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b * {m.YStride}), j);");
                w.Line($"{v}.StoreUnsafe(sum, ref db, j);");
            }
        }
        w.Line();
    }

    public static string Add(string reference, int offset) => offset == 0 ? reference : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, {offset})";
}
