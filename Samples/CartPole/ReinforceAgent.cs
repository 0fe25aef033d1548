namespace NetGen.Samples.CartPole;

/// <summary>
/// REINFORCE with a learned baseline (Williams 1992; Sutton &amp; Barto, Reinforcement Learning, 2nd ed.,
/// section 13.4): a softmax policy network picks actions; after each episode the policy moves along
/// Σ_t (G_t − V(s_t)) ∇ log π(a_t | s_t), and a value network V, trained on the returns with squared error,
/// supplies the baseline. Two networks, two optimizers; every buffer is sized once for the longest episode,
/// so acting and updating allocate nothing.
/// </summary>
/// <remarks>
/// The value network learns (1 − γ)·G_t, which stays in [0, 1] for rewards of 1, instead of returns up to
/// 1/(1 − γ). The advantages are normalized per episode to mean 0 and deviation 1, so the policy's step
/// size does not grow with the episode's length.
/// </remarks>
public sealed class ReinforceAgent
{
    private readonly ITrainableNetwork _policy, _value;
    private readonly Optimizer _policyOptimizer, _valueOptimizer;
    private readonly RandomSource _random;
    private readonly int _observationSize, _actionCount, _maxSteps;
    private readonly float _gamma, _maxGradientNorm;

    // One row per step of the current episode.
    private readonly float[] _states;         // [maxSteps, observationSize]
    private readonly int[] _actions;          // [maxSteps]
    private readonly float[] _rewards;        // [maxSteps]
    private readonly float[] _returns;        // [maxSteps] G_t
    private readonly float[] _values;         // [maxSteps] V(s_t)
    private readonly float[] _valueTargets;   // [maxSteps] (1 − γ)·G_t
    private readonly float[] _valueGradient;  // [maxSteps]
    private readonly float[] _logits;         // [maxSteps, actionCount]
    private readonly float[] _logitGradient;  // [maxSteps, actionCount]
    private readonly float[] _actLogits;      // [actionCount]
    private int _steps;

    public ReinforceAgent(ITrainableNetwork policy, ITrainableNetwork value, Optimizer policyOptimizer, Optimizer valueOptimizer,
        int maxSteps, float gamma, float maxGradientNorm, int seed)
    {
        if (value.InputSize != policy.InputSize || value.OutputSize != 1)
        {
            throw new ArgumentException($"Expected a value network [{policy.InputSize}] → [1], but it is [{value.InputSize}] → [{value.OutputSize}].", nameof(value));
        }
        _policy = policy;
        _value = value;
        _policyOptimizer = policyOptimizer;
        _valueOptimizer = valueOptimizer;
        _observationSize = policy.InputSize;
        _actionCount = policy.OutputSize;
        _maxSteps = maxSteps;
        _gamma = gamma;
        _maxGradientNorm = maxGradientNorm;
        _random = new RandomSource(seed);
        _states = new float[maxSteps * _observationSize];
        _actions = new int[maxSteps];
        _rewards = new float[maxSteps];
        _returns = new float[maxSteps];
        _values = new float[maxSteps];
        _valueTargets = new float[maxSteps];
        _valueGradient = new float[maxSteps];
        _logits = new float[maxSteps * _actionCount];
        _logitGradient = new float[maxSteps * _actionCount];
        _actLogits = new float[_actionCount];

        // The networks size their training buffers for the largest batch seen: reach it now, not mid-training.
        _policy.Forward(_states, _logits, maxSteps);
        _value.Forward(_states, _values, maxSteps);
        _policy.Predict(_states.AsSpan(0, _observationSize), _actLogits, 1);
    }

    /// <summary>Steps recorded in the current episode.</summary>
    public int StepCount => _steps;

    /// <summary>Draws an action from the policy's softmax at <paramref name="observation"/>.</summary>
    public int Act(ReadOnlySpan<float> observation)
    {
        _policy.Predict(observation, _actLogits, 1);
        float max = _actLogits[0];
        for (int a = 1; a < _actionCount; a++) max = MathF.Max(max, _actLogits[a]);
        float sum = 0;
        for (int a = 0; a < _actionCount; a++) sum += _actLogits[a] = MathF.Exp(_actLogits[a] - max);
        float u = _random.NextSingle() * sum;
        for (int a = 0; a < _actionCount - 1; a++)
        {
            u -= _actLogits[a];
            if (u < 0) return a;
        }
        return _actionCount - 1;
    }

    /// <summary>The policy's most likely action at <paramref name="observation"/> (for evaluation).</summary>
    public int ActGreedily(ReadOnlySpan<float> observation)
    {
        _policy.Predict(observation, _actLogits, 1);
        int best = 0;
        for (int a = 1; a < _actionCount; a++) if (_actLogits[a] > _actLogits[best]) best = a;
        return best;
    }

    /// <summary>Records one step of the current episode: the state it acted in, its action and reward.</summary>
    public void Record(ReadOnlySpan<float> state, int action, float reward)
    {
        if (_steps == _maxSteps)
        {
            throw new InvalidOperationException($"An episode may have at most {_maxSteps} steps.");
        }
        state.CopyTo(_states.AsSpan(_steps * _observationSize, _observationSize));
        _actions[_steps] = action;
        _rewards[_steps] = reward;
        _steps++;
    }

    /// <summary>
    /// One update from the recorded episode (baseline, then policy) and a fresh start. Returns the value
    /// network's loss.
    /// </summary>
    public float Update()
    {
        int n = _steps;
        if (n == 0) return 0;
        _steps = 0;
        ReadOnlySpan<float> states = _states.AsSpan(0, n * _observationSize);
        Span<float> returns = _returns.AsSpan(0, n), values = _values.AsSpan(0, n);
        Span<float> valueTargets = _valueTargets.AsSpan(0, n), valueGradient = _valueGradient.AsSpan(0, n);
        Span<float> logits = _logits.AsSpan(0, n * _actionCount), logitGradient = _logitGradient.AsSpan(0, n * _actionCount);
        DiscountedReturns.Compute(_rewards.AsSpan(0, n), returns, _gamma);

        // Baseline: V(s_t) against (1 − γ)·G_t, squared error. The advantages use V before this step.
        float scale = 1 - _gamma;
        _value.ZeroGradients();
        _value.Forward(states, values, n);
        for (int t = 0; t < n; t++)
        {
            valueTargets[t] = scale * returns[t];
            returns[t] -= values[t] / scale; // from here on: the advantage G_t − V(s_t)
        }
        float valueLoss = MeanSquaredError.Evaluate(values, valueTargets, valueGradient, n, 1);
        _value.Backward(valueGradient, Span<float>.Empty, n);
        _valueOptimizer.Step(_value.Parameters, _value.Gradients);

        // Policy: −Σ_t A_t log π(a_t | s_t) / n. Cross-entropy against the taken action gives
        // (softmax − one-hot) / n per row, the gradient of −log π; each row is then weighted by its advantage.
        DiscountedReturns.Normalize(returns);
        _policy.ZeroGradients();
        _policy.Forward(states, logits, n);
        SoftmaxCrossEntropy.Evaluate(logits, _actions.AsSpan(0, n), logitGradient, n, _actionCount);
        for (int t = 0; t < n; t++)
        {
            Span<float> row = logitGradient.Slice(t * _actionCount, _actionCount);
            for (int a = 0; a < _actionCount; a++) row[a] *= returns[t];
        }
        _policy.Backward(logitGradient, Span<float>.Empty, n);
        GradientClipping.ClipByNorm(_policy.Gradients, _maxGradientNorm);
        _policyOptimizer.Step(_policy.Parameters, _policy.Gradients);
        return valueLoss;
    }
}
