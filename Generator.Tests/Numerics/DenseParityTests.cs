using NetGen.Tests.Reference;

namespace NetGen.Tests.Numerics;

/// <summary>
/// The generated kernels against the plain double-precision reference on the same weights: outputs of
/// Predict and Forward, parameter gradients (including that padding stays exactly zero) and input
/// gradients, at batch sizes that exercise the 4-row tiles and the single-row tails.
/// </summary>
[Trait("Category", "Kernels")]
public class DenseParityTests
{
    public static IEnumerable<object[]> Cases =>
        from name in NetworkCases.Names.Select(n => (string)n[0])
        from batch in new[] { 1, 3, 4, 9 }
        select new object[] { name, batch };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictMatchesReference(string name, int batch)
    {
        (ITrainableNetwork network, ReferenceLayer[] layers) = NetworkCases.Create(name);
        float[] input = NetworkCases.Uniform(batch * network.InputSize, seed: 7);
        var output = new float[batch * network.OutputSize];
        network.Predict(input, output, batch);

        double[] expected = new ReferenceNetwork(network, layers).Forward(NetworkCases.ToDouble(input), batch);
        NetworkCases.AssertClose(expected, output, 1e-5, 1e-4, "output");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardMatchesReference(string name, int batch)
    {
        (ITrainableNetwork network, ReferenceLayer[] layers) = NetworkCases.Create(name);
        float[] input = NetworkCases.Uniform(batch * network.InputSize, seed: 11);
        float[] outputGradient = NetworkCases.Uniform(batch * network.OutputSize, seed: 13);
        var output = new float[batch * network.OutputSize];
        var inputGradient = new float[batch * network.InputSize];

        if (batch == 1 && NetworkCases.NeedsTwoSamples(name))
        {
            float[] state = network.State.ToArray();
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(input, output, batch));
            Assert.Equal(state, network.State.ToArray());
            return;
        }
        var reference = new ReferenceNetwork(network, layers) { Training = true };
        reference.DropoutMasks = NetworkCases.ReseedAndReplayDropout(network, 5, batch);
        network.ZeroGradients();
        network.Forward(input, output, batch);
        network.Backward(outputGradient, inputGradient, batch);

        double[] expectedOutput = reference.Forward(NetworkCases.ToDouble(input), batch);
        double[] expectedInputGradient = reference.Backward(NetworkCases.ToDouble(outputGradient));

        NetworkCases.AssertClose(expectedOutput, output, 1e-5, 1e-4, "output");
        NetworkCases.AssertClose(reference.State, network.State, 1e-5, 1e-4, "running statistics");
        NetworkCases.AssertClose(reference.ParameterGradients, network.Gradients, 1e-5, 1e-4, "parameter gradient");
        NetworkCases.AssertClose(expectedInputGradient, inputGradient, 1e-5, 1e-4, "input gradient");
    }

    [Fact]
    public void BackwardAccumulatesParameterGradients()
    {
        (ITrainableNetwork network, _) = NetworkCases.Create("Tanh");
        float[] input = NetworkCases.Uniform(3 * network.InputSize, seed: 3);
        float[] outputGradient = NetworkCases.Uniform(3 * network.OutputSize, seed: 4);
        var output = new float[3 * network.OutputSize];

        network.ZeroGradients();
        network.Forward(input, output, 3);
        network.Backward(outputGradient, [], 3);
        float[] once = network.Gradients.ToArray();
        network.Backward(outputGradient, [], 3);

        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], network.Gradients[i], 1e-5f);
    }

    [Fact]
    public void StepActivationThresholdsAndPassesGradientStraightThrough()
    {
        var network = new Networks.Perceptron();
        network.Dense0Weight.Clear();
        network.Dense0Weight[0] = 1f;  // weight of input 0 (rows are inputs)
        network.Dense0Bias[0] = -0.5f;
        var output = new float[2];
        network.Predict([0.2f, 9, 9, 9, 0.5f, -9, -9, -9], output, 2);
        Assert.Equal([0f, 1f], output);

        network.ZeroGradients();
        network.Forward([0.2f, 0, 0, 0, 0.5f, 0, 0, 0], output, 2);
        var inputGradient = new float[8];
        network.Backward([1f, 2f], inputGradient, 2);
        Assert.Equal(1f * 0.2f + 2f * 0.5f, network.Dense0WeightGradient[0], 1e-6f);
        Assert.Equal(3f, network.Dense0BiasGradient[0], 1e-6f);
        Assert.Equal([1f, 0, 0, 0, 2f, 0, 0, 0], inputGradient);
    }
}
