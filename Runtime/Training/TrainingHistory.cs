namespace NetGen;

/// <summary>Metrics of one epoch. Metrics that do not apply (no labels, no validation data) are NaN.</summary>
/// <param name="Epoch">Zero-based epoch index (printed one-based).</param>
/// <param name="Loss">Mean training loss over the epoch's steps, weighted by batch size.</param>
/// <param name="Accuracy">Fraction of training samples classified right during the epoch (training forward).</param>
/// <param name="ValidationLoss">Mean loss on the validation data after the epoch.</param>
/// <param name="ValidationAccuracy">Fraction of validation samples classified right after the epoch.</param>
/// <param name="LearningRate">The optimizer's learning rate during the epoch.</param>
/// <param name="Duration">Wall time of the epoch, validation included.</param>
/// <param name="SkippedBatches">Batches left out for a non-finite loss or gradient (<see cref="NonFinitePolicy.SkipBatch"/>); the loss and accuracy are over the others.</param>
public readonly record struct EpochResult(
    int Epoch,
    float Loss,
    float Accuracy,
    float ValidationLoss,
    float ValidationAccuracy,
    float LearningRate,
    TimeSpan Duration,
    int SkippedBatches = 0);

/// <summary>What a call to <see cref="Trainer.Fit"/> did, epoch by epoch.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochResult> epochs, int trainCount, int validationCount, int bestEpoch, bool stoppedEarly, bool restoredBestWeights)
    {
        Epochs = epochs;
        TrainCount = trainCount;
        ValidationCount = validationCount;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        RestoredBestWeights = restoredBestWeights;
    }

    /// <summary>One entry per epoch run, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs { get; }

    /// <summary>Samples trained on per epoch (after any validation hold-out).</summary>
    public int TrainCount { get; }

    /// <summary>Samples evaluated for validation per epoch; 0 without validation.</summary>
    public int ValidationCount { get; }

    /// <summary>Zero-based epoch with the lowest monitored loss (validation loss if any, else training loss).</summary>
    public int BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Whether the network's parameters were reset to those of <see cref="BestEpoch"/>.</summary>
    public bool RestoredBestWeights { get; }

    /// <summary>Batches skipped for a non-finite loss or gradient over all epochs (<see cref="NonFinitePolicy.SkipBatch"/>).</summary>
    public int SkippedBatches => Epochs.Sum(e => e.SkippedBatches);

    /// <summary>The last epoch run.</summary>
    public EpochResult Last => Epochs[^1];
}
