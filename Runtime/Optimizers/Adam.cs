namespace NetGen;

/// <summary>
/// Adam with bias correction and optional coupled L2 weight decay, as PyTorch <c>torch.optim.Adam</c>
/// (amsgrad off): the decay is added to the gradient, so it is rescaled by the adaptive step like the
/// gradient itself. See <see cref="AdamW"/> for decoupled decay. Formula: <c>g = grad + wd·p</c>,
/// <c>m = β1·m + (1−β1)·g</c>, <c>v = β2·v + (1−β2)·g²</c>,
/// <c>p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)</c>.
/// </summary>
public sealed class Adam : AdamOptimizer
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or ε or the decay is negative or not finite.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.0f)
        : base(learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    private protected override (float L2, float Shrink) DecayTerms() => (WeightDecay, 1.0f);
}
