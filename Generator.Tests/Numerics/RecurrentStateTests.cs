using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using static NetGen.Tests.Numerics.FiniteDifferences;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Recurrent layers with <c>State = true</c>: a given initial state, the final state and the gradient with respect
/// to the initial state, against the double reference (itself checked by finite differences), float finite
/// differences of the generated network, two threads, no allocation, unchanged weight files, and step-by-step
/// runs that continue a sequence by feeding the final state back as the next initial state.
/// </summary>
[Trait("Category", "Kernels")]
public class RecurrentStateTests
{
    private delegate Span<float> InitialState(ITrainableNetwork network, int batch);

    private delegate ReadOnlySpan<float> StateOutput(ITrainableNetwork network);

    /// <summary>One state of one layer (its hidden state, or an LSTM's cell): where to write it and read its results.</summary>
    private sealed record StateMembers(string Layer, bool Cell, int Hidden, InitialState Initial, StateOutput Final, StateOutput Gradient);

    private static readonly Dictionary<string, StateMembers[]> s_states = new()
    {
        ["RnnState"] = [new("rnn0", false, 5, (n, b) => ((RnnState7x5)n).Rnn0InitialHidden(b), n => ((RnnState7x5)n).Rnn0FinalHidden, n => ((RnnState7x5)n).Rnn0InitialHiddenGradient)],
        ["LstmState"] =
        [
            new("lstm0", false, 5, (n, b) => ((LstmState7x5)n).Lstm0InitialHidden(b), n => ((LstmState7x5)n).Lstm0FinalHidden, n => ((LstmState7x5)n).Lstm0InitialHiddenGradient),
            new("lstm0", true, 5, (n, b) => ((LstmState7x5)n).Lstm0InitialCell(b), n => ((LstmState7x5)n).Lstm0FinalCell, n => ((LstmState7x5)n).Lstm0InitialCellGradient),
        ],
        ["GruState50Sequences"] =
        [
            new("gru0", false, 50, (n, b) => ((GruState7x50Sequences)n).Gru0InitialHidden(b), n => ((GruState7x50Sequences)n).Gru0FinalHidden, n => ((GruState7x50Sequences)n).Gru0InitialHiddenGradient),
        ],
        ["StackedStates"] =
        [
            new("lower", false, 6, (n, b) => ((StackedStates)n).LowerInitialHidden(b), n => ((StackedStates)n).LowerFinalHidden, n => ((StackedStates)n).LowerInitialHiddenGradient),
            new("lower", true, 6, (n, b) => ((StackedStates)n).LowerInitialCell(b), n => ((StackedStates)n).LowerFinalCell, n => ((StackedStates)n).LowerInitialCellGradient),
            new("upper", false, 4, (n, b) => ((StackedStates)n).UpperInitialHidden(b), n => ((StackedStates)n).UpperFinalHidden, n => ((StackedStates)n).UpperInitialHiddenGradient),
        ],
    };

    public static IEnumerable<object[]> Names => s_states.Keys.Select(name => new object[] { name });

    public static IEnumerable<object[]> ParityCases =>
        from name in s_states.Keys
        from batch in new[] { 1, 5, 13 }
        select new object[] { name, batch };

    private static Dictionary<string, double[]> ReferenceStates(ReferenceRecurrent reference, StateMembers state) =>
        state.Cell ? reference.InitialCell : reference.InitialHidden;

