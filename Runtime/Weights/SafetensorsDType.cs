namespace NetGen;

/// <summary>
/// The element types of the safetensors format, by their header spelling ("F32", "BF16", ...).
/// </summary>
/// <remarks>
/// Dtypes stay strings in the public API because that is how files and error messages spell them;
/// this class only knows their sizes and which ones convert to float32.
/// </remarks>
public static class SafetensorsDType
{
    public const string F32 = "F32";
    public const string F16 = "F16";
    public const string BF16 = "BF16";
    public const string F64 = "F64";

    /// <summary>
    /// Bytes per element of <paramref name="dtype"/>, or 0 when the dtype is unknown.
    /// </summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    /// <summary>
    /// Whether <see cref="SafetensorsTensor.CopyTo"/> can convert <paramref name="dtype"/> to float32
    /// (F32 exactly; F16, BF16 exactly; F64 rounded to nearest).
    /// </summary>
    public static bool ConvertsToSingle(string dtype) => dtype is F32 or F16 or BF16 or F64;
}
