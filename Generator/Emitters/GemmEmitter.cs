using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitters;

/// <summary>
/// One row-broadcast matrix product, y[b, 0..Columns) = epilogue(bias + Σ_k x[b, k] · w[k, 0..Columns)),
/// with every size but the batch a constant. Dense forward is one (w = weights [in, out]), and so is the
/// input gradient (w = transposed weights [out, in]).
/// </summary>
internal sealed record GemmSpec(string Name, string What, int K, int XStride, int WStride, int YStride, int Columns, bool Bias, LayerSpec? Epilogue);

/// <summary>
/// Emits a <see cref="GemmSpec"/> as a driver and its register tiles: RowTile batch rows × ColumnVectors
/// vectors of accumulators, the k loop innermost with one broadcast of x per row and one load of w per
/// vector; then single rows × SingleRowVectors vectors for the batch remainder (more independent
/// accumulators, to hide the multiply-add latency when there is only one row).
/// </summary>
internal static class GemmEmitter
{
    public static void Emit(SourceWriter w, GemmSpec gemm, VectorIsa isa)
    {
        string biasParameter = gemm.Bias ? "ref float bias, " : "";
        string biasArgument = gemm.Bias ? "ref bias, " : "";
        string epilogue = gemm.Epilogue is null ? "" : Activation(gemm.Epilogue) is { Length: > 0 } a ? $"; {a} on the way out" : "";
        w.Line("/// <summary>");
        w.Line($"/// {gemm.What}, {isa.Bits}-bit: tiles of {isa.RowTile} rows × {isa.ColumnVectors * isa.Width} columns ({isa.RowTile * isa.ColumnVectors} accumulators), then single rows × up to {isa.SingleRowVectors * isa.Width} columns;");
        w.Line($"/// k runs over {gemm.K} with the tile in registers{epilogue}. Row strides: x {gemm.XStride}, w {gemm.WStride}, y {gemm.YStride}.");
        w.Line("/// </summary>");
        using (w.Open($"private static void {gemm.Name}{isa.Suffix}(ref float x, ref float w, {biasParameter}ref float y, int batch)"))
        {
            w.Line("int b = 0;");
            using (w.Open($"for (; b + {isa.RowTile} <= batch; b += {isa.RowTile})"))
            {
                ColumnBlocks(w, gemm.Columns, isa, isa.ColumnVectors, vectors => $"{gemm.Name}Tile{isa.Suffix}x{isa.RowTile}x{vectors}(ref x, ref w, {biasArgument}ref y, b, {{0}});");
            }
            using (w.Open("for (; b < batch; b++)"))
            {
                ColumnBlocks(w, gemm.Columns, isa, isa.SingleRowVectors, vectors => $"{gemm.Name}Tile{isa.Suffix}x1x{vectors}(ref x, ref w, {biasArgument}ref y, b, {{0}});");
            }
        }
        w.Line();
        foreach ((int rows, int vectors) in Tiles(gemm.Columns, isa, isa.RowTile, isa.ColumnVectors, isa.SingleRowVectors))
        {
            EmitTile(w, gemm, isa, rows, vectors);
        }
    }

