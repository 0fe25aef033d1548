namespace NetGen.Tests.Networks;

/// <summary>A small CNN trained on one task, and the same base under a new head for another.</summary>
[Network(1, 12, 12, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(4, 3, Activation = Activation.ReLU, Name = "conv")]
[MaxPool2D(2)]
[Flatten]
[Dense(16, Activation = Activation.ReLU, Name = "features")]
[Dense(5, Name = "head")]
public partial class PretrainedNet;

/// <inheritdoc cref="PretrainedNet"/>
[Network(1, 12, 12, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(4, 3, Activation = Activation.ReLU, Name = "conv")]
[MaxPool2D(2)]
[Flatten]
[Dense(16, Activation = Activation.ReLU, Name = "features")]
[Dense(3, Name = "newhead")]
public partial class NewHeadNet;

/// <summary>Replacing a trained network's head: the base's weights arrive bit for bit, the new head keeps its own.</summary>
public class HeadReplacementTests
{
    private static MemoryStream TrainedBase(out PretrainedNet trained)
    {
        trained = new PretrainedNet();
        trained.InitializeParameters(1);
        var random = new Random(2);
        const int batch = 6;
        float[] input = new float[batch * PretrainedNet.InputSize], output = new float[batch * PretrainedNet.OutputSize];
        float[] targets = new float[output.Length], gradient = new float[output.Length];
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        for (int b = 0; b < batch; b++) targets[b * PretrainedNet.OutputSize + b % PretrainedNet.OutputSize] = 1;
        var optimizer = new Adam(1e-2f);
        for (int step = 0; step < 5; step++)
        {
            trained.ZeroGradients();
            trained.Forward(input, output, batch);
            trained.ComputeLoss(output, targets, gradient, batch);
            trained.Backward(gradient, Span<float>.Empty, batch);
            optimizer.Step(trained);
        }
        var file = new MemoryStream();
        trained.SaveWeights(file);
        file.Position = 0;
        return file;
    }

    [Fact]
    public void TheBaseArrivesBitForBitAndTheNewHeadIsKept()
    {
        using MemoryStream file = TrainedBase(out PretrainedNet trained);
        var transfer = new NewHeadNet();
        transfer.InitializeParameters(9);
        float[] head = transfer.NewheadWeight.ToArray(), headBias = transfer.NewheadBias.ToArray();

        transfer.LoadLayers(file, "conv", "features");

        Assert.Equal(trained.ConvWeight.ToArray(), transfer.ConvWeight.ToArray());
        Assert.Equal(trained.ConvBias.ToArray(), transfer.ConvBias.ToArray());
        Assert.Equal(trained.FeaturesWeight.ToArray(), transfer.FeaturesWeight.ToArray());
        Assert.Equal(trained.FeaturesBias.ToArray(), transfer.FeaturesBias.ToArray());
        Assert.Equal(head, transfer.NewheadWeight.ToArray());
        Assert.Equal(headBias, transfer.NewheadBias.ToArray());
    }

    [Fact]
    public void ALayerTheFileLacksIsReportedAndNothingChanges()
    {
        using MemoryStream file = TrainedBase(out _);
        var transfer = new NewHeadNet();
        transfer.InitializeParameters(9);
        float[] before = transfer.Parameters.ToArray();

        var error = Assert.Throws<WeightFileException>(() => transfer.LoadLayers(file, "conv", "newhead"));
        Assert.Contains("newhead.weight", error.Message);
        Assert.Equal(before, transfer.Parameters.ToArray());

        file.Position = 0;
        var unknown = Assert.Throws<ArgumentException>(() => transfer.LoadLayers(file, "conv", "head"));
        Assert.Contains("'head'", unknown.Message);
        Assert.Contains("newhead", unknown.Message);
        Assert.Equal(before, transfer.Parameters.ToArray());
    }

    [Fact]
    public void AFrozenBaseUnderANewHeadStaysAsLoaded()
    {
        using MemoryStream file = TrainedBase(out PretrainedNet trained);
        var transfer = new NewHeadNet();
        transfer.InitializeParameters(9);
        transfer.LoadLayers(file, "conv", "features");
        transfer.SetFrozen("conv", true);
        transfer.SetFrozen("features", true);
        float[] head = transfer.NewheadWeight.ToArray();
        const int batch = 4;
        float[] input = new float[batch * NewHeadNet.InputSize], output = new float[batch * NewHeadNet.OutputSize];
        float[] targets = new float[output.Length], gradient = new float[output.Length];
        for (int i = 0; i < input.Length; i++) input[i] = i % 7 / 7f;
        for (int b = 0; b < batch; b++) targets[b * NewHeadNet.OutputSize + b % NewHeadNet.OutputSize] = 1;
        var optimizer = new Sgd(0.1f, momentum: 0.9f);
        for (int step = 0; step < 3; step++)
        {
            transfer.ZeroGradients();
            transfer.Forward(input, output, batch);
            transfer.ComputeLoss(output, targets, gradient, batch);
            transfer.Backward(gradient, Span<float>.Empty, batch);
            optimizer.Step(transfer);
        }

        Assert.Equal(trained.ConvWeight.ToArray(), transfer.ConvWeight.ToArray());
        Assert.Equal(trained.FeaturesWeight.ToArray(), transfer.FeaturesWeight.ToArray());
        Assert.NotEqual(head, transfer.NewheadWeight.ToArray());
    }

    [Fact]
    public void ABatchNormLayerArrivesWithItsRunningStatistics()
    {
        var trained = new BatchNormMlp();
        trained.InitializeParameters(2);
        var random = new Random(3);
        float[] input = new float[4 * BatchNormMlp.InputSize];
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        trained.Forward(input, new float[4 * BatchNormMlp.OutputSize], 4); // moves the running statistics
        using var file = new MemoryStream();
        trained.SaveWeights(file);
        file.Position = 0;

        var transfer = new BatchNormMlp();
        transfer.InitializeParameters(9);
        transfer.LoadLayers(file, "bn_in", "dense0");

        Assert.Equal(trained.BnInRunningMean.ToArray(), transfer.BnInRunningMean.ToArray());
        Assert.Equal(trained.BnInRunningVar.ToArray(), transfer.BnInRunningVar.ToArray());
        Assert.Equal(trained.Dense0Weight.ToArray(), transfer.Dense0Weight.ToArray());
        Assert.NotEqual(trained.Dense1Weight.ToArray(), transfer.Dense1Weight.ToArray());
    }
}
