using System.Diagnostics;
using System.Globalization;

namespace NetGen;

/// <summary>
/// The training loop shared by every network: seeded shuffled mini-batches, an optimizer step per
/// batch, per-epoch validation, early stopping, learning-rate schedule, gradient clipping and a
/// progress line.
/// </summary>
/// <remarks>
/// All batch buffers are allocated in the constructor (and the shuffle order and best-weights copy
/// once per <see cref="Fit"/>), so <see cref="TrainStep"/> and <see cref="RunEpoch"/> allocate nothing:
/// training runs without garbage collections. One instance can be reused for several
/// <see cref="Fit"/> calls; it is not thread-safe.
/// </remarks>
public sealed class Trainer
{
    private readonly INetwork _network;
    private readonly Optimizer _optimizer;
    private readonly RandomSource _random;
    // [BatchSize, InputSize], [BatchSize, OutputSize] x3: the gathered batch, the network's outputs and ∂loss/∂outputs.
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private readonly float[] _outputs;
    private readonly float[] _outputGradient;
    private int[] _order = [];
    private float[] _bestParameters = [];
    private float[] _bestState = [];

    /// <summary>Creates a trainer of <paramref name="network"/> by <paramref name="optimizer"/>; allocates the batch buffers.</summary>
    public Trainer(INetwork network, Optimizer optimizer, TrainerOptions? options = null)
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
        _outputs = new float[_targets.Length];
        _outputGradient = new float[_targets.Length];
    }

    /// <summary>The network being trained.</summary>
    public INetwork Network => _network;

    /// <summary>The optimizer applied after each batch.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The options this trainer was created with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>L2 norm of the gradients before clipping in the last step; NaN when clipping is off.</summary>
    public float LastGradientNorm { get; private set; } = float.NaN;

    /// <summary>
    /// Trains on <paramref name="train"/> for up to <see cref="TrainerOptions.Epochs"/> epochs and returns
    /// the metrics of each. The shuffle restarts from <see cref="TrainerOptions.Seed"/>, so the same
    /// initial parameters and options give bit-identical results.
    /// </summary>
    public TrainingHistory Fit(Dataset train)
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

        float best = float.PositiveInfinity;
        int bestEpoch = -1, epochsWithoutImprovement = 0;
        bool stoppedEarly = false;
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            if (Options.Schedule is not null) _optimizer.LearningRate = Options.Schedule.At(epoch);
            float learningRate = _optimizer.LearningRate;

            (float loss, float accuracy) = RunEpoch(trainSet);
            (float validationLoss, float validationAccuracy) = validation is null ? (float.NaN, float.NaN) : Evaluate(validation);

            var result = new EpochResult(epoch, loss, accuracy, validationLoss, validationAccuracy, learningRate, Stopwatch.GetElapsedTime(start));
            epochs.Add(result);
            Options.Log?.WriteLine(FormatProgress(result, Options.Epochs));

            float monitored = validation is null ? loss : validationLoss;
            if (monitored < best - Options.EarlyStoppingMinDelta)
            {
                best = monitored;
                bestEpoch = epoch;
                epochsWithoutImprovement = 0;
                if (keepBest)
                {
                    _network.Parameters.CopyTo(_bestParameters);
                    _network.State.CopyTo(_bestState);
                }
            }
            else if (earlyStopping && ++epochsWithoutImprovement >= Options.EarlyStoppingPatience)
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
        if (Options.Log is not null && (stoppedEarly || restored))
        {
            string monitor = validation is null ? "loss" : "val_loss";
            Options.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(stoppedEarly ? "early stop" : "done")} after epoch {epochs.Count}: best {monitor} {best:F4} at epoch {bestEpoch + 1}{(restored ? ", weights restored" : "")}"));
        }
        return new TrainingHistory(epochs, trainSet.Count, validation?.Count ?? 0, bestEpoch, stoppedEarly, restored);
    }

    /// <summary>
    /// One pass over <paramref name="train"/> in seeded shuffled batches (the last, partial one
    /// included); returns the mean loss and the accuracy of the training outputs (NaN without labels).
    /// A network with batch norm (non-empty <see cref="INetwork.State"/>) cannot normalize a batch of one
    /// sample, so a last batch of one is left out of that epoch (the shuffle puts another sample there next time).
    /// Allocates nothing once the shuffle buffer fits the dataset.
    /// </summary>
    public (float Loss, float Accuracy) RunEpoch(Dataset train)
    {
        CheckShapes(train, nameof(train));
        if (train.Count == 0) throw new ArgumentException("The training set has no samples.", nameof(train));
        EnsureOrder(train.Count);
        Span<int> order = _order.AsSpan(0, train.Count);
        for (int i = 0; i < order.Length; i++) order[i] = i;
        _random.Shuffle(order);
        if (order.Length > 1 && order.Length % Options.BatchSize == 1 && !_network.State.IsEmpty) order = order[..^1];

        int inputSize = _network.InputSize, outputSize = _network.OutputSize;
        int[]? labels = train.Labels;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            int batch = Math.Min(Options.BatchSize, order.Length - start);
            ReadOnlySpan<int> rows = order.Slice(start, batch);
            // Gather: rows of a shuffled batch are scattered in the dataset; the network wants them contiguous.
            for (int r = 0; r < batch; r++)
            {
                train.FeatureRow(rows[r]).CopyTo(_inputs.AsSpan(r * inputSize, inputSize));
                train.TargetRow(rows[r]).CopyTo(_targets.AsSpan(r * outputSize, outputSize));
            }

            float loss = TrainStep(_inputs.AsSpan(0, batch * inputSize), _targets.AsSpan(0, batch * outputSize), batch);
            // The step's loss is a batch mean; weighting by the batch keeps a short last batch from counting as a full one.
            lossSum += (double)loss * batch;
            if (labels is not null)
            {
                for (int r = 0; r < batch; r++)
                {
                    if (PredictedClass(_outputs.AsSpan(r * outputSize, outputSize), _network.Loss) == labels[rows[r]]) correct++;
                }
            }
        }
        float accuracy = labels is null ? float.NaN : (float)correct / order.Length;
        return ((float)(lossSum / order.Length), accuracy);
    }

    /// <summary>
    /// One optimizer step on one batch: zero gradients, training forward, loss and its gradient,
    /// backward, optional clipping, optimizer update. Returns the batch's mean loss. Allocates nothing.
    /// </summary>
    /// <param name="inputs">[batch, InputSize].</param>
    /// <param name="targets">[batch, OutputSize].</param>
    /// <param name="batch">Samples in this batch, 1 to <see cref="TrainerOptions.BatchSize"/>.</param>
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

        Span<float> outputs = _outputs.AsSpan(0, outputLength);
        Span<float> outputGradient = _outputGradient.AsSpan(0, outputLength);
        _network.ZeroGradients(); // Backward accumulates (+=) into the gradients
        _network.Forward(inputs, outputs, batch);
        float loss = _network.ComputeLoss(outputs, targets, outputGradient, batch);
        _network.Backward(outputGradient, Span<float>.Empty, batch); // no layer below: skip ∂loss/∂input
        if (Options.MaxGradientNorm > 0)
        {
            LastGradientNorm = GradientClipping.ClipByNorm(_network.Gradients, Options.MaxGradientNorm);
        }
        _optimizer.Step(_network);
        return loss;
    }

    /// <summary>Mean loss and accuracy (NaN without labels) of the network on <paramref name="data"/>, using the trainer's buffers.</summary>
    public (float Loss, float Accuracy) Evaluate(Dataset data)
    {
        CheckShapes(data, nameof(data));
        return EvaluateCore(_network, data, Options.BatchSize, _outputs);
    }

    /// <summary>
    /// Mean loss and accuracy (NaN without labels) of <paramref name="network"/> on <paramref name="data"/>,
    /// by <see cref="INetwork.Predict"/> in batches of <paramref name="batchSize"/>. Allocates one output buffer per call.
    /// </summary>
    public static (float Loss, float Accuracy) Evaluate(INetwork network, Dataset data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckShapes(network, data, nameof(data));
        return EvaluateCore(network, data, batchSize, new float[checked(batchSize * network.OutputSize)]);
    }

    /// <summary>Index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("Cannot take the argmax of an empty span.", nameof(values));
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /// <summary>
    /// The class an output row stands for: the argmax of several outputs; for one output, 1 above the
    /// decision threshold — 0.5 for a regression (MSE) output, 0 for a logit (BCE: sigmoid(0) = 0.5).
    /// </summary>
    internal static int PredictedClass(ReadOnlySpan<float> outputs, LossKind loss)
    {
        if (outputs.Length > 1) return ArgMax(outputs);
        float threshold = loss == LossKind.MeanSquaredError ? 0.5f : 0f;
        return outputs[0] > threshold ? 1 : 0;
    }

    private static (float Loss, float Accuracy) EvaluateCore(INetwork network, Dataset data, int batchSize, float[] outputBuffer)
    {
        if (data.Count == 0) return (float.NaN, float.NaN);
        int inputSize = network.InputSize, outputSize = network.OutputSize;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int batch = Math.Min(batchSize, data.Count - start);
            // No shuffle here, so the rows are already contiguous in the dataset: no gather needed.
            ReadOnlySpan<float> inputs = data.Features.AsSpan(start * inputSize, batch * inputSize);
            ReadOnlySpan<float> targets = data.Targets.AsSpan(start * outputSize, batch * outputSize);
            Span<float> outputs = outputBuffer.AsSpan(0, batch * outputSize);
            network.Predict(inputs, outputs, batch);
            lossSum += (double)network.ComputeLoss(outputs, targets, Span<float>.Empty, batch) * batch;
            if (data.Labels is not null)
            {
                for (int r = 0; r < batch; r++)
                {
                    if (PredictedClass(outputs.Slice(r * outputSize, outputSize), network.Loss) == data.Labels[start + r]) correct++;
                }
            }
        }
        float accuracy = data.Labels is null ? float.NaN : (float)correct / data.Count;
        return ((float)(lossSum / data.Count), accuracy);
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
        return line.ToString();
    }

    private void EnsureOrder(int count)
    {
        if (_order.Length < count) _order = new int[count];
    }

    private void CheckShapes(Dataset data, string name) => CheckShapes(_network, data, name);

    private static void CheckShapes(INetwork network, Dataset data, string name)
    {
        ArgumentNullException.ThrowIfNull(data, name);
        if (data.FeatureSize != network.InputSize || data.TargetSize != network.OutputSize)
        {
            throw new ArgumentException(
                $"The dataset has {data.FeatureSize} features and {data.TargetSize} targets per sample, but the network takes {network.InputSize} inputs and gives {network.OutputSize} outputs.",
                name);
        }
    }
}
