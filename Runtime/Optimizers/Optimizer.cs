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
    private int _stepping; // 1 while a step runs: steps of one optimizer share its state, so they run one at a time

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
    /// <exception cref="InvalidOperationException">Another thread is stepping this optimizer.</exception>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        EnterStep();
        try
        {
            BeginStep(parameters, gradients);
            Update(0, parameters, gradients);
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    /// <summary>
    /// Updates the network's trainable parameters (<see cref="ITrainableNetwork.TrainableRanges"/>) from its
    /// gradients; frozen layers' parameters and their optimizer state stay exactly as they are.
    /// Allocates nothing after the first call.
    /// </summary>
    /// <exception cref="ArgumentException">The parameter count differs from the first step's.</exception>
    /// <exception cref="InvalidOperationException">Another thread is stepping this optimizer.</exception>
    public void Step(ITrainableNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        EnterStep();
        try
        {
            Span<float> parameters = network.Parameters;
            ReadOnlySpan<float> gradients = network.Gradients;
            BeginStep(parameters, gradients);
            foreach (ParameterRange range in network.TrainableRanges)
            {
                Update(range.Offset, parameters.Slice(range.Offset, range.Length), gradients.Slice(range.Offset, range.Length));
            }
        }
        finally
        {
            Volatile.Write(ref _stepping, 0);
        }
    }

    private void EnterStep()
    {
        if (Interlocked.CompareExchange(ref _stepping, 1, 0) != 0)
        {
            throw new InvalidOperationException($"{GetType().Name}.Step was called while another thread was stepping the same optimizer; one optimizer takes one step at a time.");
        }
    }

    /// <summary>
    /// Updates one slice of the parameters: <paramref name="parameters"/> and <paramref name="gradients"/>
    /// start at index <paramref name="offset"/> of the whole buffer, which is where the slice's optimizer
    /// state starts too. Called once per step for a whole buffer, or once per trainable range.
    /// </summary>
    protected abstract void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>Checks the lengths, creates the state on the first call and counts the step, before anything changes.</summary>
    private void BeginStep(ReadOnlySpan<float> parameters, ReadOnlySpan<float> gradients)
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
