using Xunit;

namespace NetGen.Tests.Training;

/// <summary>
/// Training that meets a NaN or infinite loss or gradient stops loudly (or skips the batch when asked), never
/// returning with non-finite parameters: on the digits data and the generated digits MLP.
/// </summary>
public class DivergenceTests
{
    private static Dataset Digits()
    {
        LabeledData digits = SklearnCsv.ReadWithoutHeader(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
        var data = Dataset.FromLabels(digits.Features, digits.FeatureCount, digits.Labels, 10);
        data.ScaleFeatures(1f / 16);
        return data;
    }

    /// <summary>A squared-error MLP: unlike softmax cross-entropy, whose gradients stay bounded, its error feeds back into ever larger steps.</summary>
    private static DigitsMseMlp NewMseMlp()
    {
        var network = new DigitsMseMlp();
        network.InitializeParameters(7);
        return network;
    }

    private static DigitsMlp NewMlp()
    {
        var network = new DigitsMlp();
        network.InitializeParameters(7);
        return network;
    }

    /// <summary>A sane rate for the first epochs, then one that blows the parameters up.</summary>
    private sealed class ExplodingSchedule(int explodeAt) : LearningRateSchedule
    {
        public override float At(int epoch) => epoch < explodeAt ? 0.05f : 1e6f;
    }

    private static void AssertFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++) Assert.True(float.IsFinite(values[i]), $"value {i} is {values[i]}");
    }

    [Fact]
    public void HugeLearningRate_ThrowsNamingEpochBatchAndValue_AndLeavesFiniteParameters()
    {
        var network = NewMseMlp();
        var trainer = new Trainer(network, new Sgd(1e6f), new TrainerOptions { Epochs = 5, BatchSize = 32, Seed = 1, Log = null });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Digits()));

        Assert.Equal(0, e.Epoch);
        Assert.NotNull(e.Batch);
        Assert.False(float.IsFinite(e.Value));
        Assert.Equal((double)e.Value, e.OffendingNumber);
        Assert.Contains($"in epoch 1/5, batch {e.Batch + 1}/57", e.Message);
        Assert.Contains("learning rate too high", e.Message);
        Assert.Contains("The parameters are those after the last finite step.", e.Message);
        Assert.False(e.RestoredBestWeights);
        Assert.Empty(e.History!.Epochs);
        AssertFinite(network.Parameters); // the failing batch never reached the optimizer
    }

    [Fact]
    public void DivergenceWithEarlyStopping_RestoresTheBestEpochsWeightsBitForBit()
    {
        var options = new TrainerOptions { Epochs = 10, BatchSize = 32, Seed = 3, EarlyStoppingPatience = 3, Schedule = new ExplodingSchedule(explodeAt: 3), Log = null };
        var network = NewMseMlp();
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(network, new Sgd(0.05f), options).Fit(Digits()));

        // The same three sane epochs without the explosion: the best epoch's weights, by the same arithmetic.
        var reference = NewMseMlp();
        TrainingHistory sane = new Trainer(reference, new Sgd(0.05f), new TrainerOptions
        {
            Epochs = 3, BatchSize = 32, Seed = 3, EarlyStoppingPatience = 3, Schedule = new ExplodingSchedule(explodeAt: 3), Log = null,
        }).Fit(Digits());

        Assert.Equal(3, e.Epoch);
        Assert.Equal(sane.BestEpoch, e.BestEpoch);
        Assert.True(e.RestoredBestWeights);
        Assert.Contains($"The weights of epoch {sane.BestEpoch + 1}, the best so far, were restored.", e.Message);
        Assert.Equal(3, e.History!.Epochs.Count);
        Assert.True(e.History.RestoredBestWeights);
        Assert.Equal(reference.Parameters.ToArray(), network.Parameters.ToArray());
    }

    [Fact]
    public void NaNFeature_IsReportedWithItsSampleAndFeature_BeforeAnyStep()
    {
        Dataset data = Digits();
        data.Features[100 * 64 + 5] = float.NaN;
        var network = NewMlp();
        float[] before = network.Parameters.ToArray();
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { Epochs = 2, Log = null });

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(data));

        Assert.Equal("train", e.ParamName);
        Assert.StartsWith("Feature 5 of sample 100 of the training data is NaN; expected finite values.", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void NaNFeature_InRunEpoch_ThrowsNamingEpochlessBatchAndSample()
    {
        // ReLU maps a NaN input to 0, so the loss can stay finite: the data itself is checked per batch.
        Dataset data = Digits();
        data.Features[100 * 64 + 5] = float.NaN;
        var trainer = new Trainer(NewMlp(), new Adam(1e-3f), new TrainerOptions { Seed = 4, Log = null });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.RunEpoch(data));

        Assert.Equal(NonFiniteQuantity.Data, e.Quantity);
        Assert.Equal(100, e.Sample);
        Assert.Null(e.Epoch);
        Assert.Matches(@"^Feature 5 of sample 100 of the training data is NaN in batch \d+/57\. The parameters are those after the last finite step\.$", e.Message);
    }

    [Fact]
    public void InfiniteTarget_InValidationData_IsRejectedBeforeTraining()
    {
        Dataset data = Digits();
        var (train, validation) = data.Split(0.2, seed: 1);
        validation.Targets[40 * 10 + 3] = float.PositiveInfinity;
        var trainer = new Trainer(NewMlp(), new Adam(1e-3f), new TrainerOptions { Epochs = 2, Validation = validation, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = null });

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(train));

        Assert.Equal("options.Validation", e.ParamName);
        Assert.StartsWith("Target 3 of sample 40 of the validation data is Infinity; expected finite values. Fix the data.", e.Message);
    }

    [Fact]
    public void ValidationLossOverflow_AfterAnEpoch_ThrowsAsValidationLoss()
    {
        // Validation targets of 1e30: finite data, but a squared error beyond the float range.
        var (train, validation) = Digits().Split(0.2, seed: 1);
        Array.Fill(validation.Targets, 1e30f);
        var trainer = new Trainer(NewMseMlp(), new Sgd(0.01f), new TrainerOptions { Epochs = 2, Validation = validation, Log = null });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(train));

        Assert.Equal(NonFiniteQuantity.ValidationLoss, e.Quantity);
        Assert.Equal(0, e.Epoch);
        Assert.Equal(0, e.Batch);
        Assert.StartsWith("The validation loss is Infinity in epoch 1/2, batch 1/12: the data and parameters are finite, but the outputs overflowed", e.Message);
    }

    [Fact]
    public void Evaluate_NaNInData_ThrowsNamingBatchAndSample_InsteadOfReturningNaN()
    {
        var network = NewMlp();
        Dataset data = Digits();
        data.Features[70 * 64] = float.NaN;
        float[] before = network.Parameters.ToArray();

        var e = Assert.Throws<TrainingDivergedException>(() => Trainer.Evaluate(network, data, batchSize: 64));

        Assert.Null(e.Epoch);
        Assert.Equal(1, e.Batch);
        Assert.Equal(70, e.Sample);
        Assert.Equal(NonFiniteQuantity.Data, e.Quantity);
        Assert.StartsWith("Feature 0 of sample 70 of the data is NaN in batch 2/29.", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void SkipBatch_LeavesBadBatchesOut_CountsThem_AndTrainingContinues()
    {
        Dataset data = Digits();
        data.Features[250 * 64 + 10] = float.NaN;
        var log = new StringWriter();
        var network = NewMlp();
        var trainer = new Trainer(network, new Adam(3e-3f), new TrainerOptions { Epochs = 3, Seed = 2, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = log });

        TrainingHistory history = trainer.Fit(data);

        Assert.Equal(3, history.Epochs.Count);
        Assert.All(history.Epochs, epoch => Assert.Equal(1, epoch.SkippedBatches)); // the one batch holding sample 250
        Assert.Equal(3, history.SkippedBatches);
        Assert.All(history.Epochs, epoch => Assert.True(float.IsFinite(epoch.Loss)));
        Assert.True(history.Last.Accuracy > 0.9f, $"accuracy {history.Last.Accuracy}");
        AssertFinite(network.Parameters);
        Assert.Contains("skipped 1 non-finite batch", log.ToString());
    }

    [Fact]
    public void SkippedStep_ChangesNeitherParametersNorOptimizerNorRunningStatistics()
    {
        // Adam's moments and step count: a run with a skipped batch between two good ones must equal a run without it.
        Dataset data = Digits();
        float[] good1 = data.Features[..(32 * 64)], good2 = data.Features[(32 * 64)..(64 * 64)];
        float[] targets1 = data.Targets[..(32 * 10)], targets2 = data.Targets[(32 * 10)..(64 * 10)];
        float[] bad = (float[])good2.Clone();
        bad[3] = float.NegativeInfinity;
        var options = new TrainerOptions { BatchSize = 32, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = null };

        var skipping = NewMlp();
        var skippingAdam = new Adam(1e-2f);
        var trainer = new Trainer(skipping, skippingAdam, options);
        trainer.TrainStep(good1, targets1, 32);
        float[] beforeBad = skipping.Parameters.ToArray();
        float loss = trainer.TrainStep(bad, targets2, 32);
        Assert.True(trainer.LastStepSkipped);
        Assert.False(float.IsFinite(loss));
        Assert.Equal(beforeBad, skipping.Parameters.ToArray());
        Assert.Equal(1, skippingAdam.StepCount);
        trainer.TrainStep(good2, targets2, 32);
        Assert.False(trainer.LastStepSkipped);

        var plain = NewMlp();
        var plainTrainer = new Trainer(plain, new Adam(1e-2f), options);
        plainTrainer.TrainStep(good1, targets1, 32);
        plainTrainer.TrainStep(good2, targets2, 32);
        Assert.Equal(plain.Parameters.ToArray(), skipping.Parameters.ToArray());

        // Batch norm's training forward updates the running statistics; a skipped batch must put them back.
        var normalized = new BlobsBatchNormNet();
        normalized.InitializeParameters(1);
        var normalizedTrainer = new Trainer(normalized, new Sgd(0.1f), new TrainerOptions { BatchSize = 4, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = null });
        float[] inputs = [1, 2, 3, 4, 0, 1, 0, 1, 2, 2, 2, 2, -1, 0, 1, 5];
        float[] onehot = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0];
        normalizedTrainer.TrainStep(inputs, onehot, 4);
        float[] state = normalized.State.ToArray();
        inputs[6] = float.NaN;
        normalizedTrainer.TrainStep(inputs, onehot, 4);
        Assert.True(normalizedTrainer.LastStepSkipped);
        Assert.Equal(state, normalized.State.ToArray());
    }

    [Fact]
    public void SkipBatch_WhenEveryBatchFails_StillThrows()
    {
        var network = NewMseMlp(); // tanh passes the NaN on to the loss
        network.Parameters[0] = float.NaN;
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { Epochs = 3, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = null });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Digits()));

        Assert.Equal(0, e.Epoch);
        Assert.Equal(0, e.Batch);
        Assert.Contains("The loss is NaN in epoch 1/3, batch 1/57: the parameters were already not finite before this batch.", e.Message);
        Assert.Contains("All 57 batches of the epoch were skipped", e.Message);
    }

    [Fact]
    public void NaNParameter_ReachesTheFirstLossAndStopsThere()
    {
        // ReLU propagates NaN (as PyTorch): a NaN weight is not hidden as 0, so the first batch's loss reports it.
        var network = NewMlp();
        network.Parameters[0] = float.NaN;
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { Epochs = 3, Log = null });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Digits()));

        Assert.Equal(NonFiniteQuantity.Loss, e.Quantity);
        Assert.Equal(0, e.Epoch);
        Assert.Equal(0, e.Batch);
        Assert.True(float.IsNaN(network.Parameters[0]));
    }

    [Theory]
    [InlineData(0f, float.NaN)]
    [InlineData(0f, float.PositiveInfinity)]
    [InlineData(1f, float.NaN)]
    [InlineData(1f, float.NegativeInfinity)]
    public void NonFiniteGradient_WithOrWithoutClipping_StopsBeforeTheOptimizer(float maxNorm, float poison)
    {
        var network = new GradientPoisoningNetwork(NewMlp()) { Index = 1234 };
        var trainer = new Trainer(network, new Sgd(0.1f), new TrainerOptions { BatchSize = 32, MaxGradientNorm = maxNorm, Log = null });
        Dataset data = Digits();
        float[] inputs = data.Features[..(32 * 64)], targets = data.Targets[..(32 * 10)];
        trainer.TrainStep(inputs, targets, 32);
        float[] before = network.Parameters.ToArray();

        network.Poison = poison;
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.TrainStep(inputs, targets, 32));

        Assert.Equal(NonFiniteQuantity.Gradients, e.Quantity);
        Assert.Equal(poison, e.Value);
        Assert.Null(e.Batch);
        Assert.StartsWith($"A gradient is {poison.ToString(System.Globalization.CultureInfo.InvariantCulture)}: ", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void FiniteChecks_KeepTrainStepAndEpochsAllocationFree_WithoutClippingAndWithState()
    {
        var (train, _) = Digits().Split(0.8, seed: 1);
        var network = new BlobsBatchNormNet();
        network.InitializeParameters(1);
        var blobs = Dataset.FromLabels(train.Features.AsSpan(0, 4 * 100).ToArray(), 4, [.. Enumerable.Range(0, 100).Select(i => i % 3)], 3);
        var trainer = new Trainer(network, new Adam(1e-3f), new TrainerOptions { BatchSize = 16, NonFiniteLoss = NonFinitePolicy.SkipBatch, Log = null });
        for (int i = 0; i < 5; i++) trainer.RunEpoch(blobs);
        trainer.Evaluate(blobs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) trainer.RunEpoch(blobs);
        trainer.Evaluate(blobs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

[Network(64, Loss = LossKind.MeanSquaredError)]
[Dense(32, Activation = Activation.Tanh)]
[Dense(10)]
public partial class DigitsMseMlp;
