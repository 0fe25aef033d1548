namespace NetGen;

/// <summary>
/// A linear warm-up in front of another schedule: epoch e &lt; W (W = <see cref="WarmupEpochs"/>) gets
/// inner(0) · (e + 1) / (W + 1), rising in equal steps towards inner(0); epoch e ≥ W gets inner(e − W),
/// so the inner schedule starts fresh once warm-up ends. Large early steps on freshly initialized
/// weights (especially with Adam) can diverge; a few small ones avoid that.
/// </summary>
public sealed class WarmupSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupEpochs"/> is negative.</exception>
    public WarmupSchedule(LearningRateSchedule inner, int warmupEpochs)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupEpochs);
        Inner = inner;
        WarmupEpochs = warmupEpochs;
    }

    /// <summary>The schedule that follows the warm-up.</summary>
    public LearningRateSchedule Inner { get; }

    /// <summary>Number of warm-up epochs (0: none).</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc/>
    public override float At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return epoch < WarmupEpochs
            ? Inner.At(0) * (epoch + 1) / (WarmupEpochs + 1)
            : Inner.At(epoch - WarmupEpochs);
    }
}
