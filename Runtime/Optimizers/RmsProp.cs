using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// RMSprop with optional momentum and coupled L2 weight decay, as PyTorch <c>torch.optim.RMSprop</c>
/// (centered off):
/// <code>
/// g = grad + weightDecay·p
/// v = α·v + (1 − α)·g²
/// d = √v + ε
/// momentum &gt; 0:  b = μ·b + g/d;  p = p − lr·b
/// otherwise:     p = p − lr·g/d
/// </code>
/// </summary>
public sealed class RmsProp : Optimizer
{
    private float[] _squareAverage = []; // v
    private float[] _momentumBuffer = []; // b, only with momentum

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α is outside [0, 1), or another coefficient is negative or not finite.</exception>
    public RmsProp(float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0.0f, float weightDecay = 0.0f)
        : base(learningRate)
    {
        OptimizerArguments.RequireDecayRate(alpha, nameof(alpha));
        OptimizerArguments.RequireNonNegative(epsilon, nameof(epsilon));
        OptimizerArguments.RequireNonNegative(momentum, nameof(momentum));
        OptimizerArguments.RequireNonNegative(weightDecay, nameof(weightDecay));
        Alpha = alpha;
        Epsilon = epsilon;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>Decay rate α of the running mean of squared gradients.</summary>
    public float Alpha { get; }

    /// <summary>ε added to the root mean square.</summary>
    public float Epsilon { get; }

    /// <summary>Momentum factor μ (0: none).</summary>
    public float Momentum { get; }

    /// <summary>L2 penalty coefficient, added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override void CreateState(int parameterCount)
    {
        _squareAverage = new float[parameterCount];
        if (Momentum > 0.0f)
        {
            _momentumBuffer = new float[parameterCount];
        }
    }

    /// <inheritdoc/>
    protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        float lr = LearningRate, wd = WeightDecay, alpha = Alpha, oneMinusAlpha = 1.0f - Alpha, eps = Epsilon, mu = Momentum;
        bool useMomentum = mu > 0.0f;
        int n = parameters.Length;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float gr = ref MemoryMarshal.GetReference(gradients);
        ref float vr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_squareAverage), offset);
        // Without momentum the buffer is empty; br then aliases vr and is never used.
        ref float br = ref useMomentum ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_momentumBuffer), offset) : ref vr;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lrV = new Vector<float>(lr);
            var wdV = new Vector<float>(wd);
            var alphaV = new Vector<float>(alpha);
            var oneMinusAlphaV = new Vector<float>(oneMinusAlpha);
            var epsV = new Vector<float>(eps);
            var muV = new Vector<float>(mu);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pv = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> g = Vector.LoadUnsafe(ref gr, (nuint)i) + wdV * pv;
                Vector<float> vv = alphaV * Vector.LoadUnsafe(ref vr, (nuint)i) + oneMinusAlphaV * g * g;
                vv.StoreUnsafe(ref vr, (nuint)i);
                Vector<float> scaled = g / (Vector.SquareRoot(vv) + epsV);
                if (useMomentum)
                {
                    scaled = muV * Vector.LoadUnsafe(ref br, (nuint)i) + scaled;
                    scaled.StoreUnsafe(ref br, (nuint)i);
                }
                (pv - lrV * scaled).StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float g = Unsafe.Add(ref gr, i) + wd * pv;
            float vv = alpha * Unsafe.Add(ref vr, i) + oneMinusAlpha * g * g;
            Unsafe.Add(ref vr, i) = vv;
            float scaled = g / (MathF.Sqrt(vv) + eps);
            if (useMomentum)
            {
                scaled = mu * Unsafe.Add(ref br, i) + scaled;
                Unsafe.Add(ref br, i) = scaled;
            }
            Unsafe.Add(ref p, i) = pv - lr * scaled;
        }
    }
}
