namespace NetGen.Generator.Emitters;

/// <summary>
/// A vector width the kernels are emitted for. Each kernel is emitted once per width from the same
/// template; the network picks the widest accelerated one with <c>VectorNNN.IsHardwareAccelerated</c>,
/// JIT-time constants, so the other paths are removed from the machine code. 128-bit is the fallback
/// every SIMD target has (SSE, NEON); multiply-adds use <c>MultiplyAddEstimate</c>, fused where the
/// hardware has FMA and a multiply and an add where it has not.
/// </summary>
internal sealed class VectorIsa
{
    public static readonly VectorIsa V512 = new("global::System.Runtime.Intrinsics.Vector512", 16, rowTile: 4, columnVectors: 4, singleRowVectors: 8, suffix: "512");
    public static readonly VectorIsa V256 = new("global::System.Runtime.Intrinsics.Vector256", 8, rowTile: 4, columnVectors: 2, singleRowVectors: 4, suffix: "256");
    public static readonly VectorIsa V128 = new("global::System.Runtime.Intrinsics.Vector128", 4, rowTile: 4, columnVectors: 2, singleRowVectors: 4, suffix: "128");

    /// <summary>Widest first: the order of the dispatch in the generated code.</summary>
    public static readonly VectorIsa[] All = [V512, V256, V128];

    private VectorIsa(string type, int width, int rowTile, int columnVectors, int singleRowVectors, string suffix)
    {
        Type = type;
        Width = width;
        RowTile = rowTile;
        ColumnVectors = columnVectors;
        SingleRowVectors = singleRowVectors;
        Suffix = suffix;
    }

    /// <summary>The System.Runtime.Intrinsics type, qualified, e.g. <c>global::System.Runtime.Intrinsics.Vector512</c>.</summary>
    public string Type { get; }

    /// <summary>Floats per vector.</summary>
    public int Width { get; }

    /// <summary>Rows of a register tile (batch rows in forward, weight rows in the weight gradient).</summary>
    public int RowTile { get; }

    /// <summary>Vectors per row of a register tile; RowTile × ColumnVectors accumulators stay in registers.</summary>
    public int ColumnVectors { get; }

    /// <summary>Vectors per tile when a single row remains (more independent accumulators hide FMA latency).</summary>
    public int SingleRowVectors { get; }

    /// <summary>Kernel name suffix, e.g. <c>512</c>.</summary>
    public string Suffix { get; }

    /// <summary>E.g. <c>Vector512&lt;float&gt;</c>.</summary>
    public string FloatVector => Type + "<float>";

    public int Bits => Width * 32;
}
