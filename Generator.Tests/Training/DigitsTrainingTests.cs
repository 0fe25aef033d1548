namespace NetGen.Tests.Training;

[Network(64, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(64, Activation = Activation.ReLU)]
[Dense(10)]
public partial class DigitsMlp;

/// <summary>End to end on real data: the 8×8 digits shipped with scikit-learn, a generated MLP, Adam, the Trainer.</summary>
public class DigitsTrainingTests
{
    private static (Dataset Train, Dataset Test) LoadDigits()
    {
        LabeledData digits = SklearnCsv.ReadWithoutHeader(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz"));
        var data = Dataset.FromLabels(digits.Features, digits.FeatureCount, digits.Labels, 10);
        data.ScaleFeatures(1f / 16);
        return data.Split(0.2, seed: 42);
    }

    private static (float Accuracy, float[] Parameters) Train(int seed)
    {
        (Dataset train, Dataset test) = LoadDigits();
        var network = new DigitsMlp();
        network.InitializeParameters(seed);
        var trainer = new Trainer(network, new Adam(3e-3f), new TrainerOptions { Epochs = 25, BatchSize = 32, Seed = seed, Log = null });
        trainer.Fit(train);
        return (Trainer.Evaluate(network, test, 64).Accuracy, network.Parameters.ToArray());
    }

    [Fact]
    public void ReachesNinetyFivePercentOnHeldOutDigits()
    {
        (float accuracy, _) = Train(seed: 1);
        Assert.True(accuracy >= 0.95f, $"test accuracy {accuracy:P2}");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        Assert.Equal(Train(seed: 2).Parameters, Train(seed: 2).Parameters);
    }
}
