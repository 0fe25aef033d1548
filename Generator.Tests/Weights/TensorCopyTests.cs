using NetGen.Tests.Networks;
using NetGen.Tests.Numerics;

namespace NetGen.Tests.Weights;

/// <summary>
/// <see cref="NetworkTensors.CopyTensor(INetwork, string, Span{float}, TensorSource)"/> and <see cref="WeightFile.SaveGradients(ITrainableNetwork, Stream)"/>:
/// each tensor's values and gradient come out row-major in its file (PyTorch) shape, checked element by element against the
/// network's named views read by hand and against <see cref="TensorLayout.IndexOf"/>.
/// </summary>
public class TensorCopyTests
{
    /// <summary>Every float of both buffers distinct (and different between them), so a misplaced element cannot go unnoticed.</summary>
    private static void FillDistinct(ITrainableNetwork network)
    {
        Span<float> parameters = network.Parameters, gradients = network.Gradients, state = network.State;
        for (int i = 0; i < parameters.Length; i++) parameters[i] = i + 0.25f;
        for (int i = 0; i < gradients.Length; i++) gradients[i] = -i - 0.5f;
        for (int i = 0; i < state.Length; i++) state[i] = 1000 + i;
    }

    /// <summary>File element (row, column) of every tensor, from its layout by hand, for values and (parameters only) gradients.</summary>
    private static void AssertMatchesIndexOf(ITrainableNetwork network)
    {
        foreach (TensorLayout tensor in network.Tensors)
        {
            float[] values = network.CopyTensor(tensor.Name);
            ReadOnlySpan<float> buffer = tensor.Buffer == TensorBuffer.State ? network.State : network.Parameters;
            Assert.Equal(tensor.ElementCount, values.Length);
            for (int row = 0; row < tensor.Rows; row++)
            {
                for (int column = 0; column < tensor.Columns; column++) Assert.Equal(buffer[tensor.IndexOf(row, column)], values[row * tensor.Columns + column]);
            }
            if (tensor.Buffer == TensorBuffer.State) continue;
            var gradient = new float[tensor.ElementCount];
            network.CopyTensor(tensor.Name, gradient, TensorSource.Gradients);
            for (int row = 0; row < tensor.Rows; row++)
            {
                for (int column = 0; column < tensor.Columns; column++) Assert.Equal(network.Gradients[tensor.IndexOf(row, column)], gradient[row * tensor.Columns + column]);
            }
        }
    }

    [Fact]
    public void DenseWeightComesOutAsOutputsByInputs()
    {
        var network = new TanhNet();
        FillDistinct(network);
        TensorLayout layout = network.GetTensor("dense0.weight");
        Assert.Equal([23, 37], layout.Shape.ToArray());
        int padded = network.Dense0Weight.Length / 37; // the view is [37 inputs, padded outputs]

        float[] weight = network.CopyTensor("dense0.weight");
        float[] gradient = network.CopyTensor("dense0.weight", TensorSource.Gradients);
        for (int o = 0; o < 23; o++)
        {
            for (int i = 0; i < 37; i++)
            {
                Assert.Equal(network.Dense0Weight[i * padded + o], weight[o * 37 + i]);
                Assert.Equal(network.Dense0WeightGradient[i * padded + o], gradient[o * 37 + i]);
            }
        }
        Assert.Equal(network.Dense0BiasGradient.ToArray(), network.CopyTensor("dense0.bias", TensorSource.Gradients));
        AssertMatchesIndexOf(network);
    }