    /// <summary>The case's network and reference with the same seeded initial states written into both.</summary>
    private static (ITrainableNetwork Network, ReferenceRecurrent Reference) CreateWithStates(string name, int batch, int seed)
    {
        (ITrainableNetwork network, ReferenceRecurrent reference) = RecurrentCases.Create(name);
        foreach (StateMembers state in s_states[name])
        {
            float[] values = NetworkCases.Uniform(batch * state.Hidden, seed++, -0.8f, 0.8f);
            values.CopyTo(state.Initial(network, batch));
            ReferenceStates(reference, state)[state.Layer] = NetworkCases.ToDouble(values);
        }
        return (network, reference);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ReferenceInitialStateGradientsMatchFiniteDifferences(string name)
    {
        const int batch = 2;
        (ITrainableNetwork network, ReferenceRecurrent reference) = CreateWithStates(name, batch, seed: 50);
        double[] input = NetworkCases.ToDouble(RecurrentCases.Input(name, network, batch, seed: 21));
        double[] r = NetworkCases.ToDouble(NetworkCases.Uniform(batch * network.OutputSize, seed: 22));
        reference.Forward(input, batch);
        reference.Backward(r);

        const double h = 1e-6;
        double Loss() => Dot(reference.Forward(input, batch), r);
        foreach (StateMembers state in s_states[name])
        {
            double[] values = ReferenceStates(reference, state)[state.Layer];
            double[] gradient = (state.Cell ? reference.InitialCellGradient : reference.InitialHiddenGradient)[state.Layer].ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                AssertGradient(FiniteDifferences.Central(values, i, h, Loss), gradient[i], 1e-7, 1e-5, $"{state.Layer} initial {(state.Cell ? "cell" : "hidden")} [{i}]");
            }
        }
        // W_hh's gradient now has a step-0 term h₀ᵀ·dR₀.
        foreach ((string tensor, double[] values) in reference.Parameters.Where(p => p.Key.EndsWith("weight_hh_l0", StringComparison.Ordinal)))
        {
            double[] gradient = reference.Gradients[tensor];
            for (int i = 0; i < values.Length; i += Math.Max(1, values.Length / 25))
            {
                AssertGradient(FiniteDifferences.Central(values, i, h, Loss), gradient[i], 1e-7, 1e-5, $"{tensor}[{i}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void GeneratedMatchesReferenceFromAGivenState(string name, int batch)
    {
        (ITrainableNetwork network, ReferenceRecurrent reference) = CreateWithStates(name, batch, seed: 60);
        float[] input = RecurrentCases.Input(name, network, batch, seed: 11);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 12);
        double[] expected = reference.Forward(NetworkCases.ToDouble(input), batch);
        double[] expectedInputGradient = reference.Backward(NetworkCases.ToDouble(r));

        var prediction = new float[r.Length];
        var output = new float[r.Length];
        network.Predict(input, prediction, batch);
        NetworkCases.AssertClose(expected, prediction, 1e-5, 1e-4, "prediction");
        foreach (StateMembers state in s_states[name])
        {
            double[] final = (state.Cell ? reference.FinalCell : reference.FinalHidden)[state.Layer];
            NetworkCases.AssertClose(final, state.Final(network).ToArray(), 1e-5, 1e-4, $"{state.Layer} final {(state.Cell ? "cell" : "hidden")} after Predict");
        }
        network.ZeroGradients();
        network.Forward(input, output, batch);
        Assert.Equal(prediction, output);
        var inputGradient = new float[input.Length];
        network.Backward(r, inputGradient, batch);
        NetworkCases.AssertClose(expectedInputGradient, inputGradient, 1e-5, 1e-4, "input gradient");
        RecurrentCases.AssertGradientsClose(reference, network, 1e-5, 1e-4);
        foreach (StateMembers state in s_states[name])
        {
            double[] final = (state.Cell ? reference.FinalCell : reference.FinalHidden)[state.Layer];
            NetworkCases.AssertClose(final, state.Final(network).ToArray(), 1e-5, 1e-4, $"{state.Layer} final {(state.Cell ? "cell" : "hidden")} after Forward");
            double[] gradient = (state.Cell ? reference.InitialCellGradient : reference.InitialHiddenGradient)[state.Layer];
            NetworkCases.AssertClose(gradient, state.Gradient(network).ToArray(), 1e-5, 1e-4, $"{state.Layer} initial {(state.Cell ? "cell" : "hidden")} gradient");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GeneratedInitialStateGradientsMatchFloatFiniteDifferences(string name)
    {
        const int batch = 3;
        (ITrainableNetwork network, _) = CreateWithStates(name, batch, seed: 70);
        float[] input = RecurrentCases.Input(name, network, batch, seed: 31);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 32);
        var output = new float[r.Length];
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.Backward(r, new float[input.Length], batch);
        float[] parameterGradient = network.Gradients.ToArray();

        const float h = 1e-2f;
        double Loss()
        {
            network.Predict(input, output, batch);
            return Dot(NetworkCases.ToDouble(output), NetworkCases.ToDouble(r));
        }
        foreach (StateMembers state in s_states[name])
        {
            float[] gradient = state.Gradient(network).ToArray();
            Span<float> values = state.Initial(network, batch);
            for (int i = 0; i < gradient.Length; i++)
            {
                AssertGradient(FiniteDifferences.Central(values, i, h, Loss), gradient[i], 2e-3, 1e-2, $"{state.Layer} initial {(state.Cell ? "cell" : "hidden")} [{i}]");
            }
        }
        foreach (TensorLayout tensor in network.Tensors.Where(t => t.Name.EndsWith("weight_hh_l0", StringComparison.Ordinal)))
        {
            int count = tensor.Rows * tensor.Columns;
            for (int element = 0; element < count; element += Math.Max(1, count / 12) | 1)
            {
                int index = tensor.IndexOf(element / tensor.Columns, element % tensor.Columns);
                AssertGradient(FiniteDifferences.Central(network.Parameters, index, h, Loss), parameterGradient[index], 2e-3, 1e-2, $"{tensor.Name}[{element}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TwoThreadsGiveTheSingleThreadedResultsExactly(string name)
    {
        const int batch = 13;
        List<float[]> Run(ParallelRunner? runner)
        {
            (ITrainableNetwork network, _) = CreateWithStates(name, batch, seed: 80);
            float[] input = RecurrentCases.Input(name, network, batch, seed: 41);
            float[] outputGradient = NetworkCases.Uniform(batch * network.OutputSize, seed: 42);
            var output = new float[batch * network.OutputSize];
            var prediction = new float[output.Length];
            var inputGradient = new float[input.Length];
            network.Runner = runner;
            network.Predict(input, prediction, batch);
            var results = new List<float[]> { prediction };
            results.AddRange(s_states[name].Select(state => state.Final(network).ToArray()));
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.Backward(outputGradient, inputGradient, batch);
            results.AddRange([output, network.Gradients.ToArray(), inputGradient]);
            results.AddRange(s_states[name].Select(state => state.Gradient(network).ToArray()));
            return results;
        }

        List<float[]> single = Run(null);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 };
        List<float[]> parallel = Run(runner);
        Assert.Equal(single.Count, parallel.Count);
        for (int i = 0; i < single.Count; i++) Assert.Equal(single[i], parallel[i]);
    }

    [Fact]
    public void OneStepAtATimeFeedingTheFinalStateBackGivesTheWholeSequence()
    {
        // The weights of a 4-step network, through a weight file, into a network declared with one step.
        var whole = new LstmState7x5();
        whole.InitializeParameters(5);
        using var file = new MemoryStream();
        whole.SaveWeights(file);
        file.Position = 0;
        var step = new LstmStep7x5();
        step.LoadWeights(file);

        const int batch = 2;
        float[] input = NetworkCases.Uniform(batch * LstmState7x5.InputSize, seed: 3);
        var expected = new float[batch * LstmState7x5.OutputSize];
        whole.Predict(input, expected, batch);

        var stepInput = new float[batch * LstmStep7x5.InputSize];
        var output = new float[batch * LstmStep7x5.OutputSize];
        for (int t = 0; t < 4; t++)
        {
            for (int b = 0; b < batch; b++) input.AsSpan(b * 28 + t * 7, 7).CopyTo(stepInput.AsSpan(b * 7));
            step.Predict(stepInput, output, batch);
            step.Lstm0FinalHidden.CopyTo(step.Lstm0InitialHidden(batch));
            step.Lstm0FinalCell.CopyTo(step.Lstm0InitialCell(batch));
        }
        NetworkCases.AssertClose(NetworkCases.ToDouble(expected), output, 1e-6, 1e-5, "last step");
        NetworkCases.AssertClose(NetworkCases.ToDouble(whole.Lstm0FinalCell), step.Lstm0FinalCell, 1e-6, 1e-5, "final cell");
    }

    [Fact]
    public void TwoCallsCarryingTheStateEqualTheReferenceOnTheLongerSequence()
    {
        var network = new GruState7x50Sequences();
        network.InitializeParameters(8);
        var reference = new ReferenceRecurrent(6, ReferenceSequenceLayer.Recurrent(ReferenceSequenceKind.GRU, "gru0", 7, 50, returnSequences: true));
        reference.LoadFrom(network);
        const int batch = 3;
        float[] input = NetworkCases.Uniform(batch * 6 * 7, seed: 9);
        double[] expected = reference.Forward(NetworkCases.ToDouble(input), batch);

        var halves = new float[2][];
        for (int half = 0; half < 2; half++)
        {
            float[] part = new float[batch * 21];
            for (int b = 0; b < batch; b++) input.AsSpan(b * 42 + half * 21, 21).CopyTo(part.AsSpan(b * 21));
            halves[half] = new float[batch * 150];
            network.Predict(part, halves[half], batch);
            network.Gru0FinalHidden.CopyTo(network.Gru0InitialHidden(batch));
        }
        for (int b = 0; b < batch; b++)
        {
            for (int half = 0; half < 2; half++)
                NetworkCases.AssertClose(expected.AsSpan(b * 300 + half * 150, 150), halves[half].AsSpan(b * 150, 150), 1e-5, 1e-4, $"sample {b} half {half}");
        }
    }

    [Fact]
    public void ZeroStateByDefaultAndGrowingKeepsTheWrittenState()
    {
        var stateful = new LstmState7x5();
        var plain = new Lstm7x5();
        stateful.InitializeParameters(4);
        plain.InitializeParameters(4);
        float[] input = NetworkCases.Uniform(5 * Lstm7x5.InputSize, seed: 6);
        var a = new float[5 * Lstm7x5.OutputSize];
        var b = new float[a.Length];
        stateful.Predict(input, a, 5);
        plain.Predict(input, b, 5);
        Assert.Equal(b, a);

        stateful.Lstm0InitialHidden(2).Fill(0.25f);
        Span<float> grown = stateful.Lstm0InitialHidden(20);
        Assert.Equal(100, grown.Length);
        Assert.All(grown.Slice(0, 10).ToArray(), value => Assert.Equal(0.25f, value));
        Assert.All(grown.Slice(10).ToArray(), value => Assert.Equal(0f, value));
        Assert.Throws<ArgumentOutOfRangeException>(() => stateful.Lstm0InitialCell(0));
    }

    [Fact]
    public void FrozenLayersKeepTheirWeightsAndStillPassTheInitialStateGradientWhenAsked()
    {
        const int batch = 4;
        (ITrainableNetwork network, ReferenceRecurrent reference) = CreateWithStates("StackedStates", batch, seed: 90);
        var stacked = (StackedStates)network;
        stacked.SetFrozen("lower", true);
        float[] input = RecurrentCases.Input("StackedStates", network, batch, seed: 91);
        float[] r = NetworkCases.Uniform(batch * network.OutputSize, seed: 92);
        reference.Forward(NetworkCases.ToDouble(input), batch);
        reference.Backward(NetworkCases.ToDouble(r));
        foreach (string tensor in reference.Gradients.Keys.Where(t => t.StartsWith("lower.", StringComparison.Ordinal)).ToArray())
            Array.Clear(reference.Gradients[tensor]);

        var output = new float[r.Length];
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.Backward(r, new float[input.Length], batch);
        RecurrentCases.AssertGradientsClose(reference, network, 1e-5, 1e-4);
        NetworkCases.AssertClose(reference.InitialHiddenGradient["lower"], stacked.LowerInitialHiddenGradient, 1e-5, 1e-4, "lower ∂L/∂h₀");
        NetworkCases.AssertClose(reference.InitialCellGradient["lower"], stacked.LowerInitialCellGradient, 1e-5, 1e-4, "lower ∂L/∂c₀");
        NetworkCases.AssertClose(reference.InitialHiddenGradient["upper"], stacked.UpperInitialHiddenGradient, 1e-5, 1e-4, "upper ∂L/∂h₀");

        // Without the input gradient the frozen bottom layer's backward is skipped; the trained layers' gradients are unchanged.
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.Backward(r, Span<float>.Empty, batch);
        RecurrentCases.AssertGradientsClose(reference, network, 1e-5, 1e-4);
        NetworkCases.AssertClose(reference.InitialHiddenGradient["upper"], stacked.UpperInitialHiddenGradient, 1e-5, 1e-4, "upper ∂L/∂h₀ without input gradient");
    }

    [Fact]
    public void WeightFileTensorsAreThoseOfTheLayerWithoutState()
    {
        Assert.Equal(new Lstm7x5().Tensors.Select(t => (t.Name, string.Join(",", t.Shape))),
            new LstmState7x5().Tensors.Select(t => (t.Name, string.Join(",", t.Shape))));
        Assert.Equal(LstmState7x5.ParameterCount, Lstm7x5.ParameterCount);
    }

    [Fact]
    public void PassesWithStateAllocateNothing()
    {
        var network = new StackedStates();
        network.InitializeParameters(1);
        const int batch = 9;
        float[] input = NetworkCases.Uniform(batch * StackedStates.InputSize, seed: 1), output = new float[batch * StackedStates.OutputSize];
        float[] gradient = NetworkCases.Uniform(output.Length, seed: 2), inputGradient = new float[input.Length];

        void Passes()
        {
            network.LowerInitialHidden(batch).Fill(0.1f);
            network.Predict(input, output, batch);
            network.LowerFinalCell.CopyTo(network.LowerInitialCell(batch));
            network.Forward(input, output, batch);
            network.Backward(gradient, inputGradient, batch);
            network.UpperInitialHiddenGradient.CopyTo(network.UpperInitialHidden(batch));
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

}
