using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using static NetGen.Tests.Numerics.FiniteDifferences;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Networks with <c>VariableLength = true</c> run on padded batches with per-sample lengths: against the double
/// reference run on each sample's truncated sequence (outputs, final states, parameter and input gradients; padded
/// steps output zero and get no gradient), float finite differences, two threads, no allocation, and bad lengths.
/// </summary>
[Trait("Category", "Kernels")]
public class RecurrentLengthTests
{
    private delegate void Pass(ITrainableNetwork network, ReadOnlySpan<float> inputs, Span<float> outputs, int batch, ReadOnlySpan<int> lengths);

    private delegate ReadOnlySpan<float> StateOutput(ITrainableNetwork network);

    /// <summary>A case's lengths overloads, and the layer whose final hidden state it exposes (if any).</summary>
    private sealed record LengthCase(Pass Predict, Pass Forward, string? StateLayer = null, StateOutput? FinalHidden = null);

    private static readonly Dictionary<string, LengthCase> s_cases = new()
    {
        ["GruVariable"] = new((n, i, o, b, l) => ((GruVariable7x5)n).Predict(i, o, b, l), (n, i, o, b, l) => ((GruVariable7x5)n).Forward(i, o, b, l)),
        ["LstmVariableState50Sequences"] = new((n, i, o, b, l) => ((LstmVariableState7x50Sequences)n).Predict(i, o, b, l),
            (n, i, o, b, l) => ((LstmVariableState7x50Sequences)n).Forward(i, o, b, l), "lstm0", n => ((LstmVariableState7x50Sequences)n).Lstm0FinalHidden),
        ["RnnVariableState"] = new((n, i, o, b, l) => ((RnnVariableState7x5)n).Predict(i, o, b, l),
            (n, i, o, b, l) => ((RnnVariableState7x5)n).Forward(i, o, b, l), "rnn0", n => ((RnnVariableState7x5)n).Rnn0FinalHidden),
        ["StackedVariable"] = new((n, i, o, b, l) => ((StackedVariable)n).Predict(i, o, b, l), (n, i, o, b, l) => ((StackedVariable)n).Forward(i, o, b, l)),
        ["LstmVariableMaxPool"] = new((n, i, o, b, l) => ((LstmVariableMaxPool)n).Predict(i, o, b, l), (n, i, o, b, l) => ((LstmVariableMaxPool)n).Forward(i, o, b, l)),
        ["GruVariableAveragePool"] = new((n, i, o, b, l) => ((GruVariableAveragePool)n).Predict(i, o, b, l),
            (n, i, o, b, l) => ((GruVariableAveragePool)n).Forward(i, o, b, l)),
    };

    public static IEnumerable<object[]> Names => s_cases.Keys.Select(name => new object[] { name });

    public static IEnumerable<object[]> ParityCases =>
        from name in s_cases.Keys
        from batch in new[] { 1, 5, 13 }
        select new object[] { name, batch };

    /// <summary>Seeded lengths in 1..steps; with two or more samples the first is 1 and the second full length.</summary>
    private static int[] Lengths(string name, int batch, int seed)
    {
        int steps = RecurrentCases.Steps(name);
        var random = new RandomSource(seed);
        int[] lengths = Enumerable.Range(0, batch).Select(_ => 1 + random.NextInt32(steps)).ToArray();
        if (batch >= 2) (lengths[0], lengths[1]) = (1, steps);
        return lengths;
    }

