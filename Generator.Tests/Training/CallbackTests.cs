namespace NetGen.Tests.Training;

/// <summary>Fit's batch and epoch callbacks, the best-weights checkpoint file and cancellation.</summary>
public sealed class CallbackTests : IDisposable
{
    private const int Features = 4, Classes = 3;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netgen-callbacks-" + Guid.NewGuid().ToString("N"));

    public CallbackTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Dataset Blobs(int count, int seed)
    {
        float[,] centers = { { 2, 0, 0, 1 }, { -2, 1, 0, -1 }, { 0, -2, 1, 0 } };
        var random = new RandomSource(seed);
        var features = new float[count * Features];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            for (int j = 0; j < Features; j++) features[i * Features + j] = centers[labels[i], j] + 1.5f * random.NextGaussian();
        }
        return Dataset.FromClassIds(features, Features, labels, Classes);
    }

    private static BlobsClassIdNet NewNetwork()
    {
        var network = new BlobsClassIdNet();
        network.InitializeParameters(3);
        return network;
    }

    [Fact]
    public void Callbacks_SeeEveryBatchAndEpoch_MatchingTheHistory()
    {
        var batches = new List<BatchProgress>();
        var epochs = new List<EpochResult>();
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = 16, ValidationFraction = 0.2, Log = null,
            OnBatchEnd = batches.Add, OnEpochEnd = epochs.Add,
        };
        TrainingHistory history = new Trainer(NewNetwork(), new Sgd(0.05f), options).Fit(Blobs(100, seed: 1)); // 80 train: 5 batches

        Assert.Equal(history.Epochs, epochs);
        Assert.Equal(15, batches.Count);
        for (int i = 0; i < batches.Count; i++)
        {
            BatchProgress b = batches[i];
            Assert.Equal((i / 5, 3, i % 5, 5, 80), (b.Epoch, b.Epochs, b.Batch, b.Batches, b.EpochSamples));
            Assert.Equal(Math.Min(80, (b.Batch + 1) * 16), b.Samples);
            Assert.False(b.Skipped);
        }
        for (int e = 0; e < 3; e++)
        {
            BatchProgress last = batches[e * 5 + 4];
            Assert.Equal(history.Epochs[e].Loss, last.MeanLoss, 6);
            Assert.Equal(history.Epochs[e].Accuracy, last.Accuracy, 6);
            // The running mean is the size-weighted mean of the batch losses so far: recomputed from them here.
            double weighted = Enumerable.Range(e * 5, 5).Sum(i => (double)batches[i].Loss * 16) / 80;
            Assert.Equal(weighted, last.MeanLoss, 5);
            Assert.True(batches[e * 5].Elapsed <= last.Elapsed);
        }
    }

    [Fact]
    public void Checkpoint_HoldsTheBestEpochsWeights_AndNoTemporaryFileIsLeft()
    {
        string path = Path.Combine(_directory, "best.safetensors");
        var network = NewNetwork();
        var snapshots = new List<float[]>();
        bool fileWasWholeAtEveryEpoch = true;
        var options = new TrainerOptions
        {
            Epochs = 8, BatchSize = 8, ValidationFraction = 0.3, Log = null, CheckpointPath = path,
            OnEpochEnd = _ =>
            {
                snapshots.Add(network.Parameters.ToArray());
                var reader = new BlobsClassIdNet();
                reader.Load(path); // throws if the file is not a whole weight file
                fileWasWholeAtEveryEpoch &= File.Exists(path) && !File.Exists(path + ".tmp");
            },
        };
        // A learning rate high enough that the validation loss goes up and down: the best epoch is not the last.
        TrainingHistory history = new Trainer(network, new Sgd(0.8f, momentum: 0.9f), options).Fit(Blobs(120, seed: 2));

        float[] validationLosses = history.Epochs.Select(e => e.ValidationLoss).ToArray();
        int best = Array.IndexOf(validationLosses, validationLosses.Min());
        Assert.Equal(best, history.BestEpoch);
        Assert.NotEqual(history.Epochs.Count - 1, best); // else the file could just hold the last weights
        var loaded = new BlobsClassIdNet();
        loaded.Load(path);
        Assert.Equal(snapshots[best], loaded.Parameters.ToArray());
        Assert.True(fileWasWholeAtEveryEpoch);
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void Checkpoint_FailedWrite_LeavesThePreviousCheckpointWhole()
    {
        string path = Path.Combine(_directory, "best.safetensors");
        var network = new SaveCountingNetwork(NewNetwork(), failOnSave: 2);
        var firstCheckpoint = Array.Empty<float>();
        var options = new TrainerOptions
        {
            Epochs = 5, BatchSize = 8, Log = null, CheckpointPath = path, // training loss monitored: improves every epoch here
            OnEpochEnd = e => { if (e.Epoch == 0) firstCheckpoint = network.Parameters.ToArray(); },
        };
        var e = Assert.Throws<IOException>(() => new Trainer(network, new Sgd(0.05f), options).Fit(Blobs(60, seed: 3)));
        Assert.Contains("second save", e.Message);
        Assert.False(File.Exists(path + ".tmp"));

        var loaded = new BlobsClassIdNet();
        loaded.Load(path);
        Assert.Equal(firstCheckpoint, loaded.Parameters.ToArray());
    }

    [Fact]
    public void Checkpoint_DirectoryMissing_ThrowsBeforeTraining()
    {
        var network = NewNetwork();
        float[] before = network.Parameters.ToArray();
        var options = new TrainerOptions { Log = null, CheckpointPath = Path.Combine(_directory, "missing", "best.safetensors") };
        var e = Assert.Throws<ArgumentException>(() => new Trainer(network, new Sgd(0.05f), options).Fit(Blobs(20, seed: 4)));
        Assert.Equal("options.CheckpointPath", e.ParamName);
        Assert.Contains("missing", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Cancel_MidEpoch_ThrowsWithTheParametersOfTheLastStep()
    {
        using var cancellation = new CancellationTokenSource();
        var network = NewNetwork();
        float[] atCancel = [];
        var options = new TrainerOptions
        {
            Epochs = 5, BatchSize = 10, Log = null,
            OnBatchEnd = b =>
            {
                if (b.Epoch == 1 && b.Batch == 2)
                {
                    atCancel = network.Parameters.ToArray();
                    cancellation.Cancel();
                }
            },
        };
        var e = Assert.Throws<OperationCanceledException>(() => new Trainer(network, new Sgd(0.05f), options).Fit(Blobs(60, seed: 5), cancellation.Token));
        Assert.Equal(cancellation.Token, e.CancellationToken);
        Assert.Equal("Training was canceled before batch 4/6 of epoch 2; the parameters are those after the last completed step.", e.Message);
        Assert.Equal(atCancel, network.Parameters.ToArray());
    }

    [Fact]
    public void Cancel_WithEarlyStopping_RestoresTheBestEpochFirst()
    {
        using var cancellation = new CancellationTokenSource();
        var network = NewNetwork();
        var snapshots = new List<float[]>();
        var validationLosses = new List<float>();
        var options = new TrainerOptions
        {
            Epochs = 20, BatchSize = 8, ValidationFraction = 0.3, EarlyStoppingPatience = 20, Log = null,
            OnEpochEnd = e =>
            {
                snapshots.Add(network.Parameters.ToArray());
                validationLosses.Add(e.ValidationLoss);
            },
            OnBatchEnd = b => { if (b.Epoch == 6 && b.Batch == 1) cancellation.Cancel(); },
        };
        var e = Assert.Throws<OperationCanceledException>(() => new Trainer(network, new Sgd(0.8f, momentum: 0.9f), options).Fit(Blobs(120, seed: 2), cancellation.Token));

        Assert.Equal(6, snapshots.Count);
        int best = validationLosses.IndexOf(validationLosses.Min());
        Assert.NotEqual(5, best); // else nothing would need restoring
        Assert.Contains($"the weights of epoch {best + 1}, the best so far, were restored", e.Message);
        Assert.Equal(snapshots[best], network.Parameters.ToArray());
    }

    [Fact]
    public void Cancel_BeforeFit_ChangesNothing()
    {
        var network = NewNetwork();
        float[] before = network.Parameters.ToArray();
        var e = Assert.Throws<OperationCanceledException>(() =>
            new Trainer(network, new Sgd(0.05f), new TrainerOptions { Log = null }).Fit(Blobs(20, seed: 6), new CancellationToken(canceled: true)));
        Assert.StartsWith("Training was canceled before batch 1/1 of epoch 1", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    /// <summary>A network that delegates to another but fails its <paramref name="failOnSave"/>-th SaveWeights halfway through the file.</summary>
    private sealed class SaveCountingNetwork(ITrainableNetwork inner, int failOnSave) : ITrainableNetwork
    {
        private int _saves;

        public int InputSize => inner.InputSize;
        public int OutputSize => inner.OutputSize;
        public int ParameterCount => inner.ParameterCount;
        public LossKind Loss => inner.Loss;
        public IReadOnlyList<TensorLayout> Tensors => inner.Tensors;
        public Span<float> Parameters => inner.Parameters;
        public Span<float> Gradients => inner.Gradients;
        public ReadOnlySpan<ParameterRange> TrainableRanges => inner.TrainableRanges;
        public Span<float> State => inner.State;
        public ParallelRunner? Runner { get => inner.Runner; set => inner.Runner = value; }
        public void SetFrozen(string layer, bool frozen) => inner.SetFrozen(layer, frozen);
        public bool IsFrozen(string layer) => inner.IsFrozen(layer);
        public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch) => inner.Predict(inputs, outputs, batch);
        public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch) => inner.Forward(inputs, outputs, batch);
        public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch) => inner.Backward(outputGradient, inputGradient, batch);
        public void ZeroGradients() => inner.ZeroGradients();
        public void InitializeParameters(int seed) => inner.InitializeParameters(seed);
        public float ComputeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch) =>
            inner.ComputeLoss(outputs, targets, outputGradient, batch);
        public void LoadWeights(Stream stream) => inner.LoadWeights(stream);

        public void SaveWeights(Stream stream)
        {
            if (++_saves != failOnSave)
            {
                inner.SaveWeights(stream);
                return;
            }
            var whole = new MemoryStream();
            inner.SaveWeights(whole);
            stream.Write(whole.GetBuffer(), 0, (int)whole.Length / 2);
            throw new IOException("Disk full (simulated) in the second save.");
        }
    }
}
