namespace NetGen;

/// <summary>What a <see cref="Trainer"/> does with a batch whose loss or gradients are NaN or infinite.</summary>
public enum NonFinitePolicy
{
    /// <summary>Stop with a <see cref="TrainingDivergedException"/> naming the epoch, the batch and the value.</summary>
    Throw = 0,

    /// <summary>
    /// Leave the batch out: no optimizer step, the parameters, optimizer state and network state (batch-norm
    /// running statistics) stay as before it, and the batch is counted in <see cref="EpochResult.SkippedBatches"/>.
    /// An epoch in which every batch is skipped still throws: the network itself has diverged.
    /// </summary>
    SkipBatch = 1,
}
