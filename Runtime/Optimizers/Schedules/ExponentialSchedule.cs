namespace NetGen;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every epoch, as PyTorch <c>ExponentialLR</c>: rate(e) = initial · γ^e.</summary>
public sealed class ExponentialSchedule(float initial, float gamma) : LearningRateSchedule
{
    /// <summary>The rate of epoch 0.</summary>
    public float Initial { get; } = initial;

    /// <summary>Factor applied each epoch.</summary>
    public float Gamma { get; } = gamma;

    /// <inheritdoc/>
    public override float At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return (float)(Initial * Math.Pow(Gamma, epoch));
    }
}
