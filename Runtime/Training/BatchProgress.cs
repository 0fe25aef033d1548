namespace NetGen;

/// <summary>
/// Where <see cref="Trainer.Fit"/> is within an epoch, after a batch: given to <see cref="TrainerOptions.OnBatchEnd"/>
/// and drawn by the live progress line. Metrics that do not apply (no labels) are NaN.
/// </summary>
/// <param name="Epoch">Zero-based epoch index (printed one-based).</param>
/// <param name="Epochs">Epochs asked for (<see cref="TrainerOptions.Epochs"/>).</param>
/// <param name="Batch">Zero-based index of the batch just done (printed one-based).</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Samples">Samples of the epoch done so far, this batch included.</param>
/// <param name="EpochSamples">Samples in the epoch.</param>
/// <param name="Loss">This batch's mean loss (NaN or infinite if it was skipped).</param>
/// <param name="MeanLoss">Mean loss of the epoch's batches so far, weighted by batch size (skipped ones left out).</param>
/// <param name="Accuracy">Fraction of the epoch's samples so far classified right during training (skipped batches left out).</param>
/// <param name="Elapsed">Wall time since the epoch started.</param>
/// <param name="Skipped">Whether this batch was skipped for a non-finite loss or gradient (<see cref="NonFinitePolicy.SkipBatch"/>).</param>
public readonly record struct BatchProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    int Samples,
    int EpochSamples,
    float Loss,
    float MeanLoss,
    float Accuracy,
    TimeSpan Elapsed,
    bool Skipped);
