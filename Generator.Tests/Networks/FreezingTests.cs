namespace NetGen.Tests.Networks;

/// <summary>
/// Freezing layers by name: frozen parameters are neither given gradients nor updated, trainable layers
/// get exactly the gradients they get unfrozen, and a frozen base costs no backward work.
/// </summary>
public class FreezingTests
{
    private const int Batch = 5;

    private static (float[] Input, float[] Targets) Data(ITrainableNetwork network, int seed)
    {
        var random = new Random(seed);
        float[] input = new float[Batch * network.InputSize];
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        float[] targets = new float[Batch * network.OutputSize];
        for (int b = 0; b < Batch; b++) targets[b * network.OutputSize + random.Next(network.OutputSize)] = 1;
        return (input, targets);
    }

    /// <summary>One training step (forward, loss, backward, optimizer) on <paramref name="batch"/> samples; the freezing tests of every layer family use it.</summary>
    internal static void Step(ITrainableNetwork network, Optimizer optimizer, float[] input, float[] targets, Span<float> inputGradient, int batch = Batch)
    {
        float[] output = new float[batch * network.OutputSize], gradient = new float[output.Length];
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.ComputeLoss(output, targets, gradient, batch);
        network.Backward(gradient, inputGradient, batch);
        optimizer.Step(network);
    }

    [Fact]
    public void FrozenLayersKeepTheirWeightsBitForBit()
    {
        var network = new LeNet5();
        network.InitializeParameters(3);
        network.SetFrozen("conv0", true);
        network.SetFrozen("conv1", true);
        float[] conv0 = network.Conv0Weight.ToArray(), conv1 = network.Conv1Weight.ToArray(), conv1Bias = network.Conv1Bias.ToArray();
        float[] dense0 = network.Dense0Weight.ToArray();
        (float[] input, float[] targets) = Data(network, 7);
        var optimizer = new Adam(1e-2f, weightDecay: 0.1f); // decay would move frozen weights if they were stepped

        for (int i = 0; i < 3; i++) Step(network, optimizer, input, targets, Span<float>.Empty);

        Assert.Equal(conv0, network.Conv0Weight.ToArray());
        Assert.Equal(conv1, network.Conv1Weight.ToArray());
        Assert.Equal(conv1Bias, network.Conv1Bias.ToArray());
        Assert.All(network.Conv0WeightGradient.ToArray(), g => Assert.Equal(0f, g));
        Assert.All(network.Conv1WeightGradient.ToArray(), g => Assert.Equal(0f, g));
        Assert.NotEqual(dense0, network.Dense0Weight.ToArray());
        Assert.True(network.IsFrozen("conv0"));
        Assert.False(network.IsFrozen("dense0"));
    }

