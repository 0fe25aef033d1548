namespace NetGen;

/// <summary>
/// Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs, as PyTorch
/// <c>StepLR</c>: rate(e) = initial · γ^⌊e / stepSize⌋.
/// </summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is not positive.</exception>
    public StepDecaySchedule(float initial, int stepSize, float gamma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        Initial = initial;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>The rate of epochs 0 to <see cref="StepSize"/> − 1.</summary>
    public float Initial { get; }

    /// <summary>Epochs between two decays.</summary>
    public int StepSize { get; }

    /// <summary>Factor applied at each decay.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    public override float At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return (float)(Initial * Math.Pow(Gamma, epoch / StepSize)); // integer division: ⌊e / stepSize⌋
    }
}
