namespace NetGen;

/// <summary>
/// A <see cref="Trainer"/> met a NaN or infinite loss or gradient and stopped rather than go on training (or
/// report a mean) with non-finite numbers. The message names the quantity, its value, the epoch and batch, the
/// likely cause (a non-finite feature or target in the data, parameters that were already non-finite, or a step
/// that overflowed) and what the parameters now hold.
/// </summary>
/// <remarks>
/// The failing batch never reaches the optimizer, so the parameters are those after the last finite step — or
/// those of the best epoch when early stopping kept them (<see cref="RestoredBestWeights"/>). A
/// <see cref="NotFiniteNumberException"/> so that code already handling non-finite arithmetic catches it too;
/// <see cref="NotFiniteNumberException.OffendingNumber"/> is <see cref="Value"/>.
/// </remarks>
public sealed class TrainingDivergedException : NotFiniteNumberException
{
    internal TrainingDivergedException(string message, NonFiniteQuantity quantity, float value, int? epoch, int? batch, int? sample,
        int? bestEpoch, bool restoredBestWeights, TrainingHistory? history)
        : base(message, value)
    {
        Quantity = quantity;
        Value = value;
        Epoch = epoch;
        Batch = batch;
        Sample = sample;
        BestEpoch = bestEpoch;
        RestoredBestWeights = restoredBestWeights;
        History = history;
    }

    /// <summary>What was not finite.</summary>
    public NonFiniteQuantity Quantity { get; }

    /// <summary>The value found: the batch's mean loss, or the first non-finite gradient.</summary>
    public float Value { get; }

    /// <summary>Zero-based epoch (printed one-based) when thrown by <see cref="Trainer.Fit"/>; null otherwise.</summary>
    public int? Epoch { get; }

    /// <summary>Zero-based batch (printed one-based) within its pass; null when thrown by <see cref="Trainer.TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>.</summary>
    public int? Batch { get; }

    /// <summary>
    /// The sample (row of the dataset, or of the batch for <see cref="Trainer.TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>) with a NaN or infinite
    /// feature or target, when that is the cause; null when the data of the batch is finite.
    /// </summary>
    public int? Sample { get; }

    /// <summary>Zero-based best epoch so far when early stopping kept its weights; null otherwise.</summary>
    public int? BestEpoch { get; }

    /// <summary>Whether the network's parameters and state were reset to those of <see cref="BestEpoch"/> before throwing.</summary>
    public bool RestoredBestWeights { get; }

    /// <summary>The epochs <see cref="Trainer.Fit"/> completed before the failure; null when not thrown by Fit.</summary>
    public TrainingHistory? History { get; }
}
