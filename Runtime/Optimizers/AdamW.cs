namespace NetGen;

/// <summary>
/// Adam with decoupled weight decay, as PyTorch <c>torch.optim.AdamW</c> (amsgrad off): the parameter is
/// first shrunk by <c>p = p·(1 − lr·wd)</c>, independently of the gradient's scale, then takes the
/// plain Adam step <c>p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)</c> with
/// <c>m = β1·m + (1−β1)·grad</c>, <c>v = β2·v + (1−β2)·grad²</c>.
/// </summary>
public sealed class AdamW : AdamOptimizer
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's (weight decay 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or ε or the decay is negative or not finite.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    private protected override (float L2, float Shrink) DecayTerms() => (0.0f, 1.0f - LearningRate * WeightDecay);
}
