using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// The update of <see cref="AdamOptimizer"/>, shared by <see cref="Adam"/> and <see cref="AdamW"/>, which differ only in how weight
/// decay enters: Adam adds it to the gradient (coupled L2), AdamW shrinks the parameter (decoupled).
/// One fused pass over p, grad, m and v, with PyTorch's formula (amsgrad off):
/// <code>
/// g = grad + l2·p
/// m = β1·m + (1 − β1)·g
/// v = β2·v + (1 − β2)·g²
/// p = p·shrink − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
/// </code>
/// </summary>
internal static class AdamUpdate
{
    public static void Apply(
        Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float learningRate, float beta1, float beta2, float epsilon, float l2, float shrink, int step)
    {
        // Bias corrections in double, as PyTorch computes them (Python floats), then rounded once.
        float stepSize = (float)(learningRate / (1.0 - Math.Pow(beta1, step)));
        float inverseCorrection2Sqrt = (float)(1.0 / Math.Sqrt(1.0 - Math.Pow(beta2, step)));
        float oneMinusBeta1 = 1.0f - beta1, oneMinusBeta2 = 1.0f - beta2;

        int n = parameters.Length;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float gr = ref MemoryMarshal.GetReference(gradients);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var l2V = new Vector<float>(l2);
            var shrinkV = new Vector<float>(shrink);
            var beta1V = new Vector<float>(beta1);
            var beta2V = new Vector<float>(beta2);
            var oneMinusBeta1V = new Vector<float>(oneMinusBeta1);
            var oneMinusBeta2V = new Vector<float>(oneMinusBeta2);
            var stepSizeV = new Vector<float>(stepSize);
            var correctionV = new Vector<float>(inverseCorrection2Sqrt);
            var epsilonV = new Vector<float>(epsilon);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pv = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> g = Vector.LoadUnsafe(ref gr, (nuint)i) + l2V * pv;
                Vector<float> mv = beta1V * Vector.LoadUnsafe(ref mr, (nuint)i) + oneMinusBeta1V * g;
                Vector<float> vv = beta2V * Vector.LoadUnsafe(ref vr, (nuint)i) + oneMinusBeta2V * g * g;
                mv.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                Vector<float> denominator = Vector.SquareRoot(vv) * correctionV + epsilonV;
                (pv * shrinkV - stepSizeV * mv / denominator).StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float g = Unsafe.Add(ref gr, i) + l2 * pv;
            float mv = beta1 * Unsafe.Add(ref mr, i) + oneMinusBeta1 * g;
            float vv = beta2 * Unsafe.Add(ref vr, i) + oneMinusBeta2 * g * g;
            Unsafe.Add(ref mr, i) = mv;
            Unsafe.Add(ref vr, i) = vv;
            float denominator = MathF.Sqrt(vv) * inverseCorrection2Sqrt + epsilon;
            Unsafe.Add(ref p, i) = pv * shrink - stepSize * mv / denominator;
        }
    }
}