    [Fact]
    public void ConvWeightComesOutAsFiltersChannelsRowsColumns()
    {
        var network = new OddConvNet(); // conv0: 5 filters over 3 channels, a 3×2 kernel
        FillDistinct(network);
        TensorLayout layout = network.GetTensor("conv0.weight");
        Assert.Equal([5, 3, 3, 2], layout.Shape.ToArray());
        int padded = network.Conv0Weight.Length / (3 * 3 * 2); // the view is [(tap, channel) rows, padded filters]

        float[] weight = network.CopyTensor("conv0.weight");
        var gradient = new float[layout.ElementCount];
        network.CopyTensor("conv0.weight", gradient, TensorSource.Gradients);
        for (int f = 0; f < 5; f++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int kh = 0; kh < 3; kh++)
                {
                    for (int kw = 0; kw < 2; kw++)
                    {
                        int file = ((f * 3 + c) * 3 + kh) * 2 + kw;
                        int view = ((kh * 2 + kw) * 3 + c) * padded + f;
                        Assert.Equal(network.Conv0Weight[view], weight[file]);
                        Assert.Equal(network.Conv0WeightGradient[view], gradient[file]);
                    }
                }
            }
        }
        AssertMatchesIndexOf(network);
    }

    [Fact]
    public void LstmWeightsComeOutAsGatesByInputs()
    {
        var network = new Lstm7x5(); // 7 features, hidden 5: 4 gate blocks of 5 columns
        FillDistinct(network);
        Assert.Equal([20, 7], network.GetTensor("lstm0.weight_ih_l0").Shape.ToArray());
        int gateStride = network.Lstm0InputWeight.Length / 7; // the view is [7 inputs, gate stride]

        float[] inputWeight = network.CopyTensor("lstm0.weight_ih_l0", TensorSource.Gradients);
        float[] recurrentWeight = network.CopyTensor("lstm0.weight_hh_l0", TensorSource.Gradients);
        for (int g = 0; g < 20; g++)
        {
            for (int f = 0; f < 7; f++) Assert.Equal(network.Lstm0InputWeightGradient[f * gateStride + g], inputWeight[g * 7 + f]);
            for (int h = 0; h < 5; h++) Assert.Equal(network.Lstm0RecurrentWeightGradient[h * gateStride + g], recurrentWeight[g * 5 + h]);
        }
        Assert.Equal(network.Lstm0InputBias.ToArray(), network.CopyTensor("lstm0.bias_ih_l0"));
        Assert.Equal(network.Lstm0RecurrentBiasGradient.ToArray(), network.CopyTensor("lstm0.bias_hh_l0", TensorSource.Gradients));
        AssertMatchesIndexOf(network);
    }

    [Fact]
    public void BatchNormParametersGradientsAndRunningStatisticsComeOut()
    {
        var network = new BatchNormMlp();
        FillDistinct(network);
        Assert.Equal(network.Batchnorm1Weight.ToArray(), network.CopyTensor("batchnorm1.weight"));
        Assert.Equal(network.Batchnorm1WeightGradient.ToArray(), network.CopyTensor("batchnorm1.weight", TensorSource.Gradients));
        Assert.Equal(network.Batchnorm1BiasGradient.ToArray(), network.CopyTensor("batchnorm1.bias", TensorSource.Gradients));
        Assert.Equal(network.Batchnorm1RunningMean.ToArray(), network.CopyTensor("batchnorm1.running_mean"));
        Assert.Equal(network.BnInRunningVar.ToArray(), network.CopyTensor("bn_in.running_var"));
        AssertMatchesIndexOf(network);
    }

    [Fact]
    public void EveryFamilyMatchesIndexOf()
    {
        // Embedding tables are the row-major tensors with a padded stride; the rest cover stacked, bidirectional and 1-D layers.
        ITrainableNetwork[] networks = [new EmbeddingGru(), new EmbeddingBiGru(), new StackedBidirectional(), new Conv1DNet(), new LeNet5(), new BatchNormConvNet(), new LayerNormNet()];
        foreach (ITrainableNetwork network in networks)
        {
            FillDistinct(network);
            AssertMatchesIndexOf(network);
        }
    }

    [Fact]
    public void ValuesEqualWhatSaveWeightsWrites()
    {
        var network = new BatchNormConvNet();
        network.InitializeParameters(4);
        network.Forward(NetworkCases.Uniform(3 * BatchNormConvNet.InputSize, seed: 2), new float[3 * BatchNormConvNet.OutputSize], 3);
        using var stream = new MemoryStream();
        network.SaveWeights(stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);
        foreach (TensorLayout tensor in network.Tensors) Assert.Equal(file[tensor.Name].ToSingleArray(), network.CopyTensor(tensor.Name));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var network = new TanhNet();
        var e = Assert.Throws<ArgumentException>(() => network.CopyTensor("dense9.weight"));
        Assert.Contains("'dense9.weight'", e.Message);
        Assert.Contains("dense0.weight, dense0.bias, dense1.weight, dense1.bias", e.Message);
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void WrongDestinationLengthNamesBoth()
    {
        var network = new TanhNet();
        var e = Assert.Throws<ArgumentException>(() => network.CopyTensor("dense0.weight", new float[23 * 37 - 1]));
        Assert.Contains("[23, 37] has 851 floats but the destination holds 850", e.Message);
        Assert.Throws<ArgumentException>(() => network.CopyTensor("dense0.bias", new float[24], TensorSource.Gradients));
    }

    [Fact]
    public void GradientsOfAStateTensorAreAClearError()
    {
        var network = new BatchNormMlp();
        var e = Assert.Throws<ArgumentException>(() => network.CopyTensor("bn_in.running_mean", TensorSource.Gradients));
        Assert.Contains("'bn_in.running_mean' is state", e.Message);
        Assert.Contains("no gradient", e.Message);
        Assert.Equal("source", e.ParamName);
    }

    [Fact]
    public void AnInferenceOnlyNetworkCopiesValuesAndLoadsWeightsButHasNoGradients()
    {
        var trained = new BatchNormMlp();
        trained.InitializeParameters(3);
        trained.Forward(NetworkCases.Uniform(3 * BatchNormMlp.InputSize, seed: 5), new float[3 * BatchNormMlp.OutputSize], 3);
        using var file = new MemoryStream();
        trained.SaveWeights(file);
        INetwork network = new InferenceOnly(new BatchNormMlp());
        file.Position = 0;
        network.LoadWeights(file);

        foreach (TensorLayout tensor in network.Tensors) Assert.Equal(trained.CopyTensor(tensor.Name), network.CopyTensor(tensor.Name));
        var e = Assert.Throws<ArgumentException>(() => network.CopyTensor("bn_in.weight", TensorSource.Gradients));
        Assert.Contains("not an ITrainableNetwork", e.Message);
        Assert.Equal("source", e.ParamName);
    }

    /// <summary>A network seen only through <see cref="INetwork"/>, as code that runs a trained model holds one.</summary>
    private sealed class InferenceOnly(INetwork inner) : INetwork
    {
        public int InputSize => inner.InputSize;
        public int OutputSize => inner.OutputSize;
        public int ParameterCount => inner.ParameterCount;
        public IReadOnlyList<TensorLayout> Tensors => inner.Tensors;
        public Span<float> Parameters => inner.Parameters;
        public Span<float> State => inner.State;
        public ParallelRunner? Runner { get => inner.Runner; set => inner.Runner = value; }
        public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch) => inner.Predict(inputs, outputs, batch);
        public void SaveWeights(Stream stream) => inner.SaveWeights(stream);
        public void LoadWeights(Stream stream) => inner.LoadWeights(stream);
    }

    [Fact]
    public void TooShortBufferIsAClearError()
    {
        var layout = new TensorLayout("t", [2, 3], Offset: 4, Stride: 3, Transposed: false);
        var e = Assert.Throws<ArgumentException>(() => layout.CopyTo(new float[9], new float[6]));
        Assert.Contains("up to index 9 but the buffer has 9 floats", e.Message);
    }

    [Fact]
    public void SaveGradientsOfABatchNormNetworkRoundTrips()
    {
        var network = new BatchNormConvNet();
        network.InitializeParameters(7);
        Backpropagate(network, batch: 3, inputSeed: 8, targetSeed: 9);
        Assert.Contains(network.Gradients.ToArray(), g => g != 0f);

        using var stream = new MemoryStream();
        network.SaveGradients(stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);
        TensorLayout[] parameters = [.. network.Tensors.Where(t => t.Buffer == TensorBuffer.Parameters)];
        Assert.Equal(parameters.Select(t => t.Name).Order(StringComparer.Ordinal), file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(file.Tensors, t => t.Name.EndsWith(".running_mean", StringComparison.Ordinal) || t.Name.EndsWith(".running_var", StringComparison.Ordinal));
        foreach (TensorLayout tensor in parameters)
        {
            Assert.Equal(tensor.Shape.ToArray(), file[tensor.Name].Shape.ToArray());
            Assert.Equal(network.CopyTensor(tensor.Name, TensorSource.Gradients), file[tensor.Name].ToSingleArray());
        }

        var other = new BatchNormConvNet();
        stream.Position = 0;
        WeightFile.Load(stream, parameters, other.Gradients);
        Assert.Equal(network.Gradients.ToArray(), other.Gradients.ToArray());
    }

    [Fact]
    public void SaveGradientsToAPathWritesTheSameFile()
    {
        var network = new BatchNormMlp();
        FillDistinct(network);
        using var stream = new MemoryStream();
        network.SaveGradients(stream);
        string path = Path.GetTempFileName();
        try
        {
            network.SaveGradients(path);
            Assert.Equal(stream.ToArray(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RecurrentGradientViewsAreTheParameterViewsSlicesOfGradients()
    {
        // Parameters[i] = i and Gradients[i] = i: a gradient view over the same slice as its parameter view reads the same numbers.
        var lstm = new Lstm7x5();
        FillIdentical(lstm);
        Assert.Equal(lstm.Lstm0InputWeight.ToArray(), lstm.Lstm0InputWeightGradient.ToArray());
        Assert.Equal(lstm.Lstm0RecurrentWeight.ToArray(), lstm.Lstm0RecurrentWeightGradient.ToArray());
        Assert.Equal(lstm.Lstm0InputBias.ToArray(), lstm.Lstm0InputBiasGradient.ToArray());
        Assert.Equal(lstm.Lstm0RecurrentBias.ToArray(), lstm.Lstm0RecurrentBiasGradient.ToArray());

        var gru = new BiGru7x5();
        FillIdentical(gru);
        Assert.Equal(gru.Gru0DirectInputWeight.ToArray(), gru.Gru0DirectInputWeightGradient.ToArray());
        Assert.Equal(gru.Gru0DirectRecurrentBias.ToArray(), gru.Gru0DirectRecurrentBiasGradient.ToArray());
        Assert.Equal(gru.Gru0ReverseRecurrentWeight.ToArray(), gru.Gru0ReverseRecurrentWeightGradient.ToArray());
        Assert.Equal(gru.Gru0ReverseInputBias.ToArray(), gru.Gru0ReverseInputBiasGradient.ToArray());

        var rnn = new Rnn7x5();
        FillIdentical(rnn);
        Assert.Equal(rnn.Rnn0RecurrentWeight.ToArray(), rnn.Rnn0RecurrentWeightGradient.ToArray());
    }

    [Fact]
    public void RecurrentGradientViewsHoldWhatBackwardAccumulated()
    {
        var network = new BiGru7x5();
        network.InitializeParameters(3);
        Backpropagate(network, batch: 2, inputSeed: 4, targetSeed: 5);

        int gateStride = network.Gru0ReverseInputWeightGradient.Length / 7;
        float[] file = network.CopyTensor("gru0.weight_ih_l0_reverse", TensorSource.Gradients);
        Assert.Contains(file, g => g != 0f);
        for (int g = 0; g < 15; g++)
        {
            for (int f = 0; f < 7; f++) Assert.Equal(network.Gru0ReverseInputWeightGradient[f * gateStride + g], file[g * 7 + f]);
        }
        Assert.Equal(network.Gru0DirectRecurrentBiasGradient.ToArray(), network.CopyTensor("gru0.bias_hh_l0", TensorSource.Gradients));
    }

    /// <summary>One Forward, loss and Backward on uniform inputs and targets, so Gradients holds a real batch's gradient.</summary>
    private static void Backpropagate(ITrainableNetwork network, int batch, int inputSeed, int targetSeed)
    {
        var outputs = new float[batch * network.OutputSize];
        var outputGradient = new float[outputs.Length];
        network.Forward(NetworkCases.Uniform(batch * network.InputSize, inputSeed), outputs, batch);
        network.ComputeLoss(outputs, NetworkCases.Uniform(outputs.Length, targetSeed), outputGradient, batch);
        network.Backward(outputGradient, Span<float>.Empty, batch);
    }

    private static void FillIdentical(ITrainableNetwork network)
    {
        Span<float> parameters = network.Parameters, gradients = network.Gradients;
        for (int i = 0; i < parameters.Length; i++) parameters[i] = gradients[i] = i;
    }
}
