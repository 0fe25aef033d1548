namespace NetGen.Tests.Training;

/// <summary>Class ids as targets: <see cref="Dataset.FromClassIds"/>, the ComputeLoss extension and the trainer's label path.</summary>
public class ClassIdTrainingTests
{
    private const int Features = 4, Classes = 3;

    /// <summary>Three Gaussian blobs in 4 dimensions, seeded: features and class ids.</summary>
    private static (float[] Features, int[] Labels) Blobs(int count, int seed)
    {
        float[,] centers = { { 3, 0, 0, 1 }, { -3, 2, 0, -1 }, { 0, -3, 2, 0 } };
        var random = new RandomSource(seed);
        var features = new float[count * Features];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (i * 7 + 1) % Classes;
            for (int j = 0; j < Features; j++) features[i * Features + j] = centers[labels[i], j] + 0.7f * random.NextGaussian();
        }
        return (features, labels);
    }

    /// <summary>Mean −log softmax(x)[label] per row, in double: the definition, independent of the runtime's loss code.</summary>
    private static double ReferenceCrossEntropy(float[] logits, int[] labels, int width)
    {
        double sum = 0;
        for (int b = 0; b < labels.Length; b++)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < width; i++) max = Math.Max(max, logits[b * width + i]);
            double sumExp = 0;
            for (int i = 0; i < width; i++) sumExp += Math.Exp(logits[b * width + i] - max);
            sum += -(logits[b * width + labels[b]] - max - Math.Log(sumExp));
        }
        return sum / labels.Length;
    }

    private static SoftmaxRegressionNetwork NewNetwork(LossKind loss = LossKind.SoftmaxCrossEntropy)
    {
        var network = new SoftmaxRegressionNetwork(Features, Classes, loss);
        network.InitializeParameters(42);
        return network;
    }

    [Fact]
    public void FromClassIds_HoldsTheLabelsWithoutTargetRows()
    {
        (float[] features, int[] labels) = Blobs(10, seed: 1);
        var data = Dataset.FromClassIds(features, Features, labels, Classes);
        Assert.True(data.TargetsAreLabels);
        Assert.Empty(data.Targets);
        Assert.Equal(10, data.Count);
        Assert.Equal(Classes, data.TargetSize);
        Assert.Same(labels, data.Labels);
        Assert.Same(features, data.Features);
        Assert.False(Dataset.FromLabels(features, Features, labels, Classes).TargetsAreLabels);
        var e = Assert.Throws<InvalidOperationException>(() => data.TargetRow(3));
        Assert.Contains("Labels[3]", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-1)]
    public void FromClassIds_LabelOutOfRange_ThrowsNamingTheSampleAndLabel(int bad)
    {
        int[] labels = [0, 2, bad, 1];
        var e = Assert.Throws<ArgumentException>(() => Dataset.FromClassIds(new float[4 * Features], Features, labels, Classes));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains($"Label {bad} of sample 2 is outside [0, 3)", e.Message);
    }

    [Fact]
    public void FromClassIds_FeaturesOfWrongLength_ThrowsWithExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset.FromClassIds(new float[4 * Features - 1], Features, [0, 1, 2, 0], Classes));
        Assert.Equal("features", e.ParamName);
        Assert.Contains("4 labels x 4 = 16, but is 15", e.Message);
    }

    [Fact]
    public void SplitAndSubset_KeepClassIds()
    {
        (float[] features, int[] labels) = Blobs(20, seed: 2);
        var data = Dataset.FromClassIds(features, Features, labels, Classes);
        var subset = data.Subset([5, 0, 19]);
        Assert.True(subset.TargetsAreLabels);
        Assert.Equal([labels[5], labels[0], labels[19]], subset.Labels!);
        Assert.Equal(features.AsSpan(19 * Features, Features).ToArray(), subset.FeatureRow(2).ToArray());

        var (train, test) = data.Split(0.25, seed: 3);
        Assert.True(train.TargetsAreLabels && test.TargetsAreLabels);
        Assert.Equal(15, train.Count);
        Assert.Equal(5, test.Count);
        // Every sample keeps its own label: find each test row among the originals by its features.
        for (int i = 0; i < test.Count; i++)
        {
            int origin = Enumerable.Range(0, 20).Single(j => features.AsSpan(j * Features, Features).SequenceEqual(test.FeatureRow(i)));
            Assert.Equal(labels[origin], test.Labels![i]);
        }
    }

    [Fact]
    public void ComputeLossWithLabels_MatchesTheDefinitionAndTheOneHotLoss()
    {
        var network = new BlobsClassIdNet();
        network.InitializeParameters(5);
        (float[] features, int[] labels) = Blobs(9, seed: 4);
        var outputs = new float[9 * Classes];
        network.Predict(features, outputs, 9);
        var oneHot = new float[outputs.Length];
        for (int b = 0; b < 9; b++) oneHot[b * Classes + labels[b]] = 1;

        var gradientLabels = new float[outputs.Length];
        var gradientRows = new float[outputs.Length];
        float withLabels = network.ComputeLoss(outputs, labels, gradientLabels, 9); // the extension: int labels
        float withRows = network.ComputeLoss(outputs, oneHot, gradientRows, 9);

        Assert.Equal(ReferenceCrossEntropy(outputs, labels, Classes), withLabels, 5);
        Assert.Equal(withRows, withLabels, 5);
        for (int i = 0; i < outputs.Length; i++) Assert.Equal(gradientRows[i], gradientLabels[i], 6);
    }

    [Fact]
    public void ComputeLossWithLabels_OtherLoss_Throws()
    {
        ITrainableNetwork network = NewNetwork(LossKind.MeanSquaredError);
        var e = Assert.Throws<ArgumentException>(() => network.ComputeLoss(new float[Classes], new[] { 1 }, Span<float>.Empty, 1));
        Assert.Contains("SoftmaxCrossEntropy", e.Message);
        Assert.Contains("MeanSquaredError", e.Message);
    }

    [Fact]
    public void Fit_ClassIds_TrainsLikeOneHotRows()
    {
        // The reference network computes its one-hot loss in its own scalar code; the class-id path goes through
        // the runtime's softmax cross-entropy: two implementations that must agree step by step.
        (float[] features, int[] labels) = Blobs(70, seed: 5);
        var options = new TrainerOptions { Epochs = 5, BatchSize = 16, Seed = 7, ValidationFraction = 0.2, Log = null };
        var rows = NewNetwork();
        var ids = NewNetwork();
        TrainingHistory rowHistory = new Trainer(rows, new Sgd(0.1f), options).Fit(Dataset.FromLabels(features, Features, labels, Classes));
        TrainingHistory idHistory = new Trainer(ids, new Sgd(0.1f), options).Fit(Dataset.FromClassIds(features, Features, labels, Classes));

        for (int i = 0; i < rows.Parameters.Length; i++) Assert.Equal(rows.Parameters[i], ids.Parameters[i], 4);
        for (int e = 0; e < 5; e++)
        {
            Assert.Equal(rowHistory.Epochs[e].Loss, idHistory.Epochs[e].Loss, 4);
            Assert.Equal(rowHistory.Epochs[e].ValidationLoss, idHistory.Epochs[e].ValidationLoss, 4);
            Assert.Equal(rowHistory.Epochs[e].Accuracy, idHistory.Epochs[e].Accuracy);
        }
        Assert.True(idHistory.Last.ValidationAccuracy > 0.9f, $"validation accuracy {idHistory.Last.ValidationAccuracy}");
    }

    [Fact]
    public void EvaluateClassIds_MatchesTheDefinition()
    {
        var network = NewNetwork();
        (float[] features, int[] labels) = Blobs(23, seed: 6);
        var outputs = new float[23 * Classes];
        network.Predict(features, outputs, 23);
        (float loss, float accuracy) = Trainer.Evaluate(network, Dataset.FromClassIds(features, Features, labels, Classes), batchSize: 5);
        Assert.Equal(ReferenceCrossEntropy(outputs, labels, Classes), loss, 5);
        int correct = Enumerable.Range(0, 23).Count(b => labels[b] == Array.IndexOf(outputs, outputs.AsSpan(b * Classes, Classes).ToArray().Max(), b * Classes) - b * Classes);
        Assert.Equal((float)correct / 23, accuracy);
    }

    [Fact]
    public void Fit_ClassIdsWithAnotherLoss_ThrowsBeforeTraining()
    {
        var network = NewNetwork(LossKind.MeanSquaredError);
        float[] before = network.Parameters.ToArray();
        (float[] features, int[] labels) = Blobs(10, seed: 7);
        var trainer = new Trainer(network, new Sgd(0.1f), new TrainerOptions { Log = null });
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(Dataset.FromClassIds(features, Features, labels, Classes)));
        Assert.Contains("SoftmaxCrossEntropy", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void TrainStepWithLabels_BadInput_ThrowsAndChangesNothing()
    {
        var network = NewNetwork();
        float[] before = network.Parameters.ToArray();
        var trainer = new Trainer(network, new Sgd(0.1f), new TrainerOptions { BatchSize = 4, Log = null });
        var inputs = new float[2 * Features];
        var e = Assert.Throws<ArgumentException>(() => trainer.TrainStep(inputs, [0, 3], 2));
        Assert.Contains("Label 3 of sample 1 is outside [0, 3)", e.Message);
        e = Assert.Throws<ArgumentException>(() => trainer.TrainStep(inputs, [0], 2));
        Assert.Contains("must be 2", e.Message);
        Assert.Contains("is 1", e.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void TrainStepWithLabels_EqualsTheOneHotStep()
    {
        (float[] features, int[] labels) = Blobs(8, seed: 8);
        var oneHot = Dataset.FromLabels(features, Features, labels, Classes).Targets;
        var rows = NewNetwork();
        var ids = NewNetwork();
        var options = new TrainerOptions { BatchSize = 8, Log = null };
        float rowLoss = new Trainer(rows, new Sgd(0.5f), options).TrainStep(features, oneHot, 8);
        float idLoss = new Trainer(ids, new Sgd(0.5f), options).TrainStep(features, labels, 8);
        Assert.Equal(rowLoss, idLoss, 5);
        for (int i = 0; i < rows.Parameters.Length; i++) Assert.Equal(rows.Parameters[i], ids.Parameters[i], 5);
    }

    [Fact]
    public void ClassIdStepsAndEpochs_AllocateNothingAfterWarmUp()
    {
        var network = new BlobsClassIdNet();
        network.InitializeParameters(1);
        (float[] features, int[] labels) = Blobs(50, seed: 9); // 50 / 16: a partial last batch too
        var data = Dataset.FromClassIds(features, Features, labels, Classes);
        var trainer = new Trainer(network, new Adam(1e-2f), new TrainerOptions { BatchSize = 16, Log = null });
        var inputs = features.AsSpan(0, 16 * Features).ToArray();
        var batchLabels = labels.AsSpan(0, 16).ToArray();
        for (int i = 0; i < 20; i++)
        {
            trainer.RunEpoch(data);
            trainer.TrainStep(inputs, batchLabels, 16);
            trainer.Evaluate(data);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) trainer.TrainStep(inputs, batchLabels, 16);
        long steps = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) trainer.RunEpoch(data);
        trainer.Evaluate(data);
        long epochs = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, steps);
        Assert.Equal(0, epochs);
    }
}

/// <summary>A generated softmax classifier of the blobs: the ComputeLoss extension on generated code.</summary>
[Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(8, Activation = Activation.ReLU)]
[Dense(3)]
public partial class BlobsClassIdNet;
