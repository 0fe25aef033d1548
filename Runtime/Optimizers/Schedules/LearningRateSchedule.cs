namespace NetGen;

/// <summary>
/// A learning rate as a function of the epoch index (0 for the first epoch). The training loop sets
/// <see cref="Optimizer.LearningRate"/> to <see cref="At"/> at the start of each epoch, so a schedule
/// is a pure function: no state, and any epoch can be asked for again (resuming training).
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for epoch <paramref name="epoch"/> (0-based).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public abstract float At(int epoch);
}
