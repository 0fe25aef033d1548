namespace NetGen;

/// <summary>
/// Adam with bias correction and optional coupled L2 weight decay, as PyTorch <c>torch.optim.Adam</c>
/// (amsgrad off): the decay is added to the gradient, so it is rescaled by the adaptive step like the
/// gradient itself. See <see cref="AdamW"/> for decoupled decay. Formula: <c>g = grad + wd·p</c>,
/// <c>m = β1·m + (1−β1)·g</c>, <c>v = β2·v + (1−β2)·g²</c>,
/// <c>p −= lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)</c>.
/// </summary>
public sealed class Adam : Optimizer
{
    private float[] _m = [], _v = []; // first and second moment estimates, allocated on the first step

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or ε or the decay is negative or not finite.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.0f)
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

    /// <summary>L2 penalty coefficient, added to the gradient.</summary>
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
            l2: WeightDecay, shrink: 1.0f, StepCount);
}
