namespace NetGen;

/// <summary>How a <see cref="Trainer"/> runs: epochs, batching, validation, early stopping, schedule, clipping, non-finite batches, logging, callbacks and checkpoints.</summary>
public sealed class TrainerOptions
{
    /// <summary>Maximum number of passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per step; the last batch of an epoch may be smaller (it is used, not dropped).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Seed of the per-epoch shuffle and of the validation split: same seed, same run.</summary>
    public int Seed { get; init; }

    /// <summary>A separate dataset evaluated after every epoch; exclusive with <see cref="ValidationFraction"/>.</summary>
    public Dataset? Validation { get; init; }

    /// <summary>
    /// Fraction of the training set held out (seeded split) for validation when <see cref="Validation"/>
    /// is not given; 0 for none.
    /// </summary>
    public double ValidationFraction { get; init; }

    /// <summary>
    /// Stop after this many consecutive epochs without improvement of the monitored loss (validation
    /// loss when there is validation data, training loss otherwise); 0 disables early stopping.
    /// </summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>An epoch improves only if its monitored loss is below the best so far by more than this.</summary>
    public float EarlyStoppingMinDelta { get; init; }

    /// <summary>With early stopping, end training with the parameters of the best epoch rather than the last.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>If set, the optimizer's learning rate is set to <c>Schedule.At(epoch)</c> (zero-based) before each epoch.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>If positive, gradients are rescaled to at most this L2 norm before each optimizer step.</summary>
    public float MaxGradientNorm { get; init; }

    /// <summary>
    /// What a training batch with a NaN or infinite loss or gradient does: stop with a
    /// <see cref="TrainingDivergedException"/> (the default) or be skipped, leaving parameters, optimizer and
    /// network state as before it (see <see cref="NonFinitePolicy"/>). A non-finite validation loss always throws.
    /// </summary>
    public NonFinitePolicy NonFiniteLoss { get; init; } = NonFinitePolicy.Throw;

    /// <summary>Where the per-epoch progress line goes; <see langword="null"/> for silence.</summary>
    public TextWriter? Log { get; init; } = Console.Out;

    /// <summary>
    /// Whether <see cref="Log"/> also gets a batch line redrawn in place during each epoch; by default (<see cref="ProgressDisplay.Auto"/>)
    /// only on a terminal, so files and redirected output keep one line per epoch.
    /// </summary>
    public ProgressDisplay Progress { get; init; } = ProgressDisplay.Auto;

    /// <summary>
    /// Called by <see cref="Trainer.Fit"/> after every training batch (skipped ones included), on the training thread:
    /// keep it short, it runs between steps. An exception from it ends training, the parameters as after the batch.
    /// </summary>
    public Action<BatchProgress>? OnBatchEnd { get; init; }

    /// <summary>
    /// Called by <see cref="Trainer.Fit"/> after every epoch (validation and checkpoint included) with the epoch's
    /// metrics, as they are added to the history. An exception from it ends training, the parameters as after the epoch.
    /// </summary>
    public Action<EpochResult>? OnEpochEnd { get; init; }

    /// <summary>
    /// If set, a weight file (safetensors, as <see cref="INetwork.SaveWeights"/>) that <see cref="Trainer.Fit"/> rewrites
    /// whenever the monitored loss improves (validation loss if any, else training loss; by more than
    /// <see cref="EarlyStoppingMinDelta"/>), so it always holds the best epoch's weights, also after a crash or a
    /// cancellation. Written to <c>path.tmp</c> beside it, flushed to disk, then renamed over it, so the file is never half written.
    /// </summary>
    public string? CheckpointPath { get; init; }
}
