using NetGen.Tests.Networks;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The convolutional networks' sizes and weight-file shapes (PyTorch's: conv weight [F, C, KH, KW], 1-D
/// [F, C, K]), counted by hand from ConvNetworks.cs; weight-file round trips; LeNet-5's hot paths allocate nothing.
/// </summary>
public class ConvShapeTests
{
    [Fact]
    public void LeNet5_SizesAndTensorShapes()
    {
        Assert.Equal(784, LeNet5.InputSize);
        Assert.Equal(10, LeNet5.OutputSize);
        // 6·25+6 + 16·6·25+16 + 120·400+120 + 84·120+84 + 10·84+10
        Assert.Equal(156 + 2416 + 48120 + 10164 + 850, LeNet5.ParameterCount);
        Assert.Equal(61706, LeNet5.ParameterCount);
        AssertShapes(new LeNet5(),
            ("conv0.weight", [6, 1, 5, 5]), ("conv0.bias", [6]), ("conv1.weight", [16, 6, 5, 5]), ("conv1.bias", [16]),
            ("dense0.weight", [120, 400]), ("dense0.bias", [120]), ("dense1.weight", [84, 120]), ("dense1.bias", [84]),
            ("dense2.weight", [10, 84]), ("dense2.bias", [10]));
    }

    [Fact]
    public void MaxPoolExample_HasNoParameters()
    {
        Assert.Equal(16, MaxPoolExample.InputSize);
        Assert.Equal(4, MaxPoolExample.OutputSize);
        Assert.Equal(0, MaxPoolExample.ParameterCount);
        Assert.Empty(new MaxPoolExample().Tensors);
    }

    [Fact]
    public void OddConvNet_SizesAndTensorShapes()
    {
        // [3,17,13] → conv 3×2 s2 p1 → [5, 9, 7] → conv 3×3 d2 p2 → [7, 9, 7] → avg 3 s2 p1 → [7, 5, 4] → 140 → 4
        Assert.Equal(3 * 17 * 13, OddConvNet.InputSize);
        Assert.Equal(4, OddConvNet.OutputSize);
        Assert.Equal(5 * 3 * 3 * 2 + 5 + 7 * 5 * 9 + 7 + 4 * 140 + 4, OddConvNet.ParameterCount);
        AssertShapes(new OddConvNet(),
            ("conv0.weight", [5, 3, 3, 2]), ("conv0.bias", [5]), ("conv1.weight", [7, 5, 3, 3]), ("conv1.bias", [7]),
            ("dense0.weight", [4, 140]), ("dense0.bias", [4]));
    }

    [Fact]
    public void SameConvNet_SizesAndTensorShapes()
    {
        // [2,9,11] → same s2 → [18, 5, 6] → max 2 s1 → [18, 4, 5] → 1×1 → [3, 4, 5] → global → [3]
        Assert.Equal(2 * 9 * 11, SameConvNet.InputSize);
        Assert.Equal(3, SameConvNet.OutputSize);
        Assert.Equal(18 * 2 * 9 + 3 * 18 + 3, SameConvNet.ParameterCount);
        AssertShapes(new SameConvNet(), ("conv0.weight", [18, 2, 3, 3]), ("conv1.weight", [3, 18, 1, 1]), ("conv1.bias", [3]));
    }

    [Fact]
    public void Conv1DNet_SizesAndTensorShapes()
    {
        // [4,30] → k5 p2 → [6, 30] → max 2 → [6, 15] → k3 s2 → [8, 7] → avg 2 → [8, 3] → 24 → 3
        Assert.Equal(120, Conv1DNet.InputSize);
        Assert.Equal(3, Conv1DNet.OutputSize);
        Assert.Equal(6 * 4 * 5 + 6 + 8 * 6 * 3 + 8 + 3 * 24 + 3, Conv1DNet.ParameterCount);
        AssertShapes(new Conv1DNet(),
            ("conv0.weight", [6, 4, 5]), ("conv0.bias", [6]), ("conv1.weight", [8, 6, 3]), ("conv1.bias", [8]),
            ("dense0.weight", [3, 24]), ("dense0.bias", [3]));
    }

    [Fact]
    public void ImageOutNet_OutputIsAnImage()
    {
        Assert.Equal(60, ImageOutNet.InputSize);
        Assert.Equal(2 * 6 * 5, ImageOutNet.OutputSize);
        Assert.Equal(4 * 2 * 9 + 4 + 2 * 4 * 9 + 2, ImageOutNet.ParameterCount);
        AssertShapes(new ImageOutNet(), ("conv0.weight", [4, 2, 3, 3]), ("conv0.bias", [4]), ("conv1.weight", [2, 4, 3, 3]), ("conv1.bias", [2]));
    }

