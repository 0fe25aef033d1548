using System.Text.RegularExpressions;
using Xunit;

namespace NetGen.Tests.Training;

public class TrainerTests
{
    /// <summary>Plain SGD, local to the tests so they do not depend on the optimizer classes; counts its steps.</summary>
    private sealed class TestSgd : Optimizer
    {
        public TestSgd(float learningRate) : base(learningRate) { }

        /// <summary>−1 turns descent into ascent, to make the loss worse on purpose.</summary>
        public float Direction { get; set; } = 1;

        public int Steps { get; private set; }

        protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            float rate = Direction * LearningRate;
            for (int i = 0; i < parameters.Length; i++) parameters[i] -= rate * gradients[i];
            Steps++;
        }
    }

    /// <summary>A constant rate that flips the optimizer into ascent from a given epoch on.</summary>
    private sealed class FlipSchedule(TestSgd optimizer, int flipAt, float rate) : LearningRateSchedule
    {
        public override float At(int epoch)
        {
            optimizer.Direction = epoch >= flipAt ? -1 : 1;
            return rate;
        }
    }

    private sealed class HalvingSchedule(float initial) : LearningRateSchedule
    {
        public override float At(int epoch) => initial / (1 << epoch);
    }

    /// <summary>Three well separated Gaussian blobs in 4 dimensions, seeded.</summary>
    private static Dataset Blobs(int count, int seed)
    {
        const int Features = 4, Classes = 3;
        float[,] centers = { { 3, 0, 0, 1 }, { -3, 2, 0, -1 }, { 0, -3, 2, 0 } };
        var random = new RandomSource(seed);
        var features = new float[count * Features];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            for (int j = 0; j < Features; j++) features[i * Features + j] = centers[labels[i], j] + 0.7f * random.NextGaussian();
        }
        return Dataset.FromLabels(features, Features, labels, Classes);
    }

    private static SoftmaxRegressionNetwork NewNetwork(int seed = 42)
    {
        var network = new SoftmaxRegressionNetwork(4, 3, LossKind.SoftmaxCrossEntropy);
        network.InitializeParameters(seed);
        return network;
    }

    [Fact]
    public void Fit_SeparableBlobs_ReachesHighAccuracyAndLossDecreases()
    {
        var (train, test) = Blobs(300, seed: 1).Split(0.2, seed: 2);
        var network = NewNetwork();
        var trainer = new Trainer(network, new TestSgd(0.2f), new TrainerOptions { Epochs = 10, BatchSize = 16, Seed = 3, Log = null });

        var history = trainer.Fit(train);

        Assert.Equal(10, history.Epochs.Count);
        Assert.True(history.Last.Loss < history.Epochs[0].Loss / 2, $"loss {history.Epochs[0].Loss} -> {history.Last.Loss}");
        Assert.True(history.Last.Accuracy >= 0.97f, $"train accuracy {history.Last.Accuracy}");
        var (testLoss, testAccuracy) = Trainer.Evaluate(network, test, batchSize: 7);
        Assert.True(testAccuracy >= 0.95f, $"test accuracy {testAccuracy}");
        Assert.True(testLoss < 0.2f, $"test loss {testLoss}");
        Assert.False(history.StoppedEarly);
        Assert.Equal(0, history.ValidationCount);
        Assert.True(float.IsNaN(history.Last.ValidationLoss));
    }

    [Fact]
    public void Fit_SameSeed_GivesBitIdenticalParameters_AndTrainerIsReusable()
    {
        var data = Blobs(120, seed: 5);
        var options = new TrainerOptions { Epochs = 4, BatchSize = 10, Seed = 9, ValidationFraction = 0.25, Log = null };

        float[] Run(Trainer? reuse = null)
        {
            var network = reuse is null ? NewNetwork() : (SoftmaxRegressionNetwork)reuse.Network;
            network.InitializeParameters(42);
            (reuse ?? new Trainer(network, new TestSgd(0.1f), options)).Fit(data);
            return network.Parameters.ToArray();
        }

        float[] first = Run();
        Assert.Equal(first, Run());

        var trainer = new Trainer(NewNetwork(), new TestSgd(0.1f), options);
        Assert.Equal(first, Run(trainer));
        Assert.Equal(first, Run(trainer)); // a second Fit on the same trainer restarts the shuffle

        var otherSeed = NewNetwork();
        new Trainer(otherSeed, new TestSgd(0.1f), new TrainerOptions { Epochs = 4, BatchSize = 10, Seed = 10, ValidationFraction = 0.25, Log = null }).Fit(data);
        Assert.NotEqual(first, otherSeed.Parameters.ToArray());
    }

    [Fact]
    public void Fit_LastPartialBatchIsUsed()
    {
        var optimizer = new TestSgd(0.1f);
        var trainer = new Trainer(NewNetwork(), optimizer, new TrainerOptions { Epochs = 2, BatchSize = 4, Log = null });
        trainer.Fit(Blobs(10, seed: 1));
        Assert.Equal(2 * 3, optimizer.Steps); // 4 + 4 + 2 per epoch
    }

    [Fact]
    public void EarlyStopping_OnPlateau_StopsAfterPatienceEpochs()
    {
        // Learning rate 0: every epoch has exactly the first epoch's loss, never an improvement.
        var trainer = new Trainer(NewNetwork(), new TestSgd(0f),
            new TrainerOptions { Epochs = 20, EarlyStoppingPatience = 3, Log = null });
        var history = trainer.Fit(Blobs(60, seed: 1));
        Assert.Equal(1 + 3, history.Epochs.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal(0, history.BestEpoch);
        Assert.True(history.RestoredBestWeights); // the best epoch (0) is not the last one
    }

    [Fact]
    public void EarlyStopping_MinDelta_CountsSmallGainsAsNoImprovement()
    {
        var trainer = new Trainer(NewNetwork(), new TestSgd(1e-6f),
            new TrainerOptions { Epochs = 20, EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 0.5f, Log = null });
        var history = trainer.Fit(Blobs(60, seed: 1));
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void EarlyStopping_RestoresTheBestEpochsWeights()
    {
        var data = Blobs(200, seed: 3);
        var (train, validation) = data.Split(0.25, seed: 4);
        var network = NewNetwork();
        var optimizer = new TestSgd(0.05f);
        var trainer = new Trainer(network, optimizer, new TrainerOptions
        {
            Epochs = 20,
            BatchSize = 16,
            Validation = validation,
            EarlyStoppingPatience = 2,
            Schedule = new FlipSchedule(optimizer, flipAt: 3, rate: 0.05f), // descent for epochs 0-2, ascent after
            Log = null,
        });

        var history = trainer.Fit(train);

        Assert.Equal(3 + 2, history.Epochs.Count); // best at epoch 2, then 2 epochs of patience
        Assert.True(history.StoppedEarly);
        Assert.Equal(2, history.BestEpoch);
        Assert.True(history.RestoredBestWeights);
        Assert.Equal(validation.Count, history.ValidationCount);
        var (restoredLoss, _) = trainer.Evaluate(validation);
        Assert.Equal(history.Epochs[2].ValidationLoss, restoredLoss); // exactly: same weights, same computation
        Assert.True(restoredLoss < history.Last.ValidationLoss);
    }

    [Fact]
    public void EarlyStopping_RestoresTheBestEpochsRunningStatisticsToo()
    {
        // Validation runs Predict, which normalizes with the running statistics: the restored loss equals the best
        // epoch's only if the batch norm's state is restored with the parameters.
        var (train, validation) = Blobs(200, seed: 3).Split(0.25, seed: 4);
        var network = new BlobsBatchNormNet();
        network.InitializeParameters(42);
        var optimizer = new TestSgd(0.05f);
        var trainer = new Trainer(network, optimizer, new TrainerOptions
        {
            Epochs = 20,
            BatchSize = 16,
            Validation = validation,
            EarlyStoppingPatience = 2,
            Schedule = new FlipSchedule(optimizer, flipAt: 3, rate: 0.05f),
            Log = null,
        });

        var history = trainer.Fit(train);

        Assert.Equal(2, history.BestEpoch);
        Assert.True(history.RestoredBestWeights);
        Assert.Equal(history.Epochs[2].ValidationLoss, trainer.Evaluate(validation).Loss);
    }

    [Fact]
    public void EarlyStopping_WithoutRestore_KeepsTheLastWeights()
    {
        var (train, validation) = Blobs(200, seed: 3).Split(0.25, seed: 4);
        var optimizer = new TestSgd(0.05f);
        var trainer = new Trainer(NewNetwork(), optimizer, new TrainerOptions
        {
            Epochs = 20, BatchSize = 16, Validation = validation, EarlyStoppingPatience = 2, RestoreBestWeights = false,
            Schedule = new FlipSchedule(optimizer, flipAt: 3, rate: 0.05f), Log = null,
        });
        var history = trainer.Fit(train);
        Assert.False(history.RestoredBestWeights);
        Assert.Equal(history.Last.ValidationLoss, trainer.Evaluate(validation).Loss);
    }

    [Fact]
    public void ValidationFraction_HoldsOutTheRoundedShare()
    {
        var trainer = new Trainer(NewNetwork(), new TestSgd(0.1f), new TrainerOptions { Epochs = 1, ValidationFraction = 0.2, Log = null });
        var history = trainer.Fit(Blobs(101, seed: 1));
        Assert.Equal(81, history.TrainCount);
        Assert.Equal(20, history.ValidationCount);
        Assert.False(float.IsNaN(history.Last.ValidationLoss));
        Assert.False(float.IsNaN(history.Last.ValidationAccuracy));
    }

    [Fact]
    public void Options_ValidationDatasetAndFractionTogether_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Trainer(NewNetwork(), new TestSgd(0.1f),
            new TrainerOptions { Validation = Blobs(10, 1), ValidationFraction = 0.1 }));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new Trainer(NewNetwork(), new TestSgd(0.1f), new TrainerOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Fit_DatasetOfWrongShape_ThrowsNamingBothShapes()
    {
        var trainer = new Trainer(NewNetwork(), new TestSgd(0.1f), new TrainerOptions { Log = null });
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(Dataset.FromLabels(new float[10], 5, [0, 1], 2)));
        Assert.Contains("5 features and 2 targets", e.Message);
        Assert.Contains("4 inputs and gives 3 outputs", e.Message);
    }

    [Fact]
    public void Schedule_SetsTheLearningRateEachEpoch()
    {
        var optimizer = new TestSgd(1f);
        var trainer = new Trainer(NewNetwork(), optimizer, new TrainerOptions { Epochs = 3, Schedule = new HalvingSchedule(0.4f), Log = null });
        var history = trainer.Fit(Blobs(30, seed: 1));
        Assert.Equal([0.4f, 0.2f, 0.1f], history.Epochs.Select(e => e.LearningRate));
        Assert.Equal(0.1f, optimizer.LearningRate);
    }

    [Fact]
    public void GradientClipping_LimitsTheUpdateNorm()
    {
        var network = NewNetwork();
        var trainer = new Trainer(network, new TestSgd(1f), new TrainerOptions { BatchSize = 8, MaxGradientNorm = 1e-3f, Log = null });
        var data = Blobs(8, seed: 1);
        float[] before = network.Parameters.ToArray();

        trainer.TrainStep(data.Features, data.Targets, 8);

        double moved = 0;
        for (int i = 0; i < before.Length; i++) moved += Math.Pow(network.Parameters[i] - before[i], 2);
        Assert.True(trainer.LastGradientNorm > 1e-3f);
        Assert.True(Math.Sqrt(moved) <= 1e-3 * 1.001, $"moved {Math.Sqrt(moved)}");
        Assert.True(Math.Sqrt(moved) > 0);
    }

    [Fact]
    public void TrainStep_WrongLengths_Throw()
    {
        var trainer = new Trainer(NewNetwork(), new TestSgd(0.1f), new TrainerOptions { BatchSize = 4, Log = null });
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainStep(new float[20], new float[15], 5));
        var e = Assert.Throws<ArgumentException>(() => trainer.TrainStep(new float[7], new float[6], 2));
        Assert.Contains("2 x 4 = 8, but is 7", e.Message);
    }

    [Fact]
    public void TrainStepAndRunEpoch_AllocateNothingAfterWarmUp()
    {
        var data = Blobs(50, seed: 1); // 50 / 16: a partial last batch too
        var trainer = new Trainer(NewNetwork(), new TestSgd(0.05f), new TrainerOptions { BatchSize = 16, MaxGradientNorm = 5f, Log = null });
        var inputs = data.Features.AsSpan(0, 16 * 4).ToArray();
        var targets = data.Targets.AsSpan(0, 16 * 3).ToArray();
        for (int i = 0; i < 3; i++)
        {
            trainer.RunEpoch(data);
            trainer.TrainStep(inputs, targets, 16);
        }
        trainer.Evaluate(data);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) trainer.TrainStep(inputs, targets, 16);
        long steps = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) trainer.RunEpoch(data);
        trainer.Evaluate(data);
        long epochs = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, steps);
        Assert.Equal(0, epochs);
    }

    [Fact]
    public void Fit_WritesOneProgressLinePerEpoch()
    {
        var log = new StringWriter();
        var (train, validation) = Blobs(60, seed: 1).Split(0.25, 2);
        var trainer = new Trainer(NewNetwork(), new TestSgd(0.1f), new TrainerOptions { Epochs = 10, Validation = validation, Log = log });
        trainer.Fit(train);

        string[] lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Matches(new Regex(@"^epoch  1/10  loss \d+\.\d{4}  acc \d+\.\d{2}%  val_loss \d+\.\d{4}  val_acc \d+\.\d{2}%  lr 0\.1000  \d+\.\d{2}s$"), lines[0]);
        Assert.StartsWith("epoch 10/10  ", lines[9]);
    }

    [Fact]
    public void Fit_RegressionWithoutLabels_HasNoAccuracy()
    {
        // y = 2x − 1, one input, one output, MSE.
        var features = Enumerable.Range(0, 40).Select(i => i / 20f - 1).ToArray();
        var targets = features.Select(x => 2 * x - 1).ToArray();
        var network = new SoftmaxRegressionNetwork(1, 1, LossKind.MeanSquaredError);
        var log = new StringWriter();
        var history = new Trainer(network, new TestSgd(0.2f), new TrainerOptions { Epochs = 30, BatchSize = 8, Log = log })
            .Fit(new Dataset(features, 1, targets, 1));

        Assert.True(float.IsNaN(history.Last.Accuracy));
        Assert.DoesNotContain("acc", log.ToString());
        Assert.True(history.Last.Loss < 1e-3f, $"loss {history.Last.Loss}");
        Assert.Equal(2f, network.Parameters[0], 1);
        Assert.Equal(-1f, network.Parameters[1], 1);
    }

    [Theory]
    [InlineData(LossKind.BinaryCrossEntropyWithLogits, 1.0f)]  // logit threshold 0: all four right
    [InlineData(LossKind.MeanSquaredError, 0.75f)]             // threshold 0.5: 0.3 counts as class 0
    public void Evaluate_SingleOutput_UsesTheLossThreshold(LossKind loss, float expectedAccuracy)
    {
        var network = new SoftmaxRegressionNetwork(1, 1, loss);
        network.Parameters[0] = 1; // output = input
        var data = new Dataset([-2f, -0.5f, 0.3f, 2f], 1, [0f, 0, 1, 1], 1, [0, 0, 1, 1]);
        Assert.Equal(expectedAccuracy, Trainer.Evaluate(network, data, batchSize: 3).Accuracy);
    }

    [Fact]
    public void Evaluate_MatchesAHandComputedLossAcrossPartialBatches()
    {
        var network = NewNetwork();
        var data = Blobs(23, seed: 4);
        var outputs = new float[23 * 3];
        network.Predict(data.Features, outputs, 23);
        float expected = network.ComputeLoss(outputs, data.Targets, Span<float>.Empty, 23);
        Assert.Equal(expected, Trainer.Evaluate(network, data, batchSize: 5).Loss, 5);
    }

    [Fact]
    public void ArgMax_ReturnsTheFirstLargest()
    {
        Assert.Equal(2, Trainer.ArgMax([0.1f, -3, 5, 5, 1]));
        Assert.Equal(0, Trainer.ArgMax([7f]));
        Assert.Throws<ArgumentException>(() => Trainer.ArgMax([]));
    }
}

/// <summary>Batch norm on the blobs' 4 features, then a softmax regression.</summary>
[Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
[BatchNorm]
[Dense(3)]
public partial class BlobsBatchNormNet;
