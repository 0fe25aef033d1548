using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and coupled (L2) weight
/// decay, with PyTorch <c>torch.optim.SGD</c>'s update (dampening 0):
/// <code>
/// g = grad + weightDecay·p
/// b = momentum·b + g                (b starts at 0, so the first step gives b = g as in PyTorch)
/// g = nesterov ? g + momentum·b : b (only when momentum ≠ 0)
/// p = p − lr·g
/// </code>
/// </summary>
public sealed class Sgd : Optimizer
{
    private float[]? _velocity; // b, one per parameter; only with momentum

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is negative or not finite, or
    /// <paramref name="nesterov"/> is set without momentum (PyTorch rejects that too).</exception>
    public Sgd(float learningRate, float momentum = 0.0f, bool nesterov = false, float weightDecay = 0.0f)
        : base(learningRate)
    {
        OptimizerArguments.RequireNonNegative(momentum, nameof(momentum));
        OptimizerArguments.RequireNonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum == 0.0f)
        {
            throw new ArgumentOutOfRangeException(nameof(nesterov), "Nesterov momentum needs a momentum above zero.");
        }
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
    }

    /// <summary>Momentum factor μ (0: plain SGD).</summary>
    public float Momentum { get; }

    /// <summary>Whether the step looks ahead along the momentum (Nesterov).</summary>
    public bool Nesterov { get; }

    /// <summary>L2 penalty coefficient, added to the gradient.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override void CreateState(int parameterCount)
    {
        if (Momentum != 0.0f)
        {
            _velocity = new float[parameterCount];
        }
    }

    /// <inheritdoc/>
    protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        float lr = LearningRate, wd = WeightDecay, mu = Momentum;
        int n = parameters.Length;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float gr = ref MemoryMarshal.GetReference(gradients);
        int i = 0;

        if (_velocity is null)
        {
            // Plain SGD: p −= lr·(grad + wd·p).
            if (Vector.IsHardwareAccelerated)
            {
                var lrV = new Vector<float>(lr);
                var wdV = new Vector<float>(wd);
                for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> pv = Vector.LoadUnsafe(ref p, (nuint)i);
                    Vector<float> g = Vector.LoadUnsafe(ref gr, (nuint)i) + wdV * pv;
                    (pv - lrV * g).StoreUnsafe(ref p, (nuint)i);
                }
            }
            for (; i < n; i++)
            {
                float g = Unsafe.Add(ref gr, i) + wd * Unsafe.Add(ref p, i);
                Unsafe.Add(ref p, i) -= lr * g;
            }
            return;
        }

        ref float b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_velocity), offset);
        bool nesterov = Nesterov;
        if (Vector.IsHardwareAccelerated)
        {
            var lrV = new Vector<float>(lr);
            var wdV = new Vector<float>(wd);
            var muV = new Vector<float>(mu);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pv = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> g = Vector.LoadUnsafe(ref gr, (nuint)i) + wdV * pv;
                Vector<float> bv = muV * Vector.LoadUnsafe(ref b, (nuint)i) + g;
                bv.StoreUnsafe(ref b, (nuint)i);
                Vector<float> update = nesterov ? g + muV * bv : bv;
                (pv - lrV * update).StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float g = Unsafe.Add(ref gr, i) + wd * Unsafe.Add(ref p, i);
            float bv = mu * Unsafe.Add(ref b, i) + g;
            Unsafe.Add(ref b, i) = bv;
            Unsafe.Add(ref p, i) -= lr * (nesterov ? g + mu * bv : bv);
        }
    }
}
