using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>
/// Updates a flat parameter buffer from its gradient buffer, one call per training step. Subclasses
/// keep their state (momentum, moment estimates) in buffers allocated once, on the first step, sized
/// to that step's parameter count; every later step must pass the same count.
/// </summary>
public abstract class Optimizer
{
    private float _learningRate;
    private int _parameterCount = -1; // -1 until the first step fixes it

    /// <summary>Creates an optimizer with the given initial learning rate.</summary>
    protected Optimizer(float learningRate) => LearningRate = learningRate;

    /// <summary>The step size; a schedule may set it between steps.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0.0f) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and not negative.");
            }
            _learningRate = value;
        }
    }

    /// <summary>How many steps have been taken; the first step is step 1 (as PyTorch counts for bias correction).</summary>
    public int StepCount { get; private set; }

    /// <summary>
    /// Updates <paramref name="parameters"/> in place from <paramref name="gradients"/> (same length,
    /// read only). Allocates nothing after the first call.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ from each other or from the first step's.</exception>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>
    /// Checks the lengths, creates the state on the first call and counts the step. Subclasses call it
    /// first in <see cref="Step"/>, so a bad call throws before anything changes.
    /// </summary>
    protected void BeginStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (gradients.Length != parameters.Length)
        {
            ThrowLength("gradients", parameters.Length, gradients.Length, "the parameters' length");
        }
        if (_parameterCount < 0)
        {
            CreateState(parameters.Length);
            _parameterCount = parameters.Length;
        }
        else if (parameters.Length != _parameterCount)
        {
            ThrowLength("parameters", _parameterCount, parameters.Length, "the length of the first step");
        }
        StepCount++;
    }

    /// <summary>Allocates the state buffers for <paramref name="parameterCount"/> parameters, zeroed.</summary>
    protected virtual void CreateState(int parameterCount)
    {
    }

    [DoesNotReturn]
    private static void ThrowLength(string name, int expected, int actual, string reason) =>
        throw new ArgumentException($"Expected {name} of length {expected} ({reason}), but its length is {actual}.", name);
}
