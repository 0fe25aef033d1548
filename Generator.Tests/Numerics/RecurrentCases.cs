using NetGen.Tests.Networks;
using NetGen.Tests.Reference;
using static NetGen.Tests.Reference.ReferenceSequenceKind;
using L = NetGen.Tests.Reference.ReferenceSequenceLayer;

namespace NetGen.Tests.Numerics;

/// <summary>The generated recurrent and embedding test networks with their reference descriptions, and seeded inputs for them.</summary>
internal static class RecurrentCases
{
    private static readonly Dictionary<string, (Func<ITrainableNetwork> Create, int Steps, L[] Layers)> s_cases = new()
    {
        ["Rnn"] = (() => new Rnn7x5(), 4, [L.Recurrent(SimpleRNN, "rnn0", 7, 5)]),
        ["Lstm"] = (() => new Lstm7x5(), 4, [L.Recurrent(LSTM, "lstm0", 7, 5)]),
        ["Gru"] = (() => new Gru7x5(), 4, [L.Recurrent(GRU, "gru0", 7, 5)]),
        ["Rnn50Sequences"] = (() => new Rnn7x50Sequences(), 3, [L.Recurrent(SimpleRNN, "rnn0", 7, 50, returnSequences: true)]),
        ["Lstm50Sequences"] = (() => new Lstm7x50Sequences(), 3, [L.Recurrent(LSTM, "lstm0", 7, 50, returnSequences: true)]),
        ["Gru50Dense"] = (() => new Gru7x50Dense(), 3, [L.Recurrent(GRU, "gru0", 7, 50), L.Dense("dense0", 50, 3)]),
        ["StackedLstm"] = (() => new StackedLstm(), 5,
            [L.Recurrent(LSTM, "lower", 3, 6, returnSequences: true), L.Recurrent(LSTM, "upper", 6, 4), L.Dense("head", 4, 2)]),
        ["EmbeddingGru"] = (() => new EmbeddingGru(), 6,
            [L.Embedding("embedding0", 11, 5, paddingIndex: 0), L.Recurrent(GRU, "gru0", 5, 4, returnSequences: true), L.Flatten(), L.Dense("dense0", 24, 3)]),
        ["EmbeddingOnly"] = (() => new EmbeddingOnly(), 6, [L.Embedding("embedding0", 11, 5)]),
        // State = true layers; here from their default zero state (RecurrentStateTests gives them one).
        ["RnnState"] = (() => new RnnState7x5(), 4, [L.Recurrent(SimpleRNN, "rnn0", 7, 5)]),
        ["LstmState"] = (() => new LstmState7x5(), 4, [L.Recurrent(LSTM, "lstm0", 7, 5)]),
        ["GruState50Sequences"] = (() => new GruState7x50Sequences(), 3, [L.Recurrent(GRU, "gru0", 7, 50, returnSequences: true)]),
        ["StackedStates"] = (() => new StackedStates(), 5,
            [L.Recurrent(LSTM, "lower", 3, 6, returnSequences: true), L.Recurrent(GRU, "upper", 6, 4), L.Dense("head", 4, 2)]),
        // VariableLength = true networks; here without lengths, so every sample is full length (RecurrentLengthTests passes lengths).
        ["GruVariable"] = (() => new GruVariable7x5(), 4, [L.Recurrent(GRU, "gru0", 7, 5)]),
        ["LstmVariableState50Sequences"] = (() => new LstmVariableState7x50Sequences(), 3, [L.Recurrent(LSTM, "lstm0", 7, 50, returnSequences: true)]),
        ["RnnVariableState"] = (() => new RnnVariableState7x5(), 4, [L.Recurrent(SimpleRNN, "rnn0", 7, 5)]),
        ["StackedVariable"] = (() => new StackedVariable(), 5,
            [L.Recurrent(LSTM, "lower", 3, 6, returnSequences: true), L.Recurrent(GRU, "upper", 6, 4), L.Dense("head", 4, 2)]),
        // Bidirectional = true.
        ["BiGru"] = (() => new BiGru7x5(), 4, [L.Recurrent(GRU, "gru0", 7, 5, bidirectional: true)]),
        ["BiLstm50Sequences"] = (() => new BiLstm7x50Sequences(), 3, [L.Recurrent(LSTM, "lstm0", 7, 50, returnSequences: true, bidirectional: true)]),
        ["StackedBidirectional"] = (() => new StackedBidirectional(), 5,
            [L.Recurrent(SimpleRNN, "lower", 3, 6, returnSequences: true, bidirectional: true), L.Recurrent(LSTM, "upper", 12, 4, bidirectional: true), L.Dense("head", 8, 2)]),
        ["EmbeddingBiGru"] = (() => new EmbeddingBiGru(), 6,
            [L.Embedding("embedding0", 11, 5, paddingIndex: 0), L.Recurrent(GRU, "gru0", 5, 4, returnSequences: true, bidirectional: true), L.Flatten(), L.Dense("dense0", 48, 3)]),
        // Global max and average pooling over the steps.
        ["EmbeddingLstmMaxPool"] = (() => new EmbeddingLstmMaxPool(), 6,
            [L.Embedding("embedding0", 11, 5, paddingIndex: 0), L.Recurrent(LSTM, "lstm0", 5, 7, returnSequences: true), L.GlobalPool(GlobalMaxPool, 7), L.Dense("dense0", 7, 3)]),
        ["EmbeddingAveragePool"] = (() => new EmbeddingAveragePool(), 6,
            [L.Embedding("embedding0", 11, 5), L.GlobalPool(GlobalAveragePool, 5), L.Dense("dense0", 5, 3)]),
        ["BiGruMaxPool"] = (() => new BiGruMaxPool(), 4,
            [L.Recurrent(GRU, "gru0", 7, 5, returnSequences: true, bidirectional: true), L.GlobalPool(GlobalMaxPool, 10), L.Dense("dense0", 10, 2)]),
        ["Gru20AveragePool"] = (() => new Gru20AveragePool(), 4, [L.Recurrent(GRU, "gru0", 7, 20, returnSequences: true), L.GlobalPool(GlobalAveragePool, 20)]),
        ["LstmVariableMaxPool"] = (() => new LstmVariableMaxPool(), 5,
            [L.Recurrent(LSTM, "lstm0", 3, 6, returnSequences: true), L.GlobalPool(GlobalMaxPool, 6), L.Dense("dense0", 6, 2)]),
        ["GruVariableAveragePool"] = (() => new GruVariableAveragePool(), 5, [L.Recurrent(GRU, "gru0", 3, 18, returnSequences: true), L.GlobalPool(GlobalAveragePool, 18)]),
    };

