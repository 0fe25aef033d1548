using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.GemmEmitter;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Dense layer, forward and backward. Weights are stored [in, stride] (stride = out rounded up to 16,
/// zero padded), so forward and the weight gradient load full vectors along the output axis:
/// <code>
/// forward   y[b, :]   = act(Σ_k x[b, k] · W[k, :] + bias)       (saves y for backward)
/// backward  dz        = dy ⊙ act'(y)                            (in place in dy)
///           dbias    += Σ_b dz[b, :]
///           dW[k, :] += Σ_b x[b, k] · dz[b, :]
///           dx[b, :]  = Σ_j dz[b, j] · Wᵀ[j, :]                 (only when asked; Wᵀ is refreshed per backward)
/// </code>
/// Forward and the input gradient are both <see cref="GemmEmitter"/> products; the weight gradient keeps
/// a tile of weight rows in registers while it runs over the batch. For threads, the weight gradient is
/// split by weight rows and the input gradient by batch rows, so each element is summed in the same order
/// whatever the thread count.
/// </summary>
internal static class DenseEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        EmitForward(w, layer);
        EmitActivationBackward(w, layer);
        EmitGradients(w, layer);
        EmitTranspose(w, layer);
        EmitDispatch(w, layer);
        foreach (VectorIsa isa in VectorIsa.All)
        {
            GemmEmitter.Emit(w, ForwardGemm(layer), isa);
            GemmEmitter.Emit(w, InputGradientGemm(layer), isa);
            EmitWeightGradientKernel(w, layer, isa);
            EmitBiasGradientKernel(w, layer, isa);
            if (ActivationEmitter.HasVectorBackward(layer.Spec.Activation))
            {
                ActivationEmitter.EmitVectorBackward(w, layer, isa);
            }
        }
    }

    /// <summary>Input columns rounded up to whole vectors: the row stride of Wᵀ and of the input-gradient product.</summary>
    public static int InputPadded(LayerPlan layer) => Planner.RoundUp(layer.InputWidth);

    /// <summary>Whether the input gradient must go through a scratch buffer because the target's stride is not the padded one.</summary>
    public static bool NeedsInputGradientScratch(LayerPlan layer) => layer.InputStride != InputPadded(layer);

    private static GemmSpec ForwardGemm(LayerPlan layer) => new(
        $"{layer.Identifier}ForwardKernel", $"{layer.Spec.Name} forward",
        layer.InputWidth, layer.InputStride, layer.OutputStride, layer.OutputStride, layer.OutputStride, layer.Spec.HasBias, layer.Spec);

    private static GemmSpec InputGradientGemm(LayerPlan layer) => new(
        $"{layer.Identifier}InputGradientKernel", $"{layer.Spec.Name} input gradient dx = dz · Wᵀ",
        layer.OutputWidth, layer.OutputStride, InputPadded(layer), InputPadded(layer), InputPadded(layer), false, null);

    private static void EmitForward(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        w.Line($"/// <summary>{layer.Spec.Name} forward for <paramref name=\"rows\"/> rows: y[rows, {layer.OutputWidth}] = {ActivationEmitter.Describe(layer.Spec)}(x[rows, {layer.InputWidth}] · W + b); x has row stride {layer.InputStride}, y row stride {layer.OutputStride}.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line("ref float parameters = ref Data(_parameters);");
            string bias = layer.Spec.HasBias ? $"ref Unsafe.Add(ref parameters, {layer.BiasOffset}), " : "";
            w.Line($"{n}ForwardKernel(ref x, ref {Add("parameters", layer.WeightOffset)}, {bias}ref y, rows);");
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static void EmitActivationBackward(SourceWriter w, LayerPlan layer)
    {
        if (!HasActivationBackward(layer)) return;
        w.Line($"/// <summary>{layer.Spec.Name} {layer.Spec.Activation} backward for <paramref name=\"rows\"/> rows: dy ⊙= act'(y), in place (row stride {layer.OutputStride}).</summary>");
        using (w.Open($"private static void {layer.Identifier}ActivationBackward(ref float y, ref float dy, int rows)"))
        {
            if (layer.Spec.Activation == ActivationKind.Softmax) ActivationEmitter.EmitRowwiseBackward(w, layer);
            else w.Line($"{layer.Identifier}ActivationBackwardKernel(ref y, ref dy, rows);");
        }
        w.Line();
    }

    /// <summary>Whether the layer's activation has a backward step (Identity and Step pass dy through).</summary>
    public static bool HasActivationBackward(LayerPlan layer) =>
        ActivationEmitter.HasVectorBackward(layer.Spec.Activation) || layer.Spec.Activation == ActivationKind.Softmax;

    private static void EmitGradients(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        int k = layer.InputWidth, kp = InputPadded(layer);
        bool scratch = NeedsInputGradientScratch(layer);
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} gradients from dz (row stride {layer.OutputStride}), part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: dbias += Σ_b dz (part 0),");
        w.Line($"/// dW += xᵀ · dz for this part's weight rows, and, when <paramref name=\"inputGradient\"/> is set, dx = dz · Wᵀ (=) for this part's batch rows");
        w.Line($"/// (dx row stride {layer.InputStride}{(scratch ? $"; computed at stride {kp} in a scratch buffer, then copied" : "")}).");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dz, ref float dx, int batch, int part, int parts, bool inputGradient)"))
        {
            w.Line("ref float gradients = ref Data(_gradients);");
            if (layer.Spec.HasBias)
            {
                w.Line($"if (part == 0) {n}BiasGradientKernel(ref dz, ref {Add("gradients", layer.BiasOffset)}, batch);");
            }
            w.Line($"(int k0, int k1) = global::NetGen.ParallelRunner.Partition({k}, part, parts);");
            w.Line($"{n}WeightGradientKernel(ref x, ref dz, ref {Add("gradients", layer.WeightOffset)}, batch, k0, k1);");
            w.Line("if (!inputGradient) return;");
            w.Line("(int b0, int b1) = global::NetGen.ParallelRunner.Partition(batch, part, parts);");
            w.Line($"ref float transposed = ref Data(_transposed{layer.Index}!); // refreshed by Backward before this stage");
            if (!scratch)
            {
                w.Line($"{n}InputGradientKernel(ref Unsafe.Add(ref dz, b0 * {layer.OutputStride}), ref transposed, ref Unsafe.Add(ref dx, b0 * {kp}), b1 - b0);");
            }
            else
            {
                w.Line($"ref float padded = ref Data(_inputGradientScratch{layer.Index});");
                w.Line($"{n}InputGradientKernel(ref Unsafe.Add(ref dz, b0 * {layer.OutputStride}), ref transposed, ref Unsafe.Add(ref padded, b0 * {kp}), b1 - b0);");
                w.Line($"for (int b = b0; b < b1; b++) MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref padded, b * {kp}), {k}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dx, b * {layer.InputStride}), {k}));");
            }
        }
        w.Line();
    }

    private static void EmitTranspose(SourceWriter w, LayerPlan layer)
    {
        int k = layer.InputWidth, n = layer.OutputWidth, kp = InputPadded(layer);
        w.Line($"/// <summary>Refreshes Wᵀ [{n}, {kp}] (zero padded) from {layer.Spec.Name}'s weights [{k}, {layer.OutputStride}], for the input gradient.</summary>");
        using (w.Open($"private void {layer.Identifier}TransposeWeights()"))
        {
            w.Line($"_transposed{layer.Index} ??= global::NetGen.AlignedArrays.Allocate({n * kp});");
            w.Line($"ref float weights = ref {Add("Data(_parameters)", layer.WeightOffset)};");
            w.Line($"ref float transposed = ref Data(_transposed{layer.Index});");
            using (w.Open($"for (int k = 0; k < {k}; k++)"))
            {
                w.Line($"ref float row = ref Unsafe.Add(ref weights, k * {layer.OutputStride});");
                w.Line($"for (int j = 0; j < {n}; j++) Unsafe.Add(ref transposed, j * {kp} + k) = Unsafe.Add(ref row, j);");
            }
        }
        w.Line();
    }

    /// <summary>One method per kernel family that picks the widest accelerated vector path.</summary>
    private static void EmitDispatch(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        string bias = layer.Spec.HasBias ? "ref float bias, " : "", biasArg = layer.Spec.HasBias ? "ref bias, " : "";
        Dispatch(w, $"{n}ForwardKernel", $"ref float x, ref float w, {bias}ref float y, int batch", $"ref x, ref w, {biasArg}ref y, batch");
        Dispatch(w, $"{n}InputGradientKernel", "ref float x, ref float w, ref float y, int batch", "ref x, ref w, ref y, batch");
        Dispatch(w, $"{n}WeightGradientKernel", "ref float x, ref float dz, ref float dw, int batch, int kStart, int kEnd", "ref x, ref dz, ref dw, batch, kStart, kEnd");
        if (layer.Spec.HasBias)
        {
            Dispatch(w, $"{n}BiasGradientKernel", "ref float dz, ref float db, int batch", "ref dz, ref db, batch");
        }
        if (ActivationEmitter.HasVectorBackward(layer.Spec.Activation))
        {
            Dispatch(w, $"{n}ActivationBackwardKernel", "ref float y, ref float dy, int batch", "ref y, ref dy, batch");
        }
    }

    private static void Dispatch(SourceWriter w, string name, string parameters, string arguments)
    {
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {name}({parameters})"))
        {
            w.Line($"if (Vector512.IsHardwareAccelerated) {name}512({arguments});");
            w.Line($"else if (Vector256.IsHardwareAccelerated) {name}256({arguments});");
            w.Line($"else {name}128({arguments});");
        }
        w.Line();
    }

    // ---- dW += xᵀ · dz -----------------------------------------------------------------------------

    private static void EmitWeightGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        string n = layer.Identifier;
        int k = layer.InputWidth, stride = layer.OutputStride;
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} weight gradient, {isa.Bits}-bit: dW[k, :] += Σ_b x[b, k] · dz[b, :] for kStart ≤ k &lt; kEnd (of {k}), tiles of {isa.RowTile} weight rows ×");
        w.Line($"/// {isa.ColumnVectors * isa.Width} columns accumulated over the batch in registers, then single weight rows; dW row stride {stride}, x row stride {layer.InputStride}.");
        w.Line("/// </summary>");
        using (w.Open($"private static void {n}WeightGradientKernel{isa.Suffix}(ref float x, ref float dz, ref float dw, int batch, int kStart, int kEnd)"))
        {
            w.Line("int k = kStart;");
            using (w.Open($"for (; k + {isa.RowTile} <= kEnd; k += {isa.RowTile})"))
            {
                ColumnBlocks(w, stride, isa, isa.ColumnVectors, vectors => $"{n}WeightGradientTile{isa.Suffix}x{isa.RowTile}x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
            }
            using (w.Open("for (; k < kEnd; k++)"))
            {
                ColumnBlocks(w, stride, isa, isa.SingleRowVectors, vectors => $"{n}WeightGradientTile{isa.Suffix}x1x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
            }
        }
        w.Line();
        foreach ((int rows, int vectors) in Tiles(stride, isa, isa.RowTile, isa.ColumnVectors, isa.SingleRowVectors))
        {
            EmitWeightGradientTile(w, layer, isa, rows, vectors);
        }
    }

    private static void EmitWeightGradientTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int rows, int vectors)
    {
        string n = layer.Identifier, v = isa.Type, vf = isa.FloatVector;
        int xs = layer.InputStride, ys = layer.OutputStride;
        w.Line($"/// <summary>{Rows(rows)} × {vectors * isa.Width} columns of {layer.Spec.Name}'s weight gradient at (k, j), summed over the batch.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {n}WeightGradientTile{isa.Suffix}x{rows}x{vectors}(ref float x, ref float dz, ref float dw, int batch, int k, int j)"))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float dw{r} = ref Unsafe.Add(ref dw, {Plus("k", r)} * {ys} + j);");
                w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(r, c)} = {v}.LoadUnsafe(ref dw{r}{Offset(c * isa.Width)});")));
            }
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"ref float dzb = ref Unsafe.Add(ref dz, b * {ys} + j);");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{vf} d{c} = {v}.LoadUnsafe(ref dzb{Offset(c * isa.Width)});");
                }
                w.Line($"ref float xb = ref Unsafe.Add(ref x, b * {xs} + k);");
                for (int r = 0; r < rows; r++)
                {
                    string element = r == 0 ? "xb" : $"Unsafe.Add(ref xb, {r})";
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

    // ---- dbias += Σ_b dz ------------------------------------------------------------------------------

    private static void EmitBiasGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        if (!layer.Spec.HasBias) return;
        string n = layer.Identifier, v = isa.Type, vf = isa.FloatVector;
        int ys = layer.OutputStride;
        w.Line($"/// <summary>{layer.Spec.Name} bias gradient, {isa.Bits}-bit: dbias[{ys}] += Σ_b dz[b, :], one vector of columns at a time.</summary>");
        using (w.Open($"private static void {n}BiasGradientKernel{isa.Suffix}(ref float dz, ref float db, int batch)"))
        {
            using (w.Open($"for (nuint j = 0; j < {ys}; j += {isa.Width})"))
            {
                w.Line($"{vf} sum = {v}.LoadUnsafe(ref db, j);");
                w.Line($"for (int b = 0; b < batch; b++) sum += {v}.LoadUnsafe(ref Unsafe.Add(ref dz, b * {ys}), j);");
                w.Line($"{v}.StoreUnsafe(sum, ref db, j);");
            }
        }
        w.Line();
    }

    private static string Add(string reference, int offset) => offset == 0 ? reference : $"Unsafe.Add(ref {reference}, {offset})";
}
