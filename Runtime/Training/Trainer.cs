using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// The training loop shared by every network: seeded shuffled mini-batches, an optimizer step per
/// batch, per-epoch validation, early stopping, learning-rate schedule, gradient clipping and a
/// progress line.
/// </summary>
/// <remarks>
/// A NaN or infinite value never reaches the optimizer: the trainer checks the features and targets of every batch
/// (one vectorized pass, a fraction of the forward's cost), its loss, and the gradients before every step (the
/// clipping norm when clipping is on, one vectorized finiteness pass otherwise), and the validation loss. What follows is set by
/// <see cref="TrainerOptions.NonFiniteLoss"/>: a <see cref="TrainingDivergedException"/> (default) or a skipped batch.
/// </remarks>
/// <remarks>
/// All batch buffers are allocated in the constructor (and the shuffle order and best-weights copy
/// once per <see cref="Fit"/>), so <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> and <see cref="RunEpoch"/> allocate nothing:
/// training runs without garbage collections. One instance can be reused for several
/// <see cref="Fit"/> calls; it is not thread-safe.
/// </remarks>
public sealed class Trainer
{
    private readonly ITrainableNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly RandomSource _random;
    // [BatchSize, InputSize], [BatchSize, OutputSize] x3: the gathered batch, the network's outputs and ∂loss/∂outputs;
    // [BatchSize]: the gathered class ids of a dataset whose targets are labels.
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private readonly int[] _labels;
    private readonly float[] _outputs;
    private readonly float[] _outputGradient;
    // The network's state (batch-norm running statistics) before the current step, put back when the step is not finite.
    private readonly float[] _stateBeforeStep;
    private int[] _order = [];
    private float[] _bestParameters = [];
    private float[] _bestState = [];
    // The log's writer while Fit runs; null otherwise or without a log.
    private ProgressWriter? _progress;

