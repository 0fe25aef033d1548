using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using static NetGen.Tests.Numerics.FiniteDifferences;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Embeddings and recurrent layers (SimpleRNN, LSTM, GRU) through time: the double reference against finite
/// differences of itself, the generated kernels against the reference (outputs, parameter and input gradients,
/// batch sizes that hit every tile and tail), the generated gradients against float finite differences,
/// PyTorch-layout weight files, two threads, and allocation-free passes.
/// </summary>
[Trait("Category", "Kernels")]
public class RecurrentTests
{
    [Theory]
    [MemberData(nameof(RecurrentCases.Names), MemberType = typeof(RecurrentCases))]
    public void ReferenceGradientsMatchFiniteDifferences(string name)
    {
        const int batch = 2;
        (ITrainableNetwork network, ReferenceRecurrent reference) = RecurrentCases.Create(name);
        double[] input = NetworkCases.ToDouble(RecurrentCases.Input(name, network, batch, seed: 21));
        double[] r = NetworkCases.ToDouble(NetworkCases.Uniform(batch * network.OutputSize, seed: 22));
        reference.Forward(input, batch);
        double[] inputGradient = reference.Backward(r);

        const double h = 1e-6;
        double Loss() => Dot(reference.Forward(input, batch), r);
        foreach ((string tensor, double[] values) in reference.Parameters)
        {
            double[] gradient = reference.Gradients[tensor];
            for (int i = 0; i < values.Length; i += Math.Max(1, values.Length / 25))
            {
                if (reference.HasNoGradient(tensor, i))
                {
                    Assert.Equal(0, gradient[i]);
                    continue;
                }
                AssertGradient(FiniteDifferences.Central(values, i, h, Loss), gradient[i], 1e-7, 1e-5, $"{tensor}[{i}]");
            }
        }
        if (RecurrentCases.TakesTokens(name))
        {
            Assert.Empty(inputGradient);
            return;
        }
        for (int i = 0; i < input.Length; i++)
        {
            AssertGradient(FiniteDifferences.Central(input, i, h, Loss), inputGradient[i], 1e-7, 1e-5, $"input {i}");
        }
    }

    public static IEnumerable<object[]> ParityCases =>
        from name in RecurrentCases.Names.Select(n => (string)n[0])
        from batch in new[] { 1, 5, 13 }
        select new object[] { name, batch };

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void GeneratedMatchesReference(string name, int batch)
    {
        (ITrainableNetwork network, ReferenceRecurrent reference) = RecurrentCases.Create(name);
        float[] input = RecurrentCases.Input(name, network, batch, seed: 11);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 12);
        double[] expected = reference.Forward(NetworkCases.ToDouble(input), batch);
        double[] expectedInputGradient = reference.Backward(NetworkCases.ToDouble(r));