    [Fact]
    public void TrainableLayersGetTheGradientsTheyGetUnfrozen()
    {
        var frozen = new LeNet5();
        var reference = new LeNet5();
        frozen.InitializeParameters(5);
        reference.InitializeParameters(5);
        frozen.SetFrozen("conv0", true);
        frozen.SetFrozen("dense1", true);
        (float[] input, float[] targets) = Data(frozen, 8);
        float[] frozenInputGradient = new float[input.Length], referenceInputGradient = new float[input.Length];

        Step(frozen, new Sgd(0f), input, targets, frozenInputGradient);
        Step(reference, new Sgd(0f), input, targets, referenceInputGradient);

        Assert.Equal(reference.Conv1WeightGradient.ToArray(), frozen.Conv1WeightGradient.ToArray());
        Assert.Equal(reference.Dense0WeightGradient.ToArray(), frozen.Dense0WeightGradient.ToArray());
        Assert.Equal(reference.Dense2BiasGradient.ToArray(), frozen.Dense2BiasGradient.ToArray());
        // Asked for, the input gradient still flows through frozen layers.
        Assert.Equal(referenceInputGradient, frozenInputGradient);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AFrozenBaseSkipsItsBackwardWork(int threads)
    {
        // With the whole base frozen and no input gradient asked for, Backward leaves every gradient below the
        // head untouched: poison them and check they survive.
        var network = new W1Mlp();
        using var runner = threads > 1 ? new ParallelRunner(threads) { MinimumWork = 0 } : null;
        network.Runner = runner;
        network.InitializeParameters(2);
        network.SetFrozen("fc1", true);
        network.SetFrozen("fc2", true);
        (float[] input, float[] targets) = Data(network, 9);
        float[] output = new float[Batch * W1Mlp.OutputSize], gradient = new float[output.Length];
        network.Forward(input, output, Batch);
        network.ComputeLoss(output, targets, gradient, Batch);
        network.Gradients.Fill(float.NaN);
        network.Fc3WeightGradient.Clear();
        network.Fc3BiasGradient.Clear();

        network.Backward(gradient, Span<float>.Empty, Batch);

        Assert.All(network.Fc1WeightGradient.ToArray(), g => Assert.True(float.IsNaN(g)));
        Assert.All(network.Fc2BiasGradient.ToArray(), g => Assert.True(float.IsNaN(g)));
        Assert.Contains(network.Fc3WeightGradient.ToArray(), g => g != 0f);
    }

    [Fact]
    public void TrainableRangesLeaveFrozenLayersOutAndMergeNeighbours()
    {
        var network = new W1Mlp();
        Assert.Equal([new ParameterRange(0, W1Mlp.ParameterBufferLength)], network.TrainableRanges.ToArray());
        network.SetFrozen("fc2", true);
        ParameterRange[] ranges = network.TrainableRanges.ToArray();
        Assert.Equal(2, ranges.Length);
        Assert.Equal(0, ranges[0].Offset);
        Assert.Equal(W1Mlp.ParameterBufferLength, ranges[1].Offset + ranges[1].Length);
        network.SetFrozen("fc2", false);
        Assert.Equal([new ParameterRange(0, W1Mlp.ParameterBufferLength)], network.TrainableRanges.ToArray());
        network.SetFrozen("fc1", true);
        network.SetFrozen("fc2", true);
        network.SetFrozen("fc3", true);
        Assert.Empty(network.TrainableRanges.ToArray());
    }

    [Fact]
    public void AnUnknownLayerNameIsRejectedWithTheKnownNames()
    {
        var network = new W1Mlp();
        var error = Assert.Throws<ArgumentException>(() => network.SetFrozen("fc4", true));
        Assert.Contains("'fc4'", error.Message);
        Assert.Contains("fc1, fc2, fc3", error.Message);
        Assert.Throws<ArgumentException>(() => network.IsFrozen("flatten0"));
        Assert.Equal([new ParameterRange(0, W1Mlp.ParameterBufferLength)], network.TrainableRanges.ToArray());
    }

    [Fact]
    public void ATrainingStepWithAFrozenBaseAllocatesNothing()
    {
        var network = new LeNet5();
        network.InitializeParameters(1);
        network.SetFrozen("conv0", true);
        network.SetFrozen("conv1", true);
        var optimizer = new Adam();
        (float[] input, float[] targets) = Data(network, 4);
        float[] output = new float[Batch * LeNet5.OutputSize], gradient = new float[output.Length];

        void Run()
        {
            network.ZeroGradients();
            network.Forward(input, output, Batch);
            network.ComputeLoss(output, targets, gradient, Batch);
            network.Backward(gradient, Span<float>.Empty, Batch);
            optimizer.Step(network);
        }

        for (int i = 0; i < 40; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

/// <summary>Freezing the lower layers of recurrent and embedding networks.</summary>
public class RecurrentFreezingTests
{
    [Fact]
    public void AFrozenLowerLstmKeepsItsWeightsAndTheUpperOneGetsItsUsualGradients()
    {
        var frozen = new StackedLstm();
        var reference = new StackedLstm();
        frozen.InitializeParameters(4);
        reference.InitializeParameters(4);
        frozen.SetFrozen("lower", true);
        const int batch = 3;
        var random = new Random(6);
        float[] input = new float[batch * StackedLstm.InputSize], targets = new float[batch * StackedLstm.OutputSize];
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble() - 0.5f;
        for (int i = 0; i < targets.Length; i++) targets[i] = (float)random.NextDouble();
        float[] lower = frozen.Parameters.ToArray();

        foreach (ITrainableNetwork network in new ITrainableNetwork[] { frozen, reference }) FreezingTests.Step(network, new Sgd(0.1f), input, targets, Span<float>.Empty, batch);

        int lowerEnd = frozen.TrainableRanges[0].Offset; // "lower" owns the start of the buffer
        Assert.True(lowerEnd > 0);
        Assert.Equal(lower.AsSpan(0, lowerEnd).ToArray(), frozen.Parameters[..lowerEnd].ToArray());
        Assert.All(frozen.Gradients[..lowerEnd].ToArray(), g => Assert.Equal(0f, g));
        Assert.Equal(reference.Gradients[lowerEnd..].ToArray(), frozen.Gradients[lowerEnd..].ToArray());
        Assert.Equal(reference.Parameters[lowerEnd..].ToArray(), frozen.Parameters[lowerEnd..].ToArray());
    }

    [Fact]
    public void AFrozenEmbeddingGetsNoTableGradient()
    {
        var network = new EmbeddingGru();
        network.InitializeParameters(2);
        network.SetFrozen("embedding0", true);
        const int batch = 2;
        float[] ids = [1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10, 0];
        float[] output = new float[batch * EmbeddingGru.OutputSize], gradient = new float[output.Length];
        float[] targets = [1, 0, 0, 0, 1, 0];
        network.ZeroGradients();
        network.Forward(ids, output, batch);
        network.ComputeLoss(output, targets, gradient, batch);
        network.Backward(gradient, Span<float>.Empty, batch);
        int tableEnd = network.TrainableRanges[0].Offset;
        Assert.True(tableEnd > 0);
        Assert.All(network.Gradients[..tableEnd].ToArray(), g => Assert.Equal(0f, g));
        Assert.Contains(network.Gradients[tableEnd..].ToArray(), g => g != 0f);
    }
}

/// <summary>Freezing normalization layers and the layers around them.</summary>
public class NormalizationFreezingTests
{
    [Fact]
    public void AFrozenBaseWithBatchNormStaysAsItWasAndTheHeadGetsItsUsualGradients()
    {
        var frozen = new BatchNormMlp();
        var reference = new BatchNormMlp();
        frozen.InitializeParameters(8);
        reference.InitializeParameters(8);
        foreach (string layer in new[] { "bn_in", "dense0", "batchnorm1" }) frozen.SetFrozen(layer, true);
        const int batch = 5;
        float[] input = NumericsInput(batch * BatchNormMlp.InputSize), targets = NumericsInput(batch * BatchNormMlp.OutputSize);
        float[] before = frozen.Parameters.ToArray();

        foreach (ITrainableNetwork network in new ITrainableNetwork[] { frozen, reference }) FreezingTests.Step(network, new Adam(1e-2f), input, targets, Span<float>.Empty, batch);

        int headStart = frozen.TrainableRanges[0].Offset;
        Assert.Single(frozen.TrainableRanges.ToArray());
        Assert.Equal(before[..headStart], frozen.Parameters[..headStart].ToArray());
        Assert.Equal(reference.Dense1WeightGradient.ToArray(), frozen.Dense1WeightGradient.ToArray());
        Assert.Equal(reference.Dense1Weight.ToArray(), frozen.Dense1Weight.ToArray());
        Assert.All(frozen.Dense0WeightGradient.ToArray(), g => Assert.Equal(0f, g));
        // Running statistics are state, not parameters: training forward still updates them.
        Assert.Equal(reference.State.ToArray(), frozen.State.ToArray());
    }

    private static float[] NumericsInput(int length)
    {
        var random = new Random(length);
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble() * 2 - 1;
        return values;
    }
}