    /// <summary>Creates a trainer of <paramref name="network"/> by <paramref name="optimizer"/>; allocates the batch buffers.</summary>
    public Trainer(ITrainableNetwork network, Optimizer optimizer, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new TrainerOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs, "options.Epochs");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, "options.BatchSize");
        ArgumentOutOfRangeException.ThrowIfNegative(options.EarlyStoppingPatience, "options.EarlyStoppingPatience");
        if (!(options.ValidationFraction >= 0 && options.ValidationFraction < 1))
        {
            throw new ArgumentOutOfRangeException("options.ValidationFraction", options.ValidationFraction, "Must be in [0, 1).");
        }
        if (!(options.EarlyStoppingMinDelta >= 0))
        {
            throw new ArgumentOutOfRangeException("options.EarlyStoppingMinDelta", options.EarlyStoppingMinDelta, "Must be 0 or more.");
        }
        if (!(options.MaxGradientNorm >= 0))
        {
            throw new ArgumentOutOfRangeException("options.MaxGradientNorm", options.MaxGradientNorm, "Must be 0 (off) or more.");
        }
        if (!Enum.IsDefined(options.NonFiniteLoss))
        {
            throw new ArgumentOutOfRangeException("options.NonFiniteLoss", options.NonFiniteLoss, "Must be Throw or SkipBatch.");
        }
        if (!Enum.IsDefined(options.Progress))
        {
            throw new ArgumentOutOfRangeException("options.Progress", options.Progress, "Must be Auto, EpochLines or LiveLine.");
        }
        if (options.Validation is not null && options.ValidationFraction > 0)
        {
            throw new ArgumentException("Give either a validation dataset or a validation fraction, not both.", nameof(options));
        }

        _network = network;
        _optimizer = optimizer;
        Options = options;
        _random = new RandomSource(options.Seed);
        _inputs = new float[checked(options.BatchSize * network.InputSize)];
        _targets = new float[checked(options.BatchSize * network.OutputSize)];
        _labels = new int[options.BatchSize];
        _outputs = new float[_targets.Length];
        _outputGradient = new float[_targets.Length];
        _stateBeforeStep = new float[network.State.Length];
    }

    /// <summary>The network being trained.</summary>
    public ITrainableNetwork Network => _network;

    /// <summary>The optimizer applied after each batch.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The options this trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>L2 norm of the gradients before clipping in the last step; NaN when clipping is off.</summary>
    public float LastGradientNorm { get; private set; } = float.NaN;

    /// <summary>Whether the last <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> was skipped for a non-finite loss or gradient (<see cref="NonFinitePolicy.SkipBatch"/>).</summary>
    public bool LastStepSkipped { get; private set; }

    /// <summary>Batches the last <see cref="RunEpoch"/> (or epoch of <see cref="Fit"/>) skipped for a non-finite loss or gradient.</summary>
    public int SkippedBatches { get; private set; }

    /// <summary>
    /// Trains on <paramref name="train"/> for up to <see cref="TrainerOptions.Epochs"/> epochs and returns
    /// the metrics of each. The shuffle restarts from <see cref="TrainerOptions.Seed"/>, so the same
    /// initial parameters and options give bit-identical results.
    /// </summary>
    /// <exception cref="ArgumentException">A feature or target of the validation data, or (with
    /// <see cref="NonFinitePolicy.Throw"/>) of the training data, is NaN or infinite; the message names the sample.
    /// Checked before training starts.</exception>
    /// <exception cref="TrainingDivergedException">
    /// A training batch's loss or gradients (with <see cref="NonFinitePolicy.Throw"/>, or in every batch of an epoch
    /// with <see cref="NonFinitePolicy.SkipBatch"/>) or a validation batch's loss is NaN or infinite. The message
    /// names the epoch, batch, value and cause; with early stopping the best epoch's weights are restored first.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled; it is checked before
    /// every batch. With early stopping and <see cref="TrainerOptions.RestoreBestWeights"/>, the best epoch's weights are
    /// restored first (once an epoch has completed); otherwise the parameters are those after the last completed step.
    /// The <see cref="TrainerOptions.CheckpointPath"/> file, if any, holds the best epoch's weights either way.</exception>
    /// <remarks>
    /// After every batch <see cref="TrainerOptions.OnBatchEnd"/> is called and after every epoch
    /// <see cref="TrainerOptions.OnEpochEnd"/>; <see cref="TrainerOptions.Log"/> gets a line per epoch, and on a terminal a
    /// batch line redrawn in place (see <see cref="TrainerOptions.Progress"/>).
    /// </remarks>
    public TrainingHistory Fit(Dataset train, CancellationToken cancellationToken = default)
    {
        CheckShapes(train, nameof(train));
        Dataset trainSet = train;
        Dataset? validation = Options.Validation;
        if (Options.ValidationFraction > 0)
        {
            (trainSet, validation) = train.Split(Options.ValidationFraction, Options.Seed);
        }
        if (trainSet.Count == 0) throw new ArgumentException("The training set has no samples (after the validation hold-out).", nameof(train));
        if (validation is not null)
        {
            CheckShapes(validation, "options.Validation");
            if (validation.Count == 0) validation = null;
        }
        // Bad data is the caller's input: reported before the first step, while nothing has changed. Skipping only
        // applies to training batches; a validation loss cannot leave samples out.
        if (Options.NonFiniteLoss == NonFinitePolicy.Throw) CheckFinite(trainSet, "training", nameof(train));
        if (validation is not null) CheckFinite(validation, "validation", "options.Validation");
        string? checkpoint = CheckpointFile(Options.CheckpointPath);

        // Everything an epoch needs is allocated here, before the first one.
        _random.Reseed(Options.Seed);
        EnsureOrder(trainSet.Count);
        bool earlyStopping = Options.EarlyStoppingPatience > 0;
        bool keepBest = earlyStopping && Options.RestoreBestWeights;
        if (keepBest && _bestParameters.Length != _network.Parameters.Length)
        {
            _bestParameters = new float[_network.Parameters.Length];
        }
        if (keepBest && _bestState.Length != _network.State.Length)
        {
            _bestState = new float[_network.State.Length];
        }
        var epochs = new List<EpochResult>(Options.Epochs);

        _progress = Options.Log is null ? null : new ProgressWriter(Options.Log, Options.Progress);
        try
        {
            float best = float.PositiveInfinity;
            int bestEpoch = -1, epochsWithoutImprovement = 0;
            bool stoppedEarly = false;
            for (int epoch = 0; epoch < Options.Epochs; epoch++)
            {
                long start = Stopwatch.GetTimestamp();
                if (Options.Schedule is not null) _optimizer.LearningRate = Options.Schedule.At(epoch);
                float learningRate = _optimizer.LearningRate;

                EpochPass pass = RunEpochCore(trainSet, epoch, start, cancellationToken);
                if (pass.CanceledBefore is int canceledBatch)
                {
                    bool restoredBest = keepBest && bestEpoch >= 0;
                    if (restoredBest)
                    {
                        _bestParameters.CopyTo(_network.Parameters);
                        _bestState.CopyTo(_network.State);
                    }
                    throw Canceled(epoch, canceledBatch, pass.Batches, restoredBest ? bestEpoch : null, cancellationToken);
                }
                NonFiniteBatch? failure = pass.Failure;
                (float validationLoss, float validationAccuracy) = (float.NaN, float.NaN);
                if (failure is null && validation is not null)
                {
                    (validationLoss, validationAccuracy, failure) = EvaluateCore(_network, validation, Options.BatchSize, _outputs, NonFiniteQuantity.ValidationLoss);
                }
                if (failure is not null)
                {
                    // The failing epoch moved the parameters away from the best ones, so they go back whenever they were kept.
                    bool restoredBest = keepBest && bestEpoch >= 0;
                    if (restoredBest)
                    {
                        _bestParameters.CopyTo(_network.Parameters);
                        _bestState.CopyTo(_network.State);
                    }
                    var partial = new TrainingHistory(epochs, trainSet.Count, validation?.Count ?? 0, bestEpoch, stoppedEarly: false, restoredBest);
                    throw Diverged(failure.Value, training: true, epoch, Options.Epochs, restoredBest ? bestEpoch : null, partial);
                }

                var result = new EpochResult(epoch, pass.Loss, pass.Accuracy, validationLoss, validationAccuracy, learningRate, Stopwatch.GetElapsedTime(start), pass.Skipped);
                epochs.Add(result);
                _progress?.Line(FormatProgress(result, Options.Epochs));

                float monitored = validation is null ? pass.Loss : validationLoss;
                bool improved = monitored < best - Options.EarlyStoppingMinDelta;
                if (improved)
                {
                    best = monitored;
                    bestEpoch = epoch;
                    epochsWithoutImprovement = 0;
                    if (keepBest)
                    {
                        _network.Parameters.CopyTo(_bestParameters);
                        _network.State.CopyTo(_bestState);
                    }
                    if (checkpoint is not null) WriteCheckpoint(_network, checkpoint);
                }
                Options.OnEpochEnd?.Invoke(result);
                if (!improved && earlyStopping && ++epochsWithoutImprovement >= Options.EarlyStoppingPatience)
                {
                    stoppedEarly = epoch < Options.Epochs - 1;
                    break;
                }
            }

            // Only worth copying back when the best epoch is not the one the parameters are already at.
            bool restored = keepBest && bestEpoch >= 0 && bestEpoch != epochs.Count - 1;
            if (restored)
            {
                _bestParameters.CopyTo(_network.Parameters);
                _bestState.CopyTo(_network.State);
            }
            if (_progress is not null && (stoppedEarly || restored))
            {
                string monitor = validation is null ? "loss" : "val_loss";
                _progress.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{(stoppedEarly ? "early stop" : "done")} after epoch {epochs.Count}: best {monitor} {best:F4} at epoch {bestEpoch + 1}{(restored ? ", weights restored" : "")}"));
            }
            return new TrainingHistory(epochs, trainSet.Count, validation?.Count ?? 0, bestEpoch, stoppedEarly, restored);
        }
        finally
        {
            _progress?.EndLine(); // a live line left by an exception or cancellation
            _progress = null;
        }
    }

    /// <summary>
    /// One pass over <paramref name="train"/> in seeded shuffled batches (the last, partial one
    /// included); returns the mean loss and the accuracy of the training outputs (NaN without labels),
    /// both over the batches trained on (skipped ones left out, see <see cref="SkippedBatches"/>).
    /// A network with batch norm (non-empty <see cref="INetwork.State"/>) cannot normalize a batch of one
    /// sample, so a last batch of one is left out of that epoch (the shuffle puts another sample there next time).
    /// Allocates nothing once the shuffle buffer fits the dataset.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A batch's loss or gradients are NaN or infinite (with
    /// <see cref="NonFinitePolicy.SkipBatch"/>: every batch's); the parameters are those after the last finite step.</exception>
    public (float Loss, float Accuracy) RunEpoch(Dataset train)
    {
        CheckShapes(train, nameof(train));
        if (train.Count == 0) throw new ArgumentException("The training set has no samples.", nameof(train));
        EpochPass pass = RunEpochCore(train, epoch: -1, epochStart: 0, CancellationToken.None);
        if (pass.Failure is { } failure) throw Diverged(failure, training: true, epoch: null, epochs: 0, bestEpoch: null, history: null);
        return (pass.Loss, pass.Accuracy);
    }

    /// <summary>
    /// What one epoch gave: its metrics over the trained batches, how many were skipped, and why it stopped if it did:
    /// a non-finite value, or cancellation before the zero-based batch <see cref="CanceledBefore"/> of <see cref="Batches"/>.
    /// </summary>
    private readonly record struct EpochPass(float Loss, float Accuracy, int Skipped, NonFiniteBatch? Failure, int Batches = 0, int? CanceledBefore = null);

    /// <summary>
    /// One shuffled pass; for <see cref="Fit"/> (<paramref name="epoch"/> ≥ 0) it also reports each batch and checks
    /// <paramref name="cancellationToken"/> before each.
    /// </summary>
    private EpochPass RunEpochCore(Dataset train, int epoch, long epochStart, CancellationToken cancellationToken)
    {
        EnsureOrder(train.Count);
        Span<int> order = _order.AsSpan(0, train.Count);
        for (int i = 0; i < order.Length; i++) order[i] = i;
        _random.Shuffle(order);
        if (order.Length > 1 && order.Length % Options.BatchSize == 1 && !_network.State.IsEmpty) order = order[..^1];

        int inputSize = _network.InputSize, outputSize = _network.OutputSize;
        int batches = (order.Length + Options.BatchSize - 1) / Options.BatchSize;
        int[]? labels = train.Labels;
        bool classIds = train.TargetsAreLabels;
        double lossSum = 0;
        int correct = 0, trained = 0, skipped = 0;
        NonFiniteBatch? firstSkipped = null;
        SkippedBatches = 0;
        // Each batch is reported only to a callback or a live line; otherwise not even its progress is built.
        Action<BatchProgress>? onBatchEnd = epoch >= 0 ? Options.OnBatchEnd : null;
        ProgressWriter? live = epoch >= 0 && _progress is { Live: true } ? _progress : null;
        bool report = onBatchEnd is not null || live is not null;
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new EpochPass(float.NaN, float.NaN, skipped, null, batches, start / Options.BatchSize);
            }
            int batch = Math.Min(Options.BatchSize, order.Length - start);
            ReadOnlySpan<int> rows = order.Slice(start, batch);
            // Gather: rows of a shuffled batch are scattered in the dataset; the network wants them contiguous.
            for (int r = 0; r < batch; r++)
            {
                train.FeatureRow(rows[r]).CopyTo(_inputs.AsSpan(r * inputSize, inputSize));
                if (classIds) _labels[r] = labels![rows[r]];
                else train.TargetRow(rows[r]).CopyTo(_targets.AsSpan(r * outputSize, outputSize));
            }

            ReadOnlySpan<float> inputs = _inputs.AsSpan(0, batch * inputSize);
            ReadOnlySpan<float> targets = classIds ? default : _targets.AsSpan(0, batch * outputSize);
            ReadOnlySpan<int> batchLabels = classIds ? _labels.AsSpan(0, batch) : default;
            if (!Step(inputs, targets, batchLabels, batch, out float loss, out NonFiniteQuantity quantity, out float value))
            {
                // Described now, while the gathered batch is still in the buffers; only the first of an epoch is kept.
                NonFiniteBatch failure = Describe(_network, quantity, value, start / Options.BatchSize, batches, inputs, targets, rows, 0);
                if (Options.NonFiniteLoss == NonFinitePolicy.Throw) return new EpochPass(float.NaN, float.NaN, skipped, failure);
                firstSkipped ??= failure;
                SkippedBatches = ++skipped;
                if (report) Report(onBatchEnd, live, Progress(epoch, start, batch, batches, order.Length, loss, lossSum, correct, trained, labels is not null, epochStart, skipped: true));
                continue;
            }
            // The step's loss is a batch mean; weighting by the batch keeps a short last batch from counting as a full one.
            lossSum += (double)loss * batch;
            trained += batch;
            if (labels is not null)
            {
                for (int r = 0; r < batch; r++)
                {
                    if (PredictedClass(_outputs.AsSpan(r * outputSize, outputSize), _network.Loss) == labels[rows[r]]) correct++;
                }
            }
            if (report) Report(onBatchEnd, live, Progress(epoch, start, batch, batches, order.Length, loss, lossSum, correct, trained, labels is not null, epochStart, skipped: false));
        }
        // Skipping is for a few bad batches; when none is left the network itself has diverged.
        if (trained == 0 && firstSkipped is { } first) return new EpochPass(float.NaN, float.NaN, skipped, first with { AllSkipped = true });
        ReadOnlySpan<float> parameters = _network.Parameters;
        if (!TensorPrimitives.IsFiniteAll(parameters))
        {
            int index = GradientClipping.FirstNonFinite(parameters);
            string cause = string.Create(CultureInfo.InvariantCulture, $"parameter {index} of {parameters.Length} is {parameters[index]} after the epoch's steps");
            return new EpochPass(float.NaN, float.NaN, skipped, new NonFiniteBatch(NonFiniteQuantity.Parameters, parameters[index], -1, batches, null, cause));
        }
        float accuracy = labels is null ? float.NaN : (float)correct / trained;
        return new EpochPass((float)(lossSum / trained), accuracy, skipped, null);
    }

    private static void Report(Action<BatchProgress>? onBatchEnd, ProgressWriter? live, in BatchProgress progress)
    {
        live?.Batch(progress);
        onBatchEnd?.Invoke(progress);
    }

    private BatchProgress Progress(int epoch, int start, int batch, int batches, int epochSamples, float loss, double lossSum, int correct, int trained,
        bool hasLabels, long epochStart, bool skipped) =>
        new(epoch, Options.Epochs, start / Options.BatchSize, batches, start + batch, epochSamples, loss,
            trained == 0 ? float.NaN : (float)(lossSum / trained),
            hasLabels && trained > 0 ? (float)correct / trained : float.NaN,
            Stopwatch.GetElapsedTime(epochStart), skipped);

    /// <summary>
    /// One optimizer step on one batch: zero gradients, training forward, loss and its gradient,
    /// backward, optional clipping, optimizer update. Returns the batch's mean loss. Allocates nothing.
    /// </summary>
    /// <remarks>
    /// A NaN or infinite loss or gradient stops the step before the optimizer: the parameters, the optimizer's state
    /// and the network's state stay as they were before the call. With <see cref="NonFinitePolicy.SkipBatch"/> the
    /// step returns the loss (possibly non-finite) and sets <see cref="LastStepSkipped"/>; otherwise it throws.
    /// </remarks>
    /// <param name="inputs">[batch, InputSize].</param>
    /// <param name="targets">[batch, OutputSize].</param>
    /// <param name="batch">Samples in this batch, 1 to <see cref="TrainerOptions.BatchSize"/>.</param>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is NaN or infinite, with <see cref="NonFinitePolicy.Throw"/>.</exception>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch)
    {
        if (batch < 1 || batch > Options.BatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Must be in [1, {Options.BatchSize}] (the trainer's batch size).");
        }
        int inputLength = batch * _network.InputSize, outputLength = batch * _network.OutputSize;
        if (inputs.Length != inputLength)
        {
            throw new ArgumentException($"Inputs length must be {batch} x {_network.InputSize} = {inputLength}, but is {inputs.Length}.", nameof(inputs));
        }
        if (targets.Length != outputLength)
        {
            throw new ArgumentException($"Targets length must be {batch} x {_network.OutputSize} = {outputLength}, but is {targets.Length}.", nameof(targets));
        }

        return CheckedStep(inputs, targets, default, batch);
    }

    /// <summary>
    /// <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/> against class ids instead of target rows
    /// (softmax cross-entropy only, see <see cref="NetworkLossExtensions.ComputeLoss"/>). Allocates nothing.
    /// </summary>
    /// <param name="inputs">[batch, InputSize].</param>
    /// <param name="labels">[batch], each in [0, OutputSize).</param>
    /// <param name="batch">Samples in this batch, 1 to <see cref="TrainerOptions.BatchSize"/>.</param>
    /// <exception cref="ArgumentException">A length is wrong, a label is outside [0, OutputSize) or the network's loss is not
    /// softmax cross-entropy; nothing changes then.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is NaN or infinite, with <see cref="NonFinitePolicy.Throw"/>.</exception>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, int batch)
    {
        if (batch < 1 || batch > Options.BatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Must be in [1, {Options.BatchSize}] (the trainer's batch size).");
        }
        int inputLength = batch * _network.InputSize;
        if (inputs.Length != inputLength)
        {
            throw new ArgumentException($"Inputs length must be {batch} x {_network.InputSize} = {inputLength}, but is {inputs.Length}.", nameof(inputs));
        }
        if (labels.Length != batch)
        {
            throw new ArgumentException($"Labels length must be {batch} (one class id per sample), but is {labels.Length}.", nameof(labels));
        }
        RequireClassIdLoss(_network, nameof(labels));
        // Checked here, before the forward pass, so a bad label changes nothing (not even batch-norm statistics).
        for (int r = 0; r < batch; r++)
        {
            if ((uint)labels[r] >= (uint)_network.OutputSize)
            {
                throw new ArgumentException($"Label {labels[r]} of sample {r} is outside [0, {_network.OutputSize}).", nameof(labels));
            }
        }
        return CheckedStep(inputs, default, labels, batch);
    }

    private float CheckedStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int batch)
    {
        if (!Step(inputs, targets, labels, batch, out float loss, out NonFiniteQuantity quantity, out float value) && Options.NonFiniteLoss == NonFinitePolicy.Throw)
        {
            NonFiniteBatch failure = Describe(_network, quantity, value, batch: -1, batches: 0, inputs, targets, ReadOnlySpan<int>.Empty, 0);
            throw Diverged(failure, training: true, epoch: null, epochs: 0, bestEpoch: null, history: null);
        }
        return loss;
    }

    /// <summary>
    /// The step itself, on validated spans: false, before the optimizer runs and with the network's state put back,
    /// when the data, the loss or the gradients are not finite (<paramref name="quantity"/> says which, <paramref name="value"/>
    /// gives the loss or the first non-finite gradient). The targets are <paramref name="labels"/> when it is not empty.
    /// </summary>
    private bool Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int batch, out float loss, out NonFiniteQuantity quantity, out float value)
    {
        int outputLength = batch * _network.OutputSize;
        Span<float> outputs = _outputs.AsSpan(0, outputLength);
        Span<float> outputGradient = _outputGradient.AsSpan(0, outputLength);
        if (!TensorPrimitives.IsFiniteAll(inputs) || !AllFinite(targets))
        {
            (loss, quantity, value) = (float.NaN, NonFiniteQuantity.Data, float.NaN);
            LastStepSkipped = true;
            return false;
        }
        Span<float> state = _network.State;
        state.CopyTo(_stateBeforeStep); // training forward updates the running statistics, even of a batch that fails
        _network.ZeroGradients(); // Backward accumulates (+=) into the gradients
        _network.Forward(inputs, outputs, batch);
        loss = labels.IsEmpty
            ? _network.ComputeLoss(outputs, targets, outputGradient, batch)
            : _network.ComputeLoss(outputs, labels, outputGradient, batch);
        quantity = NonFiniteQuantity.Loss;
        value = loss;
        bool finite = float.IsFinite(loss);
        if (finite)
        {
            _network.Backward(outputGradient, Span<float>.Empty, batch); // no layer below: skip ∂loss/∂input
            Span<float> gradients = _network.Gradients;
            if (Options.MaxGradientNorm > 0)
            {
                finite = GradientClipping.TryClipByNorm(gradients, Options.MaxGradientNorm, out float norm);
                LastGradientNorm = norm;
            }
            else
            {
                // One read of the gradients, vectorized; the optimizer's own passes over them cost several times more.
                finite = TensorPrimitives.IsFiniteAll((ReadOnlySpan<float>)gradients);
            }
            if (!finite)
            {
                quantity = NonFiniteQuantity.Gradients;
                value = gradients[GradientClipping.FirstNonFinite(gradients)];
            }
        }
        LastStepSkipped = !finite;
        if (!finite)
        {
            _stateBeforeStep.CopyTo(state);
            return false;
        }
        _optimizer.Step(_network);
        return true;
    }

    /// <summary>Mean loss and accuracy (NaN without labels) of the network on <paramref name="data"/>, using the trainer's buffers.</summary>
    /// <exception cref="TrainingDivergedException">A batch's loss is NaN or infinite; the message names the batch and the
    /// sample with non-finite data, if that is the cause. The network is not changed.</exception>
    public (float Loss, float Accuracy) Evaluate(Dataset data)
    {
        CheckShapes(data, nameof(data));
        return Evaluated(EvaluateCore(_network, data, Options.BatchSize, _outputs, NonFiniteQuantity.Loss));
    }

    /// <summary>
    /// Mean loss and accuracy (NaN without labels) of <paramref name="network"/> on <paramref name="data"/>,
    /// by <see cref="INetwork.Predict"/> in batches of <paramref name="batchSize"/>. Allocates one output buffer per call.
    /// </summary>
    /// <exception cref="TrainingDivergedException">A batch's loss is NaN or infinite; the message names the batch and the
    /// sample with non-finite data, if that is the cause. The network is not changed.</exception>
    public static (float Loss, float Accuracy) Evaluate(ITrainableNetwork network, Dataset data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckShapes(network, data, nameof(data));
        return Evaluated(EvaluateCore(network, data, batchSize, new float[checked(batchSize * network.OutputSize)], NonFiniteQuantity.Loss));
    }

    /// <summary>Index of the largest value (the first on ties, the first NaN if any): <see cref="Classification.ArgMax(ReadOnlySpan{float})"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<float> values) => Classification.ArgMax(values);

    /// <summary>
    /// The class an output row stands for: the argmax of several outputs; for one output, 1 above the
    /// decision threshold — 0.5 for a regression (MSE) output, 0 for a logit (BCE: sigmoid(0) = 0.5).
    /// </summary>
    internal static int PredictedClass(ReadOnlySpan<float> outputs, LossKind loss)
    {
        if (outputs.Length > 1) return Classification.ArgMax(outputs);
        float threshold = loss == LossKind.MeanSquaredError ? 0.5f : 0f;
        return outputs[0] > threshold ? 1 : 0;
    }

    private static (float Loss, float Accuracy, NonFiniteBatch? Failure) EvaluateCore(ITrainableNetwork network, Dataset data, int batchSize, float[] outputBuffer, NonFiniteQuantity quantity)
    {
        if (data.Count == 0) return (float.NaN, float.NaN, null);
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        int batches = (data.Count + batchSize - 1) / batchSize;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int batch = Math.Min(batchSize, data.Count - start);
            // No shuffle here, so the rows are already contiguous in the dataset: no gather needed.
            ReadOnlySpan<float> inputs = data.Features.AsSpan(start * inputSize, batch * inputSize);
            ReadOnlySpan<float> targets = data.TargetsAreLabels ? default : data.Targets.AsSpan(start * outputSize, batch * outputSize);
            Span<float> outputs = outputBuffer.AsSpan(0, batch * outputSize);
            bool finiteData = TensorPrimitives.IsFiniteAll(inputs) && AllFinite(targets);
            float loss = float.NaN;
            if (finiteData)
            {
                network.Predict(inputs, outputs, batch);
                loss = data.TargetsAreLabels
                    ? network.ComputeLoss(outputs, data.Labels.AsSpan(start, batch), Span<float>.Empty, batch)
                    : network.ComputeLoss(outputs, targets, Span<float>.Empty, batch);
            }
            if (!float.IsFinite(loss))
            {
                NonFiniteQuantity what = finiteData ? quantity : NonFiniteQuantity.Data;
                return (float.NaN, float.NaN, Describe(network, what, loss, start / batchSize, batches, inputs, targets, ReadOnlySpan<int>.Empty, start));
            }
            lossSum += (double)loss * batch;
            if (data.Labels is not null)
            {
                for (int r = 0; r < batch; r++)
                {
                    if (PredictedClass(outputs.Slice(r * outputSize, outputSize), network.Loss) == data.Labels[start + r]) correct++;
                }
            }
        }
        float accuracy = data.Labels is null ? float.NaN : (float)correct / data.Count;
        return ((float)(lossSum / data.Count), accuracy, null);
    }

    private static (float Loss, float Accuracy) Evaluated((float Loss, float Accuracy, NonFiniteBatch? Failure) result) =>
        result.Failure is { } failure
            ? throw Diverged(failure, training: false, epoch: null, epochs: 0, bestEpoch: null, history: null)
            : (result.Loss, result.Accuracy);

    /// <summary>
    /// Where a pass met a non-finite value: which quantity and its value, the zero-based batch of how many (-1: a lone
    /// <see cref="TrainStep(ReadOnlySpan{float}, ReadOnlySpan{float}, int)"/>), the sample with non-finite data if that is the cause, the cause in words, and whether
    /// it ended an epoch in which every batch was skipped.
    /// </summary>
    private readonly record struct NonFiniteBatch(NonFiniteQuantity Quantity, float Value, int Batch, int Batches, int? Sample, string Cause, bool AllSkipped = false);

    /// <summary>
    /// Finds why a batch was not finite — only ever called after a failure, so the scans cost nothing in training.
    /// The sample is <c>rows[r]</c> for a gathered batch, else <c>firstRow + r</c>.
    /// </summary>
    private static NonFiniteBatch Describe(INetwork network, NonFiniteQuantity quantity, float value, int batch, int batches,
        ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> rows, int firstRow)
    {
        string data = quantity switch
        {
            NonFiniteQuantity.ValidationLoss => "the validation data",
            _ when batch < 0 => "the batch",
            _ when rows.IsEmpty => "the data",
            _ => "the training data",
        };
        int? sample = null;
        string cause;
        int feature = GradientClipping.FirstNonFinite(inputs), target = GradientClipping.FirstNonFinite(targets);
        if (feature >= 0 || target >= 0)
        {
            (int index, int width, string column, float found) = feature >= 0
                ? (feature, network.InputSize, "feature", inputs[feature])
                : (target, network.OutputSize, "target", targets[target]);
            int row = index / width;
            sample = rows.IsEmpty ? firstRow + row : rows[row];
            cause = string.Create(CultureInfo.InvariantCulture, $"{column} {index % width} of sample {sample} of {data} is {found}");
            if (quantity == NonFiniteQuantity.Data) value = found;
        }
        else if (!TensorPrimitives.IsFiniteAll((ReadOnlySpan<float>)network.Parameters))
        {
            cause = "the parameters were already not finite before this batch";
        }
        else
        {
            cause = quantity == NonFiniteQuantity.Gradients
                ? "the data and parameters are finite, but backward overflowed: the parameters have grown too large (learning rate too high?)"
                : "the data and parameters are finite, but the outputs overflowed: the parameters have grown too large (learning rate too high?)";
        }
        return new NonFiniteBatch(quantity, value, batch, batches, sample, cause);
    }

    /// <summary>The exception for <paramref name="failure"/>, its message naming where (one-based, as the progress lines), what, why and what the parameters hold.</summary>
    private static TrainingDivergedException Diverged(in NonFiniteBatch failure, bool training, int? epoch, int epochs, int? bestEpoch, TrainingHistory? history)
    {
        var message = new System.Text.StringBuilder(256);
        if (failure.Quantity is NonFiniteQuantity.Data or NonFiniteQuantity.Parameters)
        {
            message.Append(char.ToUpperInvariant(failure.Cause[0])).Append(failure.Cause, 1, failure.Cause.Length - 1);
        }
        else
        {
            message.Append(failure.Quantity switch
            {
                NonFiniteQuantity.Gradients => "A gradient",
                NonFiniteQuantity.ValidationLoss => "The validation loss",
                _ => "The loss",
            });
            message.Append(CultureInfo.InvariantCulture, $" is {failure.Value}");
        }
        if (epoch is int e) message.Append(CultureInfo.InvariantCulture, $" in epoch {e + 1}/{epochs}");
        if (failure.Batch >= 0) message.Append(CultureInfo.InvariantCulture, $"{(epoch is null ? " in" : ",")} batch {failure.Batch + 1}/{failure.Batches}");
        if (failure.Quantity is not (NonFiniteQuantity.Data or NonFiniteQuantity.Parameters)) message.Append(": ").Append(failure.Cause);
        message.Append('.');
        if (failure.AllSkipped)
        {
            message.Append(CultureInfo.InvariantCulture, $" All {failure.Batches} batches of the epoch were skipped (NonFinitePolicy.SkipBatch), this was the first: training cannot go on.");
        }
        if (bestEpoch is int best)
        {
            message.Append(CultureInfo.InvariantCulture, $" The weights of epoch {best + 1}, the best so far, were restored.");
        }
        else if (training && failure.Quantity != NonFiniteQuantity.Parameters)
        {
            message.Append(" The parameters are those after the last finite step.");
        }
        return new TrainingDivergedException(message.ToString(), failure.Quantity, failure.Value, epoch, failure.Batch >= 0 ? failure.Batch : null,
            failure.Sample, bestEpoch, bestEpoch is not null, history);
    }

    private static string FormatProgress(in EpochResult r, int totalEpochs)
    {
        var line = new System.Text.StringBuilder(96);
        string total = totalEpochs.ToString(CultureInfo.InvariantCulture);
        line.Append("epoch ").Append((r.Epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(total.Length))
            .Append('/').Append(total);
        line.Append(CultureInfo.InvariantCulture, $"  loss {r.Loss:F4}");
        if (!float.IsNaN(r.Accuracy)) line.Append(CultureInfo.InvariantCulture, $"  acc {r.Accuracy * 100:F2}%");
        if (!float.IsNaN(r.ValidationLoss)) line.Append(CultureInfo.InvariantCulture, $"  val_loss {r.ValidationLoss:F4}");
        if (!float.IsNaN(r.ValidationAccuracy)) line.Append(CultureInfo.InvariantCulture, $"  val_acc {r.ValidationAccuracy * 100:F2}%");
        // Fixed 4 decimals hides rates like 1e-5, so small ones go to scientific notation.
        string lrFormat = r.LearningRate != 0 && MathF.Abs(r.LearningRate) < 1e-3f ? "0.00e+0" : "F4";
        line.Append("  lr ").Append(r.LearningRate.ToString(lrFormat, CultureInfo.InvariantCulture));
        line.Append(CultureInfo.InvariantCulture, $"  {r.Duration.TotalSeconds:F2}s");
        if (r.SkippedBatches > 0) line.Append(CultureInfo.InvariantCulture, $"  skipped {r.SkippedBatches} non-finite batch{(r.SkippedBatches == 1 ? "" : "es")}");
        return line.ToString();
    }

    /// <summary>The exception for a canceled <see cref="Fit"/>, its message naming where (one-based) and what the parameters hold.</summary>
    private static OperationCanceledException Canceled(int epoch, int batch, int batches, int? bestEpoch, CancellationToken cancellationToken)
    {
        string state = bestEpoch is int best
            ? string.Create(CultureInfo.InvariantCulture, $"the weights of epoch {best + 1}, the best so far, were restored")
            : "the parameters are those after the last completed step";
        return new OperationCanceledException(
            string.Create(CultureInfo.InvariantCulture, $"Training was canceled before batch {batch + 1}/{batches} of epoch {epoch + 1}; {state}."),
            cancellationToken);
    }

    /// <summary>The full path of the checkpoint file, after checking that its directory exists (null when there is none).</summary>
    private static string? CheckpointFile(string? path)
    {
        if (path is null) return null;
        if (path.Length == 0) throw new ArgumentException("The checkpoint path is empty; give a file path or null for no checkpoint.", "options.CheckpointPath");
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ArgumentException($"The checkpoint's directory '{directory}' does not exist.", "options.CheckpointPath");
        }
        return full;
    }

    /// <summary>
    /// Writes the network's weights to <paramref name="path"/> atomically: into <c>path.tmp</c>, flushed to disk, then renamed
    /// over the file, so a crash leaves either the previous checkpoint or the new one, never part of one.
    /// </summary>
    private static void WriteCheckpoint(INetwork network, string path)
    {
        string temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                network.SaveWeights(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary); // the part written is of no use; the previous checkpoint is untouched
            throw;
        }
    }

    /// <summary>Throws, naming the first sample with a NaN or infinite feature or target, unless all of <paramref name="data"/> is finite.</summary>
    private static void CheckFinite(Dataset data, string what, string name)
    {
        bool finiteFeatures = TensorPrimitives.IsFiniteAll((ReadOnlySpan<float>)data.Features);
        if (finiteFeatures && AllFinite(data.Targets)) return;
        (float[] values, int width, string column) = finiteFeatures ? (data.Targets, data.TargetSize, "target") : (data.Features, data.FeatureSize, "feature");
        int index = GradientClipping.FirstNonFinite(values);
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{char.ToUpperInvariant(column[0])}{column[1..]} {index % width} of sample {index / width} of the {what} data is {values[index]}; expected finite values. Fix the data{(what == "training" ? ", or set TrainerOptions.NonFiniteLoss = NonFinitePolicy.SkipBatch to leave its batches out" : "")}."),
            name);
    }

    /// <summary>Whether no value is NaN or infinite; true for none at all (class-id targets), which <see cref="TensorPrimitives.IsFiniteAll{T}(ReadOnlySpan{T})"/> calls false.</summary>
    private static bool AllFinite(ReadOnlySpan<float> values) => values.IsEmpty || TensorPrimitives.IsFiniteAll(values);

    private void EnsureOrder(int count)
    {
        if (_order.Length < count) _order = new int[count];
    }

    private void CheckShapes(Dataset data, string name) => CheckShapes(_network, data, name);

    private static void CheckShapes(ITrainableNetwork network, Dataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.FeatureSize != network.InputSize || data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException(
                $"The dataset has {data.FeatureSize} features and {data.TargetSize} targets per sample, but the network takes {network.InputSize} inputs and gives {network.OutputSize} outputs.",
                name);
        }
        if (data.TargetsAreLabels) RequireClassIdLoss(network, name);
    }

    private static void RequireClassIdLoss(ITrainableNetwork network, string name)
    {
        if (network.Loss != LossKind.SoftmaxCrossEntropy)
        {
            throw new ArgumentException(
                $"Class-id targets need a network whose loss is SoftmaxCrossEntropy, but its loss is {network.Loss}; give target rows (Dataset constructor or FromLabels) instead.",
                name);
        }
    }
}