    /// <summary>The case's reference layers, for a reference of another sequence length.</summary>
    public static L[] Layers(string name) => s_cases[name].Layers;

    public static int Steps(string name) => s_cases[name].Steps;

    public static IEnumerable<object[]> Names => s_cases.Keys.Select(name => new object[] { name });

    /// <summary>A network initialized with <paramref name="seed"/> and a reference holding the same parameters.</summary>
    public static (ITrainableNetwork Network, ReferenceRecurrent Reference) Create(string name, int seed = 1)
    {
        (Func<ITrainableNetwork> create, int steps, L[] layers) = s_cases[name];
        ITrainableNetwork network = create();
        network.InitializeParameters(seed);
        var reference = new ReferenceRecurrent(steps, layers);
        reference.LoadFrom(network);
        return (network, reference);
    }

    public static bool TakesTokens(string name) => s_cases[name].Layers[0].Kind == Embedding;

    /// <summary>Inputs for <paramref name="batch"/> samples: token ids (every id, the padding one included, turns up) or uniform features.</summary>
    public static float[] Input(string name, ITrainableNetwork network, int batch, int seed)
    {
        if (!TakesTokens(name)) return NetworkCases.Uniform(batch * network.InputSize, seed);
        var random = new RandomSource(seed);
        int vocabulary = s_cases[name].Layers[0].Vocabulary;
        return Enumerable.Range(0, batch * network.InputSize).Select(i => (float)(i < vocabulary ? i : random.NextInt32(vocabulary))).ToArray();
    }

    /// <summary>Asserts that the network's gradients equal the reference's, tensor by tensor through the layouts, and that padding stays zero.</summary>
    public static void AssertGradientsClose(ReferenceRecurrent reference, ITrainableNetwork network, double absolute, double relative)
    {
        ReadOnlySpan<float> gradients = network.Gradients;
        var real = new bool[gradients.Length];
        foreach (TensorLayout tensor in network.Tensors)
        {
            double[] expected = reference.Gradients[tensor.Name];
            var actual = new float[expected.Length];
            for (int row = 0; row < tensor.Rows; row++)
            {
                for (int column = 0; column < tensor.Columns; column++)
                {
                    int index = tensor.IndexOf(row, column);
                    actual[row * tensor.Columns + column] = gradients[index];
                    real[index] = true;
                }
            }
            NetworkCases.AssertClose(expected, actual, absolute, relative, tensor.Name + " gradient");
        }
        for (int i = 0; i < gradients.Length; i++)
        {
            if (!real[i]) Assert.True(gradients[i] == 0f, $"padding gradient [{i}] is {gradients[i]}");
        }
    }
}
