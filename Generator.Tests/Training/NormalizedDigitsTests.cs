using Xunit.Abstractions;

namespace NetGen.Tests.Training;

/// <summary>A small CNN with batch norm after the convolution and after the hidden Dense layer, on the 8×8 digits.</summary>
[Network(1, 8, 8, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(8, 3, Padding = 1, Activation = Activation.ReLU)]
[BatchNorm]
[MaxPool2D(2)]
[Flatten]
[Dense(32, Activation = Activation.ReLU)]
[BatchNorm]
[Dense(10)]
public partial class DigitsBatchNormCnn;

/// <summary>
/// End to end with batch norm on real data (scikit-learn's 8×8 digits): the Trainer's training forwards move the
/// running statistics, and evaluation (Predict) uses them. Measured 2026-11-28: 96.38% after 5 epochs (0.9 s), against
/// 94.99% for the same CNN without batch norm; 97.77% and 97.21% after 15 epochs (2.1 s and 2.2 s).
/// </summary>
public class NormalizedDigitsTests(ITestOutputHelper output)
{
    private static (Dataset Train, Dataset Test) LoadDigits()
    {
        LabeledData digits = SklearnCsv.ReadWithoutHeader(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
        var data = Dataset.FromLabels(digits.Features, digits.FeatureCount, digits.Labels, 10);
        data.ScaleFeatures(1f / 16);
        return data.Split(0.2, seed: 42);
    }

    private float Train(ITrainableNetwork network, int epochs)
    {
        (Dataset train, Dataset test) = LoadDigits();
        network.InitializeParameters(1);
        var trainer = new Trainer(network, new Adam(3e-3f), new TrainerOptions { Epochs = epochs, BatchSize = 32, Seed = 1, Log = null });
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        trainer.Fit(train);
        float accuracy = Trainer.Evaluate(network, test, 64).Accuracy;
        output.WriteLine($"{network.GetType().Name}: {epochs} epochs, test accuracy {accuracy:P2}, {System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds:F2} s");
        return accuracy;
    }

    [Fact]
    public void BatchNormCnnReachesNinetyFivePercentInFiveEpochs()
    {
        var network = new DigitsBatchNormCnn();
        float accuracy = Train(network, epochs: 5);
        Assert.True(accuracy >= 0.95f, $"test accuracy {accuracy:P2}");
        // Training moved the running statistics away from their start (mean 0, variance 1).
        Assert.Contains(network.Batchnorm0RunningMean.ToArray(), v => v != 0f);
        Assert.Contains(network.Batchnorm1RunningVar.ToArray(), v => v != 1f);
    }

    [Fact]
    public void ALastBatchOfOneSampleIsLeftOutRatherThanFailingTheBatchNorm()
    {
        (Dataset train, _) = LoadDigits();
        Dataset odd = train.Subset(Enumerable.Range(0, 65).ToArray()); // 2 batches of 32, then one of 1
        var network = new DigitsBatchNormCnn();
        network.InitializeParameters(1);
        var trainer = new Trainer(network, new Sgd(0.01f), new TrainerOptions { BatchSize = 32, Seed = 1, Log = null });
        (float loss, float accuracy) = trainer.RunEpoch(odd);
        Assert.True(float.IsFinite(loss));
        Assert.Equal(0, accuracy * 64 % 1, 3); // counted over the 64 samples trained on
    }
}
