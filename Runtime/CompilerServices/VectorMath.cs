using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace NetGen.CompilerServices;

// Public only because generated code, compiled into the user's assembly, calls it; hidden from IntelliSense.
/// <summary>
/// The vector operations of .NET 9 and later that NetGen's kernels use, for .NET 8 too: on .NET 9 and later each one
/// is the <c>System.Runtime.Intrinsics</c> method of that name (inlined, so the machine code is the same); on .NET 8
/// each is built from the hardware intrinsics it has. Code generated for a .NET 8 project calls the public ones here
/// instead of System.Runtime.Intrinsics'.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorMath
{
    /// <summary>a · b + addend in each lane, fused where the hardware has FMA (AVX-512F), else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAddEstimate(Vector512<float> a, Vector512<float> b, Vector512<float> addend) =>
#if NET9_0_OR_GREATER
        Vector512.MultiplyAddEstimate(a, b, addend);
#else
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, addend) : a * b + addend;
#endif

    /// <summary>a · b + addend in each lane, fused where the hardware has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAddEstimate(Vector256<float> a, Vector256<float> b, Vector256<float> addend) =>
#if NET9_0_OR_GREATER
        Vector256.MultiplyAddEstimate(a, b, addend);
#else
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend) : a * b + addend;
#endif

    /// <summary>a · b + addend in each lane, fused where the hardware has FMA (x86 FMA, Arm AdvSimd), else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAddEstimate(Vector128<float> a, Vector128<float> b, Vector128<float> addend) =>
#if NET9_0_OR_GREATER
        Vector128.MultiplyAddEstimate(a, b, addend);
#else
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, addend)
            : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(addend, a, b)
            : a * b + addend;
#endif

    /// <summary>a · b + addend, fused where the hardware has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAddEstimate(float a, float b, float addend) =>
#if NET9_0_OR_GREATER
        float.MultiplyAddEstimate(a, b, addend);
#else
        Fma.IsSupported || AdvSimd.IsSupported ? MathF.FusedMultiplyAdd(a, b, addend) : a * b + addend;
#endif

    /// <summary><paramref name="value"/> in both halves (.NET 9's <c>Vector512.Create(Vector256)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(Vector256<float> value) =>
#if NET9_0_OR_GREATER
        Vector512.Create(value);
#else
        Vector512.Create(value, value);
#endif

#if !NET9_0_OR_GREATER
    // Adding and subtracting 1.5 · 2^23 leaves x rounded to a whole number, ties to even (the default rounding mode),
    // as Round does, for |x| < 2^22: the sum's last mantissa bit is worth 1.
    private const float RoundingBias = 12582912f;
#endif

    /// <summary>x rounded to the nearest whole number, ties to even, in each lane; for |x| &lt; 2^22 (every use here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Round(Vector512<float> x) =>
#if NET9_0_OR_GREATER
        Vector512.Round(x);
#else
        x + Vector512.Create(RoundingBias) - Vector512.Create(RoundingBias);
#endif

    /// <summary>x rounded to the nearest whole number, ties to even, in each lane; for |x| &lt; 2^22 (every use here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Round(Vector256<float> x) =>
#if NET9_0_OR_GREATER
        Vector256.Round(x);
#else
        x + Vector256.Create(RoundingBias) - Vector256.Create(RoundingBias);
#endif

    /// <summary>x rounded to the nearest whole number, ties to even, in each lane; for |x| &lt; 2^22 (every use here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Round(Vector128<float> x) =>
#if NET9_0_OR_GREATER
        Vector128.Round(x);
#else
        x + Vector128.Create(RoundingBias) - Vector128.Create(RoundingBias);
#endif

    /// <summary>Whole numbers in int range, converted exactly (what lies outside differs by platform, as in .NET 9's ConvertToInt32Native).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> ConvertToInt32Native(Vector512<float> x) =>
#if NET9_0_OR_GREATER
        Vector512.ConvertToInt32Native(x);
#else
        Vector512.ConvertToInt32(x);
#endif

    /// <summary>Whole numbers in int range, converted exactly (what lies outside differs by platform, as in .NET 9's ConvertToInt32Native).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> ConvertToInt32Native(Vector256<float> x) =>
#if NET9_0_OR_GREATER
        Vector256.ConvertToInt32Native(x);
#else
        Vector256.ConvertToInt32(x);
#endif

    /// <summary>Whole numbers in int range, converted exactly (what lies outside differs by platform, as in .NET 9's ConvertToInt32Native).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> ConvertToInt32Native(Vector128<float> x) =>
#if NET9_0_OR_GREATER
        Vector128.ConvertToInt32Native(x);
#else
        Vector128.ConvertToInt32(x);
#endif
}
