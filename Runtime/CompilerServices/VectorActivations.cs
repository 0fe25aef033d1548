using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.CompilerServices;

// Public only because generated code, compiled into the user's assembly, calls it; hidden from IntelliSense.
/// <summary>
/// The logistic sigmoid and tanh of one vector, for generated kernels that fuse several element-wise steps into one
/// pass (a recurrent layer's gates) instead of one <see cref="System.Numerics.Tensors.TensorPrimitives"/> call per step.
/// <para>
/// They rest on a single-precision e^x small enough to be inlined into the kernel's loop: the library's vector
/// <c>Exp</c> works in double precision and, called several times per loop iteration, is left as a call, which made
/// a fused LSTM step slower than the separate span calls. Sigmoid and tanh are within 2·10⁻⁷ of the exact values
/// (the tests measure them against double precision), as close as the library's own, but not the same floats.
/// Multiply-adds are <c>MultiplyAddEstimate</c>, fused where the hardware has FMA, as in the generated matrix kernels
/// (through <see cref="VectorMath"/>, which has them on .NET 8 too).
/// </para>
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorActivations
{
    // e^x = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2; ln 2 split in two so that n · ln 2 is exact enough.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    // x is clamped to these bounds: below the lower one e^x is under 2^−126 (only subnormals are left), past the upper
    // one (127.5 · ln 2) 2^n would leave the exponent field. For an activation that only moves 1 / (1 + e^x) by 10⁻³⁸.
    private const float LowerBound = -87.3365479f;
    private const float UpperBound = 88.3762626f;
    // Minimax polynomial for (e^r − 1 − r) / r² on [−ln 2 / 2, ln 2 / 2] (Cephes expf).
    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;

    /// <summary>
    /// e^x in each lane for x within the bounds, e^bound past them (so 1 / (1 + e^x) is 0 or 1 within 10⁻³⁸ there, also
    /// for ±∞), NaN for NaN (Max and Min pass NaN on): the activations' exponential, not a general one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(LowerBound)), Vector256.Create(UpperBound));
        Vector256<float> n = VectorMath.Round(clamped * Vector256.Create(Log2E));
        Vector256<float> r = VectorMath.MultiplyAddEstimate(n, Vector256.Create(-Ln2Low), VectorMath.MultiplyAddEstimate(n, Vector256.Create(-Ln2High), clamped));
        Vector256<float> p = VectorMath.MultiplyAddEstimate(Vector256.Create(P0), r, Vector256.Create(P1));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector256.Create(P2));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector256.Create(P3));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector256.Create(P4));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector256.Create(P5));
        p = VectorMath.MultiplyAddEstimate(p, r * r, r + Vector256<float>.One);
        // 2^n: n + 127 in the exponent field, which stays in 1..254 between the bounds (n is whole: no rounding to check).
        Vector256<float> scale = ((VectorMath.ConvertToInt32Native(n) + Vector256.Create(127)) << 23).AsSingle();
        return p * scale;
    }

    /// <summary>e^x in each lane (see the 256-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(LowerBound)), Vector512.Create(UpperBound));
        Vector512<float> n = VectorMath.Round(clamped * Vector512.Create(Log2E));
        Vector512<float> r = VectorMath.MultiplyAddEstimate(n, Vector512.Create(-Ln2Low), VectorMath.MultiplyAddEstimate(n, Vector512.Create(-Ln2High), clamped));
        Vector512<float> p = VectorMath.MultiplyAddEstimate(Vector512.Create(P0), r, Vector512.Create(P1));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector512.Create(P2));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector512.Create(P3));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector512.Create(P4));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector512.Create(P5));
        p = VectorMath.MultiplyAddEstimate(p, r * r, r + Vector512<float>.One);
        // 2^n: n + 127 in the exponent field, which stays in 1..254 between the bounds (n is whole: no rounding to check).
        Vector512<float> scale = ((VectorMath.ConvertToInt32Native(n) + Vector512.Create(127)) << 23).AsSingle();
        return p * scale;
    }

    /// <summary>e^x in each lane (see the 256-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> clamped = Vector128.Min(Vector128.Max(x, Vector128.Create(LowerBound)), Vector128.Create(UpperBound));
        Vector128<float> n = VectorMath.Round(clamped * Vector128.Create(Log2E));
        Vector128<float> r = VectorMath.MultiplyAddEstimate(n, Vector128.Create(-Ln2Low), VectorMath.MultiplyAddEstimate(n, Vector128.Create(-Ln2High), clamped));
        Vector128<float> p = VectorMath.MultiplyAddEstimate(Vector128.Create(P0), r, Vector128.Create(P1));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector128.Create(P2));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector128.Create(P3));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector128.Create(P4));
        p = VectorMath.MultiplyAddEstimate(p, r, Vector128.Create(P5));
        p = VectorMath.MultiplyAddEstimate(p, r * r, r + Vector128<float>.One);
        // 2^n: n + 127 in the exponent field, which stays in 1..254 between the bounds (n is whole: no rounding to check).
        Vector128<float> scale = ((VectorMath.ConvertToInt32Native(n) + Vector128.Create(127)) << 23).AsSingle();
        return p * scale;
    }

    /// <summary>1 / (1 + e^−x) in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>1 / (1 + e^−x) in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>1 / (1 + e^−x) in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <summary>1 / (1 + e^−x), for units left over after whole vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// tanh in each lane, as (0 − z) / (z + 2) with z = e^(−2|x|) − 1 and the sign of x put back: e^ never overflows,
    /// the error near 0 stays below 10⁻⁷ absolutely, and 0 − z (not −z) keeps the sign of a zero result that of x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> z = Exp(Vector256.Create(-2f) * Vector256.Abs(x)) - Vector256<float>.One;
        Vector256<uint> sign = x.AsUInt32() & Vector256.Create(0x8000_0000u);
        return (sign ^ ((Vector256<float>.Zero - z) / (z + Vector256.Create(2f))).AsUInt32()).AsSingle();
    }

    /// <summary>tanh in each lane (see the 256-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> z = Exp(Vector512.Create(-2f) * Vector512.Abs(x)) - Vector512<float>.One;
        Vector512<uint> sign = x.AsUInt32() & Vector512.Create(0x8000_0000u);
        return (sign ^ ((Vector512<float>.Zero - z) / (z + Vector512.Create(2f))).AsUInt32()).AsSingle();
    }

    /// <summary>tanh in each lane (see the 256-bit overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> z = Exp(Vector128.Create(-2f) * Vector128.Abs(x)) - Vector128<float>.One;
        Vector128<uint> sign = x.AsUInt32() & Vector128.Create(0x8000_0000u);
        return (sign ^ ((Vector128<float>.Zero - z) / (z + Vector128.Create(2f))).AsUInt32()).AsSingle();
    }

    /// <summary>tanh x, for units left over after whole vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => MathF.Tanh(x);
}