    private static void AssertShapes(INetwork network, params (string Name, int[] Shape)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), network.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach ((string name, int[] shape) in expected) Assert.Equal(shape, network.Tensors.Single(t => t.Name == name).Shape);
        Assert.Equal(network.ParameterCount, network.Tensors.Sum(t => t.ElementCount));
    }

    public static TheoryData<string> Names => new() { "LeNet5", "OddConv", "SameConv", "Conv1D", "ImageOut", "SmoothConv", "SmoothConv1D" };

    [Theory]
    [MemberData(nameof(Names))]
    public void WeightFileRoundTripRestoresEveryParameterAndTheOutputs(string name)
    {
        (INetwork source, _) = NetworkCases.Create(name, seed: 5);
        using var stream = new MemoryStream();
        SaveWeights(source, stream);

        (INetwork target, _) = NetworkCases.Create(name, seed: 6);
        Assert.NotEqual(source.Parameters.ToArray(), target.Parameters.ToArray());
        stream.Position = 0;
        LoadWeights(target, stream);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());

        float[] input = NetworkCases.Uniform(3 * source.InputSize, seed: 9);
        float[] a = new float[3 * source.OutputSize], b = new float[a.Length];
        source.Predict(input, a, 3);
        target.Predict(input, b, 3);
        Assert.Equal(a, b);
    }

    [Fact]
    public void LeNet5WeightFileHoldsPyTorchLayout()
    {
        (INetwork network, _) = NetworkCases.Create("LeNet5", seed: 5);
        using var stream = new MemoryStream();
        SaveWeights(network, stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);
        foreach (TensorLayout tensor in network.Tensors)
        {
            SafetensorsTensor stored = file[tensor.Name];
            Assert.Equal(tensor.Shape, stored.Shape.ToArray());
            float[] values = stored.ToSingleArray();
            for (int row = 0; row < tensor.Rows; row++)
                for (int column = 0; column < tensor.Columns; column++)
                    Assert.Equal(network.Parameters[tensor.IndexOf(row, column)], values[row * tensor.Columns + column]);
        }
    }

    private static void SaveWeights(INetwork network, Stream stream) =>
        network.GetType().GetMethod("SaveWeights", [typeof(Stream)])!.Invoke(network, [stream]);

    private static void LoadWeights(INetwork network, Stream stream) =>
        network.GetType().GetMethod("LoadWeights", [typeof(Stream)])!.Invoke(network, [stream]);

    [Fact]
    public void LeNet5PredictAllocatesNothing()
    {
        var network = new LeNet5();
        network.InitializeParameters(1);
        float[] input = NetworkCases.Uniform(LeNet5.InputSize * 16, seed: 3), output = new float[LeNet5.OutputSize * 16];
        void Passes()
        {
            network.Predict(input.AsSpan(0, LeNet5.InputSize), output.AsSpan(0, LeNet5.OutputSize));
            network.Predict(input, output, 16);
            network.Predict(input.AsSpan(0, 5 * LeNet5.InputSize), output.AsSpan(0, 5 * LeNet5.OutputSize), 5);
        }

        for (int i = 0; i < 40; i++) Passes(); // past tiered compilation, whose transitions can allocate on this thread
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LeNet5TrainingStepAllocatesNothing(int threads)
    {
        var network = new LeNet5();
        using var runner = threads > 1 ? new ParallelRunner(threads) : null;
        network.Runner = runner;
        network.InitializeParameters(1);
        var optimizer = new Adam(1e-3f);
        const int batch = 16;
        float[] input = NetworkCases.Uniform(LeNet5.InputSize * batch, seed: 4), output = new float[LeNet5.OutputSize * batch];
        float[] targets = new float[output.Length], gradient = new float[output.Length], inputGradient = new float[input.Length];
        for (int b = 0; b < batch; b++) targets[b * LeNet5.OutputSize + b % LeNet5.OutputSize] = 1;

        void Step()
        {
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.ComputeLoss(output, targets, gradient, batch);
            network.Backward(gradient, inputGradient, batch);
            optimizer.Step(network.Parameters, network.Gradients);
        }

        for (int i = 0; i < 30; i++) Step(); // past tiered compilation, whose transitions can allocate on this thread
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
