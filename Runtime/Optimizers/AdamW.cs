namespace NetGen;

/// <summary>
/// Adam with decoupled weight decay, as PyTorch <c>torch.optim.AdamW</c> (amsgrad off): the parameter is
/// first shrunk by <c>p = p·(1 − lr·wd)</c>, independently of the gradient's scale, then takes the
/// plain Adam step <c>p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)</c> with
/// <c>m = β1·m + (1−β1)·grad</c>, <c>v = β2·v + (1−β2)·grad²</c>.
/// </summary>
public sealed class AdamW : Optimizer
{
    private float[] _m = [], _v = []; // first and second moment estimates, allocated on the first step

    /// <summary>Creates the optimizer; the defaults are PyTorch's (weight decay 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or ε or the decay is negative or not finite.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(learningRate)
    {
        OptimizerArguments.RequireDecayRate(beta1, nameof(beta1));
        OptimizerArguments.RequireDecayRate(beta2, nameof(beta2));
        OptimizerArguments.RequireNonNegative(epsilon, nameof(epsilon));
        OptimizerArguments.RequireNonNegative(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>Decay rate β1 of the first moment (mean of gradients).</summary>
    public float Beta1 { get; }

    /// <summary>Decay rate β2 of the second moment (mean of squared gradients).</summary>
    public float Beta2 { get; }

    /// <summary>ε added to the denominator, after the bias-corrected square root.</summary>
    public float Epsilon { get; }

    /// <summary>Decoupled decay coefficient: each step multiplies the parameters by 1 − lr·wd.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc/>
    protected override void CreateState(int parameterCount)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
    }

    /// <inheritdoc/>
    protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients) =>
        AdamUpdate.Apply(parameters, gradients, _m.AsSpan(offset, parameters.Length), _v.AsSpan(offset, parameters.Length), LearningRate, Beta1, Beta2, Epsilon,
            l2: 0.0f, shrink: 1.0f - LearningRate * WeightDecay, StepCount);
}
