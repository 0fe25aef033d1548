namespace NetGen;

/// <summary>
/// Half a cosine from <see cref="Initial"/> down to <see cref="Minimum"/> over <see cref="Total"/> epochs,
/// PyTorch <c>CosineAnnealingLR</c>'s closed form: rate(e) = min + (initial − min)·(1 + cos(π·e / total)) / 2.
/// After <see cref="Total"/> epochs it stays at the minimum (PyTorch's closed form would rise again),
/// because training past the planned length should not suddenly speed up.
/// </summary>
public sealed class CosineAnnealingSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is not positive.</exception>
    public CosineAnnealingSchedule(float initial, int total, float minimum = 0.0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        Initial = initial;
        Total = total;
        Minimum = minimum;
    }

    /// <summary>The rate of epoch 0.</summary>
    public float Initial { get; }

    /// <summary>The epoch at which the rate reaches <see cref="Minimum"/>.</summary>
    public int Total { get; }

    /// <summary>The lowest rate, reached at epoch <see cref="Total"/> and kept after it.</summary>
    public float Minimum { get; }

    /// <inheritdoc/>
    public override float At(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int e = Math.Min(epoch, Total);
        return (float)(Minimum + (Initial - Minimum) * (1.0 + Math.Cos(Math.PI * e / Total)) / 2.0);
    }
}
