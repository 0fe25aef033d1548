namespace NetGen;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: β1, β2, ε, a weight-decay coefficient, the first and
/// second moment estimates (allocated on the first step) and the fused update of <see cref="AdamUpdate"/>. They
/// differ only in how the decay enters, which each states through <see cref="DecayTerms"/>.
/// </summary>
public abstract class AdamOptimizer : Optimizer
{
    private float[] _m = [], _v = [];

    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or ε or the decay is negative or not finite.</exception>
    private protected AdamOptimizer(float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
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

    /// <summary>
    /// The weight-decay coefficient: <see cref="Adam"/> adds wd·p to the gradient (coupled L2), <see cref="AdamW"/>
    /// multiplies the parameters by 1 − lr·wd each step (decoupled).
    /// </summary>
    public float WeightDecay { get; }

    /// <summary>The update's L2 term (added to the gradient as l2·p) and the factor that shrinks the parameters first.</summary>
    private protected abstract (float L2, float Shrink) DecayTerms();

    /// <inheritdoc/>
    protected override void CreateState(int parameterCount)
    {
        _m = new float[parameterCount];
        _v = new float[parameterCount];
    }

    /// <inheritdoc/>
    protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        (float l2, float shrink) = DecayTerms();
        AdamUpdate.Apply(parameters, gradients, _m.AsSpan(offset, parameters.Length), _v.AsSpan(offset, parameters.Length), LearningRate, Beta1, Beta2, Epsilon,
            l2, shrink, StepCount);
    }
}
