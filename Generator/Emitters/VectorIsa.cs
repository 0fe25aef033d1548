namespace NetGen.Generator.Emitters;

/// <summary>
/// A vector width the kernels are emitted for. Each kernel is emitted once per width from the same
/// template; the network picks one with <c>Vector512.IsHardwareAccelerated</c>, a JIT-time constant, so
/// the other path is removed from the machine code.
/// </summary>
internal sealed class VectorIsa
{
    public static readonly VectorIsa V512 = new("Vector512", 16, rowTile: 4, columnVectors: 4, singleRowVectors: 8, suffix: "512");
    public static readonly VectorIsa V256 = new("Vector256", 8, rowTile: 4, columnVectors: 2, singleRowVectors: 4, suffix: "256");

    private VectorIsa(string type, int width, int rowTile, int columnVectors, int singleRowVectors, string suffix)
    {
        Type = type;
        Width = width;
        RowTile = rowTile;
        ColumnVectors = columnVectors;
        SingleRowVectors = singleRowVectors;
        Suffix = suffix;
    }

    /// <summary>The System.Runtime.Intrinsics type, e.g. <c>Vector512</c>.</summary>
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
