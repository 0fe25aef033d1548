using NetGen.Tests.Networks;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Numerics;

/// <summary>The generated test networks with their reference descriptions, and seeded data for them.</summary>
internal static class NetworkCases
{
    private static readonly Dictionary<string, (Func<INetwork> Create, ReferenceLayer[] Layers)> s_cases = new()
    {
        ["Identity"] = (() => new IdentityNet(), [ReferenceLayer.Dense("dense0"), ReferenceLayer.Dense("dense1")]),
        ["ReLU"] = (() => new ReluNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1")]),
        ["LeakyReLU"] = (() => new LeakyReluNet(), [ReferenceLayer.Dense("dense0", Activation.LeakyReLU, 0.1f), ReferenceLayer.Dense("dense1")]),
        ["Sigmoid"] = (() => new SigmoidNet(), [ReferenceLayer.Dense("dense0", Activation.Sigmoid), ReferenceLayer.Dense("dense1")]),
        ["Tanh"] = (() => new TanhNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1")]),
        ["Softmax"] = (() => new SoftmaxNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1", Activation.Softmax)]),
        ["NoBias"] = (() => new NoBiasNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1")]),
        ["Wide"] = (() => new WideNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1")]),
        ["Dropout"] = (() => new DropoutNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dropout(), ReferenceLayer.Dense("dense1")]),
        ["Flatten"] = (() => new FlattenNet(), [ReferenceLayer.Flatten(), ReferenceLayer.Dense("dense0")]),
        ["Step"] = (() => new Perceptron(), [ReferenceLayer.Dense("dense0", Activation.Step)]),
        ["Logistic"] = (() => new LogisticRegression(), [ReferenceLayer.Dense("linear")]),
        ["W0"] = (() => new W0Mlp(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1", Activation.ReLU), ReferenceLayer.Dense("dense2")]),
        ["W1"] = (() => new W1Mlp(), [ReferenceLayer.Dense("fc1", Activation.ReLU), ReferenceLayer.Dense("fc2", Activation.ReLU), ReferenceLayer.Dense("fc3")]),
        ["Nested"] = (() => new Outer.NestedNet(), [ReferenceLayer.Dense("dense0", Activation.Sigmoid)]),
    };

    public static IEnumerable<object[]> Names => s_cases.Keys.Select(name => new object[] { name });

    /// <summary>Names of the cases whose activations are smooth, so float finite differences are reliable.</summary>
    public static IEnumerable<object[]> SmoothNames =>
        new[] { "Identity", "Sigmoid", "Tanh", "Softmax", "Wide", "Flatten", "Logistic", "Nested" }.Select(name => new object[] { name });

    /// <summary>A network with seeded weights and (unlike a fresh initialization) non-zero biases.</summary>
    public static (INetwork Network, ReferenceLayer[] Layers) Create(string name, int seed = 1)
    {
        (Func<INetwork> create, ReferenceLayer[] layers) = s_cases[name];
        INetwork network = create();
        network.InitializeParameters(seed);
        var random = new RandomSource(seed + 1000);
        foreach (TensorLayout tensor in network.Tensors.Where(t => t.Name.EndsWith(".bias", StringComparison.Ordinal)))
        {
            for (int i = 0; i < tensor.Columns; i++) network.Parameters[tensor.IndexOf(0, i)] = random.NextSingle(-0.5f, 0.5f);
        }
        return (network, layers);
    }

    public static float[] Uniform(int count, int seed, float low = -1f, float high = 1f)
    {
        var random = new RandomSource(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle(low, high);
        return values;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected| everywhere, naming the first offending index.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = absolute + relative * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3})");
            }
        }
    }
}