    private static void EmitTile(SourceWriter w, GemmSpec gemm, VectorIsa isa, int rows, int vectors)
    {
        if (rows == 1)
        {
            EmitSingleRowTile(w, gemm, isa, vectors);
            return;
        }
        string v = isa.Type, vf = isa.FloatVector;
        string biasParameter = gemm.Bias ? "ref float bias, " : "";
        w.Line($"/// <summary>{Rows(rows)} × {vectors * isa.Width} columns at (b, j).</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {gemm.Name}Tile{isa.Suffix}x{rows}x{vectors}(ref float x, ref float w, {biasParameter}ref float y, int b, int j)"))
        {
            for (int r = 0; r < rows; r++)
            {
                w.Line($"ref float x{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, {Plus("b", r)} * {gemm.XStride});");
            }
            EmitAccumulators(w, gemm, isa, vectors, rows, 1);
            w.Line("ref float wj = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, j);");
            using (w.Open($"for (int k = 0; k < {gemm.K}; k++)"))
            {
                w.Line($"ref float wk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref wj, k * {gemm.WStride});");
                for (int c = 0; c < vectors; c++)
                {
                    w.Line($"{vf} w{c} = {v}.LoadUnsafe(ref wk{Offset(c * isa.Width)});");
                }
                for (int r = 0; r < rows; r++)
                {
                    w.Line($"{(r == 0 ? vf + " " : "")}s = {v}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x{r}, k));");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(r, c)} = {v}.MultiplyAddEstimate(s, w{c}, {Acc(r, c)});")));
                }
            }
            EmitStores(w, gemm, isa, rows, vectors);
        }
        w.Line();
    }

    /// <summary>
    /// One row: with few column vectors, the k loop is a chain of dependent multiply-adds, so it keeps
    /// <c>chains</c> partial sums over interleaved k and adds them at the end (latency-bound at batch 1).
    /// </summary>
    private static void EmitSingleRowTile(SourceWriter w, GemmSpec gemm, VectorIsa isa, int vectors)
    {
        string v = isa.Type, vf = isa.FloatVector;
        int chains = System.Math.Max(1, System.Math.Min(8, System.Math.Min(2 * isa.SingleRowVectors / vectors, gemm.K)));
        int unrolled = gemm.K - gemm.K % chains;
        string biasParameter = gemm.Bias ? "ref float bias, " : "";
        string summary = chains > 1 ? $"; {chains} partial sums over interleaved k hide the multiply-add latency" : "";
        w.Line($"/// <summary>1 row × {vectors * isa.Width} columns at (b, j){summary}.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private static void {gemm.Name}Tile{isa.Suffix}x1x{vectors}(ref float x, ref float w, {biasParameter}ref float y, int b, int j)"))
        {
            w.Line($"ref float x0 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {gemm.XStride});");
            EmitAccumulators(w, gemm, isa, vectors, chains, 0);
            w.Line("ref float wj = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, j);");
            using (w.Open($"for (int k = 0; k < {unrolled}; k += {chains})"))
            {
                for (int p = 0; p < chains; p++)
                {
                    w.Line($"ref float wk{p} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref wj, {Plus("k", p)} * {gemm.WStride});");
                    w.Line($"{(p == 0 ? vf + " " : "")}s = {v}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x0, {Plus("k", p)}));");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(p, c)} = {v}.MultiplyAddEstimate(s, {v}.LoadUnsafe(ref wk{p}{Offset(c * isa.Width)}), {Acc(p, c)});")));
                }
            }
            if (unrolled < gemm.K)
            {
                using (w.Open($"for (int k = {unrolled}; k < {gemm.K}; k++)"))
                {
                    w.Line($"ref float wk = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref wj, k * {gemm.WStride});");
                    w.Line($"{vf} s = {v}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x0, k));");
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(0, c)} = {v}.MultiplyAddEstimate(s, {v}.LoadUnsafe(ref wk{Offset(c * isa.Width)}), {Acc(0, c)});")));
                }
            }
            for (int step = 1; step < chains; step *= 2)
            {
                for (int p = 0; p + step < chains; p += 2 * step)
                {
                    w.Line(string.Join(" ", Range(vectors, c => $"{Acc(p, c)} += {Acc(p + step, c)};")));
                }
            }
            EmitStores(w, gemm, isa, 1, vectors);
        }
        w.Line();
    }

    /// <summary>
    /// Declares accumulators a{r}{c}: row (or partial sum) 0 starts from the bias, the others from a
    /// copy of it (<paramref name="copyBias"/> 1, one per batch row) or from zero (0, partial sums).
    /// </summary>
    private static void EmitAccumulators(SourceWriter w, GemmSpec gemm, VectorIsa isa, int vectors, int sets, int copyBias)
    {
        string v = isa.Type, vf = isa.FloatVector;
        for (int c = 0; c < vectors; c++)
        {
            string init = gemm.Bias ? $"{v}.LoadUnsafe(ref bias, (nuint){Plus("j", c * isa.Width)})" : $"{vf}.Zero";
            w.Line($"{vf} {Acc(0, c)} = {init};");
        }
        for (int r = 1; r < sets; r++)
        {
            w.Line(string.Join(" ", Range(vectors, c => $"{vf} {Acc(r, c)} = {(copyBias == 1 ? Acc(0, c) : vf + ".Zero")};")));
        }
    }

    private static void EmitStores(SourceWriter w, GemmSpec gemm, VectorIsa isa, int rows, int vectors)
    {
        for (int r = 0; r < rows; r++)
        {
            w.Line($"ref float y{r} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, {Plus("b", r)} * {gemm.YStride} + j);");
            for (int c = 0; c < vectors; c++)
            {
                string value = gemm.Epilogue is null ? Acc(r, c) : ActivationEmitter.FusedEpilogue(gemm.Epilogue, isa, Acc(r, c));
                w.Line($"{isa.Type}.StoreUnsafe({value}, ref y{r}{Offset(c * isa.Width)});");
            }
        }
    }

    private static string Activation(LayerSpec layer) =>
        layer.Activation is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Step ? ActivationEmitter.Describe(layer) : "";

    /// <summary>
    /// Writes the calls that cover <paramref name="columns"/>: a loop over full blocks of
    /// <paramref name="blockVectors"/> vectors, then one narrower block for the rest; all offsets constant.
    /// </summary>
    public static void ColumnBlocks(SourceWriter w, int columns, VectorIsa isa, int blockVectors, System.Func<int, string> call)
    {
        int vectors = columns / isa.Width;
        int fullBlocks = vectors / blockVectors, rest = vectors % blockVectors;
        int blockWidth = blockVectors * isa.Width;
        if (fullBlocks == 1)
        {
            w.Line(string.Format(CultureInfo.InvariantCulture, call(blockVectors), "0"));
        }
        else if (fullBlocks > 1)
        {
            w.Line($"for (int j = 0; j < {fullBlocks * blockWidth}; j += {blockWidth}) " + string.Format(CultureInfo.InvariantCulture, call(blockVectors), "j"));
        }
        if (rest > 0)
        {
            w.Line(string.Format(CultureInfo.InvariantCulture, call(rest), (fullBlocks * blockWidth).ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The distinct (rows, vectors) tiles <see cref="ColumnBlocks"/> calls for multi-row and single-row blocks.</summary>
    public static IEnumerable<(int Rows, int Vectors)> Tiles(int columns, VectorIsa isa, int rowTile, int columnVectors, int singleRowVectors, bool multiRow = true, bool singleRow = true)
    {
        int vectors = columns / isa.Width;
        var seen = new HashSet<(int, int)>();
        var tiles = new List<(int, int)>();
        if (multiRow)
        {
            if (vectors >= columnVectors) tiles.Add((rowTile, columnVectors));
            if (vectors % columnVectors > 0) tiles.Add((rowTile, vectors % columnVectors));
        }
        if (singleRow)
        {
            if (vectors >= singleRowVectors) tiles.Add((1, singleRowVectors));
            if (vectors % singleRowVectors > 0) tiles.Add((1, vectors % singleRowVectors));
        }
        foreach ((int, int) tile in tiles)
        {
            if (seen.Add(tile)) yield return tile;
        }
    }

    public static string Rows(int rows) => rows == 1 ? "1 row" : $"{rows} rows";

    public static string Acc(int row, int column) => $"a{row}{column}";

    public static string Offset(int floats) => floats == 0 ? "" : $", {floats}";

    /// <summary><c>b</c>, or <c>(b + 2)</c>.</summary>
    public static string Plus(string name, int value) => value == 0 ? name : $"({name} + {value})";

    public static IEnumerable<string> Range(int count, System.Func<int, string> item)
    {
        for (int i = 0; i < count; i++) yield return item(i);
    }
}