    /// <summary>The reference run sample by sample on the truncated sequences: outputs and input gradients zero past each length, gradients summed.</summary>
    private static (double[] Output, double[] InputGradient, ReferenceRecurrent Gradients, double[] FinalHidden) Expected(
        string name, ITrainableNetwork network, float[] input, float[] outputGradient, int[] lengths)
    {
        int steps = RecurrentCases.Steps(name), batch = lengths.Length;
        ReferenceSequenceLayer[] layers = RecurrentCases.Layers(name);
        int features = network.InputSize / steps, outputSize = network.OutputSize;
        int outputPerStep = layers[^1].ReturnSequences ? outputSize / steps : 0;
        var output = new double[batch * outputSize];
        var inputGradient = new double[input.Length];
        var total = new ReferenceRecurrent(steps, layers);
        var finals = new List<double>();
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            var reference = new ReferenceRecurrent(length, layers);
            reference.LoadFrom(network);
            double[] x = NetworkCases.ToDouble(input.AsSpan(b * network.InputSize, length * features));
            double[] y = reference.Forward(x, 1);
            y.CopyTo(output, b * outputSize);
            int written = outputPerStep > 0 ? length * outputPerStep : outputSize;
            double[] dx = reference.Backward(NetworkCases.ToDouble(outputGradient.AsSpan(b * outputSize, written)));
            dx.CopyTo(inputGradient, b * network.InputSize);
            foreach ((string tensor, double[] gradient) in reference.Gradients)
            {
                for (int i = 0; i < gradient.Length; i++) total.Gradients[tensor][i] += gradient[i];
            }
            if (s_cases[name].StateLayer is { } layer) finals.AddRange(reference.FinalHidden[layer]);
        }
        return (output, inputGradient, total, finals.ToArray());
    }

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void GeneratedMatchesReferenceOnTruncatedSequences(string name, int batch)
    {
        (ITrainableNetwork network, _) = RecurrentCases.Create(name);
        LengthCase pass = s_cases[name];
        float[] input = RecurrentCases.Input(name, network, batch, seed: 11);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 12);
        int[] lengths = Lengths(name, batch, seed: 13);
        (double[] expected, double[] expectedInputGradient, ReferenceRecurrent gradients, double[] finals) = Expected(name, network, input, r, lengths);

        var prediction = new float[r.Length];
        var output = new float[r.Length];
        pass.Predict(network, input, prediction, batch, lengths);
        NetworkCases.AssertClose(expected, prediction, 1e-5, 1e-4, "prediction");
        if (pass.FinalHidden is { } final) NetworkCases.AssertClose(finals, final(network), 1e-5, 1e-4, "final hidden state");
        network.ZeroGradients();
        pass.Forward(network, input, output, batch, lengths);
        Assert.Equal(prediction, output);
        var inputGradient = new float[input.Length];
        network.Backward(r, inputGradient, batch);
        NetworkCases.AssertClose(expectedInputGradient, inputGradient, 1e-5, 1e-4, "input gradient");
        RecurrentCases.AssertGradientsClose(gradients, network, 1e-5, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedGradientsMatchFloatFiniteDifferences(string name)
    {
        const int batch = 3;
        (ITrainableNetwork network, _) = RecurrentCases.Create(name);
        LengthCase pass = s_cases[name];
        float[] input = RecurrentCases.Input(name, network, batch, seed: 31);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 32);
        int[] lengths = Lengths(name, batch, seed: 33);
        var output = new float[r.Length];
        var inputGradient = new float[input.Length];
        network.ZeroGradients();
        pass.Forward(network, input, output, batch, lengths);
        network.Backward(r, inputGradient, batch);
        float[] parameterGradient = network.Gradients.ToArray();

        const float h = 1e-2f;
        double Loss()
        {
            pass.Predict(network, input, output, batch, lengths);
            return output.Zip(r, (y, g) => (double)y * g).Sum();
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
        for (int i = 0; i < input.Length; i++)
        {
            AssertGradient(FiniteDifferences.Central(input, i, h, Loss), inputGradient[i], 2e-3, 1e-2, $"input {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TwoThreadsGiveTheSingleThreadedResultsExactly(string name)
    {
        const int batch = 13;
        List<float[]> Run(ParallelRunner? runner)
        {
            (ITrainableNetwork network, _) = RecurrentCases.Create(name);
            LengthCase pass = s_cases[name];
            float[] input = RecurrentCases.Input(name, network, batch, seed: 41);
            float[] outputGradient = NetworkCases.Uniform(batch * network.OutputSize, seed: 42);
            int[] lengths = Lengths(name, batch, seed: 43);
            var output = new float[batch * network.OutputSize];
            var prediction = new float[output.Length];
            var inputGradient = new float[input.Length];
            network.Runner = runner;
            pass.Predict(network, input, prediction, batch, lengths);
            network.ZeroGradients();
            pass.Forward(network, input, output, batch, lengths);
            network.Backward(outputGradient, inputGradient, batch);
            return [prediction, output, network.Gradients.ToArray(), inputGradient, pass.FinalHidden?.Invoke(network).ToArray() ?? []];
        }

        List<float[]> single = Run(null);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 };
        List<float[]> parallel = Run(runner);
        for (int i = 0; i < single.Count; i++) Assert.Equal(single[i], parallel[i]);
    }

    [Fact]
    public void BadLengthsThrowAndChangeNothing()
    {
        var network = new StackedVariable();
        network.InitializeParameters(2);
        float[] input = NetworkCases.Uniform(2 * StackedVariable.InputSize, seed: 3);
        var output = new float[2 * StackedVariable.OutputSize];
        network.Forward(input, output, 2, [2, 5]);
        float[] before = output.ToArray();
        output.AsSpan().Fill(42f);

        var count = Assert.Throws<ArgumentException>(() => network.Predict(input, output, 2, [3]));
        Assert.Contains("one length per sample (2) or none, got 1", count.Message);
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(input, output, 2, [0, 3]));
        Assert.Contains("Sample 0 has length 0; a sequence is 1 to 5 steps long", zero.Message);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(input, output, 2, [3, 6]));
        Assert.Contains("Sample 1 has length 6", tooLong.Message);
        Assert.All(output, value => Assert.Equal(42f, value));
        // The earlier Forward is still the one Backward sees, lengths included.
        network.Forward(input, output, 2, [2, 5]);
        Assert.Equal(before, output);
    }

    [Fact]
    public void PassesWithLengthsAllocateNothing()
    {
        var network = new LstmVariableState7x50Sequences();
        network.InitializeParameters(1);
        const int batch = 7;
        float[] input = NetworkCases.Uniform(batch * LstmVariableState7x50Sequences.InputSize, seed: 1);
        var output = new float[batch * LstmVariableState7x50Sequences.OutputSize];
        float[] gradient = NetworkCases.Uniform(output.Length, seed: 2), inputGradient = new float[input.Length];
        int[] lengths = [1, 2, 3, 3, 2, 1, 3];

        void Passes()
        {
            network.Predict(input, output, batch, lengths);
            network.Forward(input, output, batch, lengths);
            network.Backward(gradient, inputGradient, batch);
            network.Predict(input, output, batch);
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

}
