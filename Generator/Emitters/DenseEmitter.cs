using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Dense layer, forward and backward. Weights are stored [in, stride] (stride = out rounded up to 16,
/// zero padded) so that forward and the weight gradient load full vectors along the output axis:
/// <code>
/// forward   y[b, :]  = act(Σ_k x[b, k] · W[k, :] + bias)        (saves y for backward)
/// backward  dz       = dy ⊙ act'(y)                             (in place in dy)
///           dbias   += Σ_b dz[b, :]
///           dW[k, :] += Σ_b x[b, k] · dz[b, :]
///           dx[b, k] = Σ_j dz[b, j] · W[k, j]                   (only when asked)
/// </code>
/// Every loop bound but the batch is a constant; accumulators are held in a register tile of
/// RowTile × ColumnVectors vectors (<see cref="VectorIsa"/>).
/// </summary>
internal static class DenseEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        EmitForwardDispatch(w, layer);
        EmitBackwardDispatch(w, layer);
        foreach (VectorIsa isa in new[] { VectorIsa.V512, VectorIsa.V256 })
        {
            EmitForwardKernel(w, layer, isa);
            EmitWeightGradientKernel(w, layer, isa);
            EmitInputGradientKernel(w, layer, isa);
            EmitBiasGradientKernel(w, layer, isa);
            if (ActivationEmitter.HasVectorBackward(layer.Spec.Activation))
            {
                ActivationEmitter.EmitVectorBackward(w, layer, isa);
            }
        }
    }

    /// <summary>The layer's parameter count for the summary, e.g. 100,480.</summary>
    public static string Describe(LayerPlan layer) =>
        $"W[{layer.InputWidth}, {layer.OutputStride}]" + (layer.Spec.HasBias ? $", bias[{layer.OutputStride}]" : "");

    private static string Name(LayerPlan layer) => layer.Identifier;

    private static void EmitForwardDispatch(SourceWriter w, LayerPlan layer)
    {
        string n = Name(layer);
        w.Line($"/// <summary>{layer.Spec.Name} forward: y[batch, {layer.OutputWidth}] = {ActivationEmitter.Describe(layer.Spec)}(x[batch, {layer.InputWidth}] · W + b); x has row stride {layer.InputStride}, y row stride {layer.OutputStride}.</summary>");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, int batch)"))
        {
            w.Line($"ref float weights = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_parameters), {layer.WeightOffset});");
            string bias = layer.Spec.HasBias ? ", ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_parameters), " + layer.BiasOffset + ")" : "";
            w.Line($"if (Vector512.IsHardwareAccelerated) {n}Forward512(ref x, ref weights{bias}, ref y, batch);");
            w.Line($"else {n}Forward256(ref x, ref weights{bias}, ref y, batch);");
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static void EmitBackwardDispatch(SourceWriter w, LayerPlan layer)
    {
        string n = Name(layer);
        w.Line($"/// <summary>");
        w.Line($"/// {layer.Spec.Name} backward: turns dy[batch, {layer.OutputWidth}] (row stride {layer.OutputStride}) into dz = dy ⊙ act'(y) in place,");
        w.Line($"/// accumulates dW and dbias (+=), and overwrites dx[batch, {layer.InputWidth}] (row stride {layer.InputStride}) when <paramref name=\"inputGradient\"/> is set.");
        w.Line($"/// </summary>");
        using (w.Open($"private void {n}Backward(ref float x, ref float y, ref float dy, ref float dx, int batch, bool inputGradient)"))
        {
            w.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
            w.Line("ref float gradients = ref MemoryMarshal.GetArrayDataReference(_gradients);");
            ActivationEmitter.EmitRowwiseBackward(w, layer);
            using (w.Open("if (Vector512.IsHardwareAccelerated)"))
            {
                EmitBackwardCalls(w, layer, "512");
            }
            using (w.Open("else"))
            {
                EmitBackwardCalls(w, layer, "256");
            }
        }
        w.Line();
    }

    private static void EmitBackwardCalls(SourceWriter w, LayerPlan layer, string suffix)
    {
        string n = Name(layer);
        if (ActivationEmitter.HasVectorBackward(layer.Spec.Activation))
        {
            w.Line($"{n}ActivationBackward{suffix}(ref y, ref dy, batch);");
        }
        if (layer.Spec.HasBias)
        {
            w.Line($"{n}BiasGradient{suffix}(ref dy, ref Unsafe.Add(ref gradients, {layer.BiasOffset}), batch);");
        }
        w.Line($"{n}WeightGradient{suffix}(ref x, ref dy, ref Unsafe.Add(ref gradients, {layer.WeightOffset}), batch);");
        w.Line($"if (inputGradient) {n}InputGradient{suffix}(ref dy, ref Unsafe.Add(ref parameters, {layer.WeightOffset}), ref dx, batch);");
    }

    // ---- forward: y = act(x · W + b) --------------------------------------------------------------

    private static void EmitForwardKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        string n = Name(layer);
        int k = layer.InputWidth, stride = layer.OutputStride;
        string biasParameter = layer.Spec.HasBias ? "ref float bias, " : "";
        string biasArgument = layer.Spec.HasBias ? "ref bias, " : "";
        w.Line($"/// <summary>");
        w.Line($"/// {layer.Spec.Name} forward, {isa.Bits}-bit: tiles of {isa.RowTile} rows × {isa.ColumnVectors * isa.Width} columns ({isa.RowTile * isa.ColumnVectors} accumulators), then single rows × {isa.SingleRowVectors * isa.Width} columns;");
        w.Line($"/// k runs over the {k} inputs with the tile in registers; {ActivationEmitter.Describe(layer.Spec)} is applied on the way out.");
        w.Line($"/// </summary>");
        using (w.Open($"private static void {n}Forward{isa.Suffix}(ref float x, ref float w, {biasParameter}ref float y, int batch)"))
        {
            w.Line("int b = 0;");
            using (w.Open($"for (; b + {isa.RowTile} <= batch; b += {isa.RowTile})"))
            {
                EmitColumnBlocks(w, stride, isa, isa.ColumnVectors, vectors => $"{n}ForwardTile{isa.Suffix}x{isa.RowTile}x{vectors}(ref x, ref w, {biasArgument}ref y, b, {{0}});");
            }
            using (w.Open("for (; b < batch; b++)"))
            {
                EmitColumnBlocks(w, stride, isa, isa.SingleRowVectors, vectors => $"{n}ForwardTile{isa.Suffix}x1x{vectors}(ref x, ref w, {biasArgument}ref y, b, {{0}});");
            }
        }
        w.Line();
        foreach ((int rows, int vectors) in Tiles(stride, isa))
        {
            EmitForwardTile(w, layer, isa, rows, vectors);
        }
    }

    private static void EmitForwardTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int rows, int vectors)
    {
        string n = Name(layer), v = isa.Type, vf = isa.FloatVector;
        int k = layer.InputWidth, xs = layer.InputStride, ys = layer.OutputStride;
        string biasParameter = layer.Spec.HasBias ? "ref float bias, " : "";
        w.Line($"/// <summary>{Rows(rows)} × {vectors * isa.Width} columns of {layer.Spec.Name}'s output at (b, j).</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {n}ForwardTile{isa.Suffix}x{rows}x{vectors}(ref float x, ref float w, {biasParameter}ref float y, int b, int j)"))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Line(r == 0 ? $"ref float x0 = ref Unsafe.Add(ref x, b * {xs});" : $"ref float x{r} = ref Unsafe.Add(ref x, (b + {r}) * {xs});");
            }
            for (int c = 0; c < vectors; c++)
            {
                string init = layer.Spec.HasBias ? $"{v}.LoadUnsafe(ref bias, (nuint){(c == 0 ? "j" : $"(j + {c * isa.Width})")})" : $"{vf}.Zero";
                w.Line($"{vf} {Acc(0, c)} = {init};");
            }
            for (int r = 1; r < rows; r++)
            {
                w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(r, c)} = {Acc(0, c)};")));
            }
            w.Line("ref float wj = ref Unsafe.Add(ref w, j);");
            using (w.Open($"for (int k = 0; k < {k}; k++)"))
            {
                w.Line($"ref float wk = ref Unsafe.Add(ref wj, k * {ys});");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{vf} w{c} = {v}.LoadUnsafe(ref wk{Offset(c * isa.Width)});");
                }
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"{(r == 0 ? vf + " " : "")}s = {v}.Create(Unsafe.Add(ref x{r}, k));");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(r, c)} = {v}.FusedMultiplyAdd(s, w{c}, {Acc(r, c)});")));
                }
            }
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float y{r} = ref Unsafe.Add(ref y, {(r == 0 ? "b" : $"(b + {r})")} * {ys} + j);");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{v}.StoreUnsafe({ActivationEmitter.FusedEpilogue(layer.Spec, isa, Acc(r, c))}, ref y{r}{Offset(c * isa.Width)});");
                }
            }
        }
        w.Line();
    }

    // ---- backward: dW += xᵀ · dz ------------------------------------------------------------------

    private static void EmitWeightGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        string n = Name(layer);
        int k = layer.InputWidth, stride = layer.OutputStride;
        int fullRows = k - k % isa.RowTile;
        w.Line($"/// <summary>");
        w.Line($"/// {layer.Spec.Name} weight gradient, {isa.Bits}-bit: dW[{k}, {stride}] += xᵀ · dz, tiles of {isa.RowTile} weight rows × {isa.ColumnVectors * isa.Width} columns");
        w.Line($"/// accumulated over the batch in registers{(fullRows < k ? $", then the last {k - fullRows} row(s) one at a time" : "")}.");
        w.Line($"/// </summary>");
        using (w.Open($"private static void {n}WeightGradient{isa.Suffix}(ref float x, ref float dz, ref float dw, int batch)"))
        {
            if (fullRows > 0)
            {
                using (w.Open($"for (int k = 0; k < {fullRows}; k += {isa.RowTile})"))
                {
                    EmitColumnBlocks(w, stride, isa, isa.ColumnVectors, vectors => $"{n}WeightGradientTile{isa.Suffix}x{isa.RowTile}x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
                }
            }
            if (fullRows < k)
            {
                using (w.Open($"for (int k = {fullRows}; k < {k}; k++)"))
                {
                    EmitColumnBlocks(w, stride, isa, isa.SingleRowVectors, vectors => $"{n}WeightGradientTile{isa.Suffix}x1x{vectors}(ref x, ref dz, ref dw, batch, k, {{0}});");
                }
            }
        }
        w.Line();
        foreach ((int rows, int vectors) in Tiles(stride, isa, fullRows > 0, fullRows < k))
        {
            EmitWeightGradientTile(w, layer, isa, rows, vectors);
        }
    }

    private static void EmitWeightGradientTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int rows, int vectors)
    {
        string n = Name(layer), v = isa.Type, vf = isa.FloatVector;
        int xs = layer.InputStride, ys = layer.OutputStride;
        w.Line($"/// <summary>{Rows(rows)} × {vectors * isa.Width} columns of {layer.Spec.Name}'s weight gradient at (k, j), summed over the batch.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {n}WeightGradientTile{isa.Suffix}x{rows}x{vectors}(ref float x, ref float dz, ref float dw, int batch, int k, int j)"))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float dw{r} = ref Unsafe.Add(ref dw, {(r == 0 ? "k" : $"(k + {r})")} * {ys} + j);");
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
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(r, c)} = {v}.FusedMultiplyAdd(s, d{c}, {Acc(r, c)});")));
                }
            }
            for (int r = 0; r < rows; r++)
            {
                w.Line(string.Join(" ", Range(vectors, c => $"{v}.StoreUnsafe({Acc(r, c)}, ref dw{r}{Offset(c * isa.Width)});")));
            }
        }
        w.Line();
    }

    // ---- backward: dx = dz · Wᵀ --------------------------------------------------------------------

    private static void EmitInputGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        string n = Name(layer);
        int k = layer.InputWidth, stride = layer.OutputStride;
        int tile = isa.RowTile, fullK = k - k % tile;
        w.Line($"/// <summary>");
        w.Line($"/// {layer.Spec.Name} input gradient, {isa.Bits}-bit: dx[b, k] = Σ_j dz[b, j] · W[k, j] over the {stride} (padded) columns, tiles of");
        w.Line($"/// {tile} batch rows × {tile} inputs = {tile * tile} vector dot products, each reduced once at the end. Overwrites dx (row stride {layer.InputStride}).");
        w.Line($"/// </summary>");
        using (w.Open($"private static void {n}InputGradient{isa.Suffix}(ref float dz, ref float w, ref float dx, int batch)"))
        {
            w.Line("int b = 0;");
            using (w.Open($"for (; b + {tile} <= batch; b += {tile})"))
            {
                EmitInputGradientRow(w, n, isa, tile, k, fullK);
            }
            using (w.Open("for (; b < batch; b++)"))
            {
                EmitInputGradientRow(w, n, isa, 1, k, fullK);
            }
        }
        w.Line();
        var tiles = new List<(int, int)>();
        if (fullK > 0) tiles.Add((tile, tile));
        if (fullK < k) tiles.Add((tile, 1));
        if (fullK > 0) tiles.Add((1, tile));
        if (fullK < k) tiles.Add((1, 1));
        foreach ((int rows, int inputs) in tiles)
        {
            EmitInputGradientTile(w, layer, isa, rows, inputs);
        }
    }

    private static void EmitInputGradientRow(SourceWriter w, string n, VectorIsa isa, int rows, int k, int fullK)
    {
        int tile = isa.RowTile;
        if (fullK > 0)
        {
            w.Line($"for (int k = 0; k < {fullK}; k += {tile}) {n}InputGradientTile{isa.Suffix}x{rows}x{tile}(ref dz, ref w, ref dx, b, k);");
        }
        if (fullK < k)
        {
            w.Line($"for (int k = {fullK}; k < {k}; k++) {n}InputGradientTile{isa.Suffix}x{rows}x1(ref dz, ref w, ref dx, b, k);");
        }
    }

    private static void EmitInputGradientTile(SourceWriter w, LayerPlan layer, VectorIsa isa, int rows, int inputs)
    {
        string n = Name(layer), v = isa.Type, vf = isa.FloatVector;
        int ys = layer.OutputStride, xs = layer.InputStride;
        w.Line($"/// <summary>dx for {rows} batch row(s) × {inputs} input(s) of {layer.Spec.Name} at (b, k).</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {n}InputGradientTile{isa.Suffix}x{rows}x{inputs}(ref float dz, ref float w, ref float dx, int b, int k)"))
        {
            for (int r = 0; r < rows; r++) w.Line($"ref float dz{r} = ref Unsafe.Add(ref dz, {(r == 0 ? "b" : $"(b + {r})")} * {ys});");
            for (int i = 0; i < inputs; i++) w.Line($"ref float w{i} = ref Unsafe.Add(ref w, {(i == 0 ? "k" : $"(k + {i})")} * {ys});");
            for (int r = 0; r < rows; r++)
            {
                w.Line(string.Join(" ", Range(inputs, i => $"{vf} {Acc(r, i)} = {vf}.Zero;")));
            }
            using (w.Open($"for (nuint j = 0; j < {ys}; j += {isa.Width})"))
            {
                for (int r = 0; r < rows; r++) w.Line($"{vf} d{r} = {v}.LoadUnsafe(ref dz{r}, j);");
                for (int i = 0; i < inputs; i++) w.Line($"{vf} v{i} = {v}.LoadUnsafe(ref w{i}, j);");
                for (int r = 0; r < rows; r++)
                {
                    w.Line(string.Join(" ", Range(inputs, i => $"{Acc(r, i)} = {v}.FusedMultiplyAdd(d{r}, v{i}, {Acc(r, i)});")));
                }
            }
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float dx{r} = ref Unsafe.Add(ref dx, {(r == 0 ? "b" : $"(b + {r})")} * {xs} + k);");
                w.Line(string.Join(" ", Range(inputs, i => (i == 0 ? $"dx{r}" : $"Unsafe.Add(ref dx{r}, {i})") + $" = {v}.Sum({Acc(r, i)});")));
            }
        }
        w.Line();
    }

    // ---- backward: dbias += Σ_b dz ------------------------------------------------------------------

    private static void EmitBiasGradientKernel(SourceWriter w, LayerPlan layer, VectorIsa isa)
    {
        if (!layer.Spec.HasBias) return;
        string n = Name(layer), v = isa.Type, vf = isa.FloatVector;
        int ys = layer.OutputStride;
        w.Line($"/// <summary>{layer.Spec.Name} bias gradient, {isa.Bits}-bit: dbias[{ys}] += Σ_b dz[b, :], one vector of columns at a time.</summary>");
        using (w.Open($"private static void {n}BiasGradient{isa.Suffix}(ref float dz, ref float db, int batch)"))
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

    // ---- tiling ---------------------------------------------------------------------------------------

    /// <summary>
    /// Calls <paramref name="call"/> over the columns: a loop over full blocks of
    /// <paramref name="blockVectors"/> vectors and one narrower block for the rest, all offsets constant.
    /// </summary>
    private static void EmitColumnBlocks(SourceWriter w, int stride, VectorIsa isa, int blockVectors, System.Func<int, string> call)
    {
        int vectors = stride / isa.Width;
        int fullBlocks = vectors / blockVectors, rest = vectors % blockVectors;
        int blockWidth = blockVectors * isa.Width;
        if (fullBlocks == 1)
        {
            w.Line(string.Format(call(blockVectors), "0"));
        }
        else if (fullBlocks > 1)
        {
            w.Line($"for (int j = 0; j < {fullBlocks * blockWidth}; j += {blockWidth}) " + string.Format(call(blockVectors), "j"));
        }
        if (rest > 0)
        {
            w.Line(string.Format(call(rest), (fullBlocks * blockWidth).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The distinct (rows, vectors) tiles <see cref="EmitColumnBlocks"/> calls for a layer.</summary>
    private static IEnumerable<(int Rows, int Vectors)> Tiles(int stride, VectorIsa isa, bool fullRows = true, bool singleRows = true)
    {
        int vectors = stride / isa.Width;
        var seen = new HashSet<(int, int)>();
        if (fullRows)
        {
            if (vectors >= isa.ColumnVectors && seen.Add((isa.RowTile, isa.ColumnVectors))) yield return (isa.RowTile, isa.ColumnVectors);
            if (vectors % isa.ColumnVectors > 0 && seen.Add((isa.RowTile, vectors % isa.ColumnVectors))) yield return (isa.RowTile, vectors % isa.ColumnVectors);
        }
        if (singleRows)
        {
            if (vectors >= isa.SingleRowVectors && seen.Add((1, isa.SingleRowVectors))) yield return (1, isa.SingleRowVectors);
            if (vectors % isa.SingleRowVectors > 0 && seen.Add((1, vectors % isa.SingleRowVectors))) yield return (1, vectors % isa.SingleRowVectors);
        }
    }

    private static string Rows(int rows) => rows == 1 ? "1 row" : $"{rows} rows";

    private static string Acc(int row, int column) => $"a{row}{column}";

    private static string Offset(int floats) => floats == 0 ? "" : $", {floats}";

    private static IEnumerable<string> Range(int count, System.Func<int, string> item)
    {
        for (int i = 0; i < count; i++) yield return item(i);
    }
}