        var prediction = new float[r.Length];
        var output = new float[r.Length];
        network.Predict(input, prediction, batch);
        NetworkCases.AssertClose(expected, prediction, 1e-5, 1e-4, "prediction");
        network.ZeroGradients();
        network.Forward(input, output, batch);
        Assert.Equal(prediction, output);
        if (RecurrentCases.TakesTokens(name))
        {
            network.Backward(r, Span<float>.Empty, batch);
        }
        else
        {
            var inputGradient = new float[input.Length];
            network.Backward(r, inputGradient, batch);
            NetworkCases.AssertClose(expectedInputGradient, inputGradient, 1e-5, 1e-4, "input gradient");
        }
        RecurrentCases.AssertGradientsClose(reference, network, 1e-5, 1e-4);
    }

    [Theory]
    [InlineData("Rnn")]
    [InlineData("Lstm")]
    [InlineData("Gru")]
    [InlineData("Gru50Dense")]
    [InlineData("StackedLstm")]
    [InlineData("BiGru")]
    [InlineData("StackedBidirectional")]
    [InlineData("BiGruMaxPool")]
    [InlineData("Gru20AveragePool")]
    public void GeneratedGradientsMatchFloatFiniteDifferences(string name)
    {
        const int batch = 3;
        (ITrainableNetwork network, _) = RecurrentCases.Create(name);
        float[] input = RecurrentCases.Input(name, network, batch, seed: 31);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 32);
        var output = new float[r.Length];
        var inputGradient = new float[input.Length];
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.Backward(r, inputGradient, batch);
        float[] parameterGradient = network.Gradients.ToArray();

        const float h = 1e-2f;
        double Loss()
        {
            network.Predict(input, output, batch);
            return Dot(NetworkCases.ToDouble(output), NetworkCases.ToDouble(r));
        }
        foreach (TensorLayout tensor in network.Tensors)
        {
            int count = tensor.Rows * tensor.Columns;
            for (int element = 0; element < count; element += Math.Max(1, count / 12) | 1)
            {
                int index = tensor.IndexOf(element / tensor.Columns, element % tensor.Columns);
                AssertGradient(FiniteDifferences.Central(network.Parameters, index, h, Loss), parameterGradient[index], 2e-3, 1e-2, $"{tensor.Name}[{element}]");
            }
        }
        for (int i = 0; i < input.Length; i += Math.Max(1, input.Length / 30))
        {
            AssertGradient(FiniteDifferences.Central(input, i, h, Loss), inputGradient[i], 2e-3, 1e-2, $"input {i}");
        }
    }

    [Theory]
    [MemberData(nameof(RecurrentCases.Names), MemberType = typeof(RecurrentCases))]
    public void PyTorchLayoutWeightFileGivesTheReferenceOutputs(string name)
    {
        // A file written tensor by tensor in PyTorch's names and layout, as safetensors.torch.save_file would.
        (ITrainableNetwork network, ReferenceRecurrent reference) = RecurrentCases.Create(name);
        var writer = new SafetensorsWriter();
        int seed = 100;
        foreach (TensorLayout tensor in network.Tensors)
        {
            float[] values = NetworkCases.Uniform(tensor.ElementCount, seed++, -0.5f, 0.5f);
            writer.Add(tensor.Name, tensor.Shape, values);
            double[] target = reference.Parameters[tensor.Name];
            for (int i = 0; i < values.Length; i++) target[i] = values[i];
        }
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        var loaded = (ITrainableNetwork)Activator.CreateInstance(network.GetType())!;
        loaded.LoadWeights(stream);

        const int batch = 3;
        float[] input = RecurrentCases.Input(name, loaded, batch, seed: 7);
        var output = new float[batch * loaded.OutputSize];
        loaded.Predict(input, output, batch);
        NetworkCases.AssertClose(reference.Forward(NetworkCases.ToDouble(input), batch), output, 1e-5, 1e-4, "output");

        using var saved = new MemoryStream();
        loaded.SaveWeights(saved);
        Assert.Equal(stream.ToArray(), saved.ToArray());
    }

    [Theory]
    [MemberData(nameof(RecurrentCases.Names), MemberType = typeof(RecurrentCases))]
    public void TwoThreadsGiveTheSingleThreadedResultsExactly(string name)
    {
        const int batch = 13;
        (float[] Output, float[] Prediction, float[] Gradients, float[] InputGradient) Run(ParallelRunner? runner)
        {
            (ITrainableNetwork network, _) = RecurrentCases.Create(name);
            float[] input = RecurrentCases.Input(name, network, batch, seed: 41);
            float[] outputGradient = NetworkCases.Uniform(batch * network.OutputSize, seed: 42);
            var output = new float[batch * network.OutputSize];
            var prediction = new float[output.Length];
            var inputGradient = new float[RecurrentCases.TakesTokens(name) ? 0 : input.Length];
            network.Runner = runner;
            network.Predict(input, prediction, batch);
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.Backward(outputGradient, inputGradient, batch);
            return (output, prediction, network.Gradients.ToArray(), inputGradient);
        }

        var single = Run(null);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 };
        var parallel = Run(runner);
        Assert.Equal(single.Output, parallel.Output);
        Assert.Equal(single.Prediction, parallel.Prediction);
        Assert.Equal(single.Gradients, parallel.Gradients);
        Assert.Equal(single.InputGradient, parallel.InputGradient);
    }

    [Fact]
    public void EmbeddingPaddingRowStartsAtZeroAndGetsNoGradient()
    {
        var network = new EmbeddingGru();
        network.InitializeParameters(3);
        Assert.All(network.Embedding0Weight.Slice(0, 5).ToArray(), value => Assert.Equal(0f, value));
        Assert.Contains(network.Embedding0Weight.Slice(16, 5).ToArray(), value => value != 0f);
        float[] input = [0, 3, 0, 3, 7, 0];
        var output = new float[EmbeddingGru.OutputSize];
        network.ZeroGradients();
        network.Forward(input, output, 1);
        network.Backward(NetworkCases.Uniform(EmbeddingGru.OutputSize, seed: 5), Span<float>.Empty, 1);
        Assert.All(network.Embedding0WeightGradient.Slice(0, 16).ToArray(), value => Assert.Equal(0f, value));
        Assert.Contains(network.Embedding0WeightGradient.Slice(3 * 16, 5).ToArray(), value => value != 0f);
        Assert.All(network.Embedding0WeightGradient.Slice(4 * 16, 16).ToArray(), value => Assert.Equal(0f, value));
    }

    [Theory]
    [InlineData(11f, "Input 4 (sample 0, step 4) is 11")]
    [InlineData(-1f, "Input 4 (sample 0, step 4) is -1")]
    [InlineData(2.5f, "Input 4 (sample 0, step 4) is 2.5")]
    [InlineData(float.NaN, "Input 4 (sample 0, step 4) is NaN")]
    public void BadTokenIdsThrowAndChangeNothing(float id, string message)
    {
        var network = new EmbeddingGru();
        network.InitializeParameters(3);
        float[] good = [1, 2, 3, 4, 5, 6];
        var trained = new float[EmbeddingGru.OutputSize];
        network.Forward(good, trained, 1);
        float[] parameters = network.Parameters.ToArray();
        float[] bad = [1, 2, 3, 4, id, 6, 1, 2, 3, 4, 5, 6];
        var output = new float[2 * EmbeddingGru.OutputSize];
        output.AsSpan().Fill(42f);

        var predict = Assert.Throws<ArgumentException>(() => network.Predict(bad, output, 2));
        Assert.Contains(message, predict.Message);
        Assert.Contains("0 to 10", predict.Message);
        var forward = Assert.Throws<ArgumentException>(() => network.Forward(bad, output, 2));
        Assert.Contains(message, forward.Message);
        Assert.All(output, value => Assert.Equal(42f, value));
        Assert.Equal(parameters, network.Parameters.ToArray());
        // The earlier Forward (batch 1) is still the one Backward sees.
        network.Backward(new float[EmbeddingGru.OutputSize], Span<float>.Empty, 1);
    }

    [Fact]
    public void EmbeddingFirstRejectsAnInputGradient()
    {
        var network = new EmbeddingGru();
        network.InitializeParameters(3);
        var output = new float[EmbeddingGru.OutputSize];
        network.Forward([1, 2, 3, 4, 5, 6], output, 1);
        var error = Assert.Throws<ArgumentException>(() => network.Backward(output, new float[EmbeddingGru.InputSize], 1));
        Assert.Contains("token ids, which have no gradient", error.Message);
        Assert.Equal("inputGradient", error.ParamName);
    }

    [Fact]
    public void ReturnSequencesOutputsEveryStepAndTheLastStepMatchesTheLastState()
    {
        var sequences = new Lstm7x50Sequences();
        sequences.InitializeParameters(9);
        Assert.Equal(3 * 50, Lstm7x50Sequences.OutputSize);
        float[] input = NetworkCases.Uniform(2 * Lstm7x50Sequences.InputSize, seed: 4);
        var all = new float[2 * Lstm7x50Sequences.OutputSize];
        sequences.Predict(input, all, 2);
        // The same weights in a layer that returns only the last state (through a PyTorch-layout file).
        var reference = new ReferenceRecurrent(3, ReferenceSequenceLayer.Recurrent(ReferenceSequenceKind.LSTM, "lstm0", 7, 50));
        reference.LoadFrom(sequences);
        double[] last = reference.Forward(NetworkCases.ToDouble(input), 2);
        for (int b = 0; b < 2; b++)
            NetworkCases.AssertClose(last.AsSpan(b * 50, 50), all.AsSpan(b * 150 + 100, 50), 1e-5, 1e-4, $"sample {b} last step");
    }

    [Fact]
    public void BidirectionalTensorsAreThoseOfPyTorch()
    {
        string[] names = new BiLstm7x50Sequences().Tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]").ToArray();
        Assert.Equal(
        [
            "lstm0.weight_ih_l0 [200, 7]", "lstm0.weight_hh_l0 [200, 50]", "lstm0.bias_ih_l0 [200]", "lstm0.bias_hh_l0 [200]",
            "lstm0.weight_ih_l0_reverse [200, 7]", "lstm0.weight_hh_l0_reverse [200, 50]", "lstm0.bias_ih_l0_reverse [200]", "lstm0.bias_hh_l0_reverse [200]",
        ], names);
        Assert.Equal(3 * 100, BiLstm7x50Sequences.OutputSize);
    }

    [Fact]
    public void BidirectionalPassesAllocateNothing()
    {
        var network = new StackedBidirectional();
        network.InitializeParameters(1);
        const int batch = 9;
        float[] input = NetworkCases.Uniform(batch * StackedBidirectional.InputSize, seed: 1), output = new float[batch * StackedBidirectional.OutputSize];
        float[] gradient = NetworkCases.Uniform(output.Length, seed: 2), inputGradient = new float[input.Length];

        void Passes()
        {
            network.Predict(input, output, batch);
            network.Forward(input, output, batch);
            network.Backward(gradient, inputGradient, batch);
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void PassesAllocateNothing()
    {
        var network = new W3Lstm();
        network.InitializeParameters(1);
        const int batch = 32;
        float[] input = NetworkCases.Uniform(batch * W3Lstm.InputSize, seed: 1), output = new float[batch * W3Lstm.OutputSize];
        float[] gradient = NetworkCases.Uniform(output.Length, seed: 2), inputGradient = new float[input.Length];
        var tokens = new EmbeddingGru();
        tokens.InitializeParameters(1);
        float[] ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1], tokenOutput = new float[2 * EmbeddingGru.OutputSize];

        void Passes()
        {
            network.Predict(input.AsSpan(0, W3Lstm.InputSize), output.AsSpan(0, W3Lstm.OutputSize));
            network.Predict(input, output, batch);
            network.Forward(input, output, batch);
            network.Backward(gradient, inputGradient, batch);
            tokens.Predict(ids, tokenOutput, 2);
            tokens.Forward(ids, tokenOutput, 2);
            tokens.Backward(tokenOutput, Span<float>.Empty, 2);
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void W4GruPassesAndTrainingStepAllocateNothing()
    {
        var network = new W4Gru();
        network.InitializeParameters(1);
        const int batch = 64;
        float[] input = NetworkCases.Uniform(batch * W4Gru.InputSize, seed: 1), output = new float[batch * W4Gru.OutputSize];
        float[] targets = new float[output.Length], gradient = new float[output.Length];
        for (int b = 0; b < batch; b++) targets[b * W4Gru.OutputSize + b % W4Gru.OutputSize] = 1;
        var optimizer = new Sgd(0.01f);

        void Passes()
        {
            network.Predict(input.AsSpan(0, W4Gru.InputSize), output.AsSpan(0, W4Gru.OutputSize));
            network.Predict(input, output, batch);
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.ComputeLoss(output, targets, gradient, batch);
            network.Backward(gradient, Span<float>.Empty, batch);
            optimizer.Step(network);
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

}
