namespace NetGen;

/// <summary>The same learning rate at every epoch.</summary>
public sealed class ConstantSchedule(float learningRate) : LearningRateSchedule
{
    /// <summary>The learning rate returned for every epoch.</summary>
    public float LearningRate { get; } = learningRate;

    /// <inheritdoc/>
    public override float At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return LearningRate;
    }
}
