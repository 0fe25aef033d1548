using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Peak;

/// <summary>
/// This machine's float32 FMA peak on one core, the denominator of "fraction of peak" for the
/// GEMM-bound workloads. Not a BenchmarkDotNet benchmark: a Stopwatch around a loop of independent FMA
/// chains, best of 15 runs of ~100 ms.
/// </summary>
/// <remarks>
/// Twelve accumulators, each its own dependency chain, hide the FMA latency (4 cycles) times the
/// number of FMA ports (2): 8 chains suffice in theory, 12 leaves headroom. Each FMA counts as
/// 2 flops per lane. Vector512 when accelerated, else Vector256.
/// </remarks>
public static class FmaPeak
{
    private const int Accumulators = 12;

    // Short runs, many of them: on a shared machine a 100 ms run is more likely than a long one to get
    // a core to itself, and the best run is the one that did.
    private const int Runs = 15;
    private const double RunMilliseconds = 100;

    public static void Run(TextWriter output)
    {
        output.WriteLine($"FMA peak, one core, float32 — Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}");
        bool wide = Vector512.IsHardwareAccelerated;
        int lanes = wide ? Vector512<float>.Count : Vector256<float>.Count;

        // Warm up (tier-1 JIT, clock ramp), then size one run to RunMilliseconds.
        Measure(wide, 1_000_000);
        long iterations = 1_000_000;
        while (Measure(wide, iterations).TotalMilliseconds < 50) iterations *= 2;
        iterations = (long)(iterations * (RunMilliseconds / Measure(wide, iterations).TotalMilliseconds));

        double best = 0;
        for (int run = 0; run < Runs; run++)
        {
            TimeSpan elapsed = Measure(wide, iterations);
            double flops = 2.0 * lanes * Accumulators * iterations;
            double gflops = flops / elapsed.TotalSeconds / 1e9;
            best = Math.Max(best, gflops);
            output.WriteLine($"  run {run}: {elapsed.TotalMilliseconds,7:F1} ms, {gflops,7:F1} GFLOP/s");
        }
        output.WriteLine($"Peak (best of {Runs}): {best:F1} GFLOP/s per core ({(wide ? "Vector512" : "Vector256")}, {Accumulators} FMA chains, 2 flops per lane per FMA)");
    }

    private static TimeSpan Measure(bool wide, long iterations)
    {
        var stopwatch = Stopwatch.StartNew();
        float sink = wide ? Chains512(iterations) : Chains256(iterations);
        stopwatch.Stop();
        if (float.IsNaN(sink)) Console.WriteLine(); // keeps the result alive; never true for these inputs
        return stopwatch.Elapsed;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(long iterations)
    {
        // a * 0.999.. + b stays bounded: the fixed point is b / (1 - a) = 1e-3 / 1e-6 ≈ 1000.
        Vector512<float> a = Vector512.Create(0.999999f), b = Vector512.Create(0.001f);
        Vector512<float> c0 = Vector512.Create(1.0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
                         c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b);
            c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b);
            c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b);
            c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b);
            c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b);
            c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b);
            c11 = Vector512.FusedMultiplyAdd(c11, a, b);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999999f), b = Vector256.Create(0.001f);
        Vector256<float> c0 = Vector256.Create(1.0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0,
                         c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, a, b);
            c1 = Vector256.FusedMultiplyAdd(c1, a, b);
            c2 = Vector256.FusedMultiplyAdd(c2, a, b);
            c3 = Vector256.FusedMultiplyAdd(c3, a, b);
            c4 = Vector256.FusedMultiplyAdd(c4, a, b);
            c5 = Vector256.FusedMultiplyAdd(c5, a, b);
            c6 = Vector256.FusedMultiplyAdd(c6, a, b);
            c7 = Vector256.FusedMultiplyAdd(c7, a, b);
            c8 = Vector256.FusedMultiplyAdd(c8, a, b);
            c9 = Vector256.FusedMultiplyAdd(c9, a, b);
            c10 = Vector256.FusedMultiplyAdd(c10, a, b);
            c11 = Vector256.FusedMultiplyAdd(c11, a, b);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
