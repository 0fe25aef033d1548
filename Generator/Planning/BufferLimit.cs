using System.Globalization;
using System.Numerics;

namespace NetGen.Generator.Planning;

/// <summary>
/// The one size limit of a generated network: each buffer it allocates for one sample (the input, every layer's
/// output at its padded stride, convolution scratch, recurrent gate and state rows), each transposed weight copy,
/// and the parameter and state vectors hold at most <see cref="MaxFloats"/> floats.
/// </summary>
/// <remarks>
/// 2^28 floats (1 GiB) per sample: a batch of up to 7 samples of the largest buffer still fits an array
/// (Array.MaxLength, 2,147,483,591 elements), so batch 1 is always possible, and every planned size and every product
/// of a size with a padded width stays far from int overflow. Shape inference works out sizes as
/// <see cref="BigInteger"/>, so a declaration such as <c>Padding = int.MaxValue</c> reports its true size, never a
/// wrapped one.
/// </remarks>
internal static class BufferLimit
{
    public const long MaxFloats = 1L << 28;

    /// <summary>Floats one runtime buffer can hold (AlignedArrays.MaxLength): Array.MaxLength less 15 floats of alignment slack.</summary>
    public const long AlignedArrayFloats = 0x7FFFFFC7L - 15;

    public static bool Fits(BigInteger floats) => floats <= MaxFloats;

    /// <summary>Rounds up to whole vectors of <see cref="Planner.Padding"/> floats, as the planner pads rows.</summary>
    public static BigInteger RoundUp(BigInteger value) => (value + Planner.Padding - 1) / Planner.Padding * Planner.Padding;

    /// <summary>An exact count with thousands separators, e.g. 4,294,967,296 (invariant culture).</summary>
    public static string Format(BigInteger floats)
    {
        string digits = floats.ToString(CultureInfo.InvariantCulture);
        var grouped = new System.Text.StringBuilder(digits.Length + digits.Length / 3);
        for (int i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % 3 == 0) grouped.Append(',');
            grouped.Append(digits[i]);
        }
        return grouped.ToString();
    }
}
