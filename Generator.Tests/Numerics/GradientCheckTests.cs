using NetGen.Tests.Reference;
using static NetGen.Tests.Numerics.FiniteDifferences;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Finite-difference gradient checks. The reference network's analytic gradients are checked in double
/// precision (tight tolerance) for every case; the generated kernels are checked against that reference in
/// <see cref="DenseParityTests"/>, and directly by float finite differences where activations are smooth.
/// The loss is L = Σ r ⊙ output for fixed random r, so ∂L/∂output = r.
/// </summary>
[Trait("Category", "Kernels")]
public class GradientCheckTests
{
    private const int Batch = 3;

    [Theory]
    [MemberData(nameof(NetworkCases.Names), MemberType = typeof(NetworkCases))]
    public void ReferenceGradientsMatchFiniteDifferences(string name)
    {
        if (name == "Step") return; // the step's true derivative is zero; its straight-through backward is tested directly
        (ITrainableNetwork network, ReferenceLayer[] layers) = NetworkCases.Create(name);
        // LeNet-5's plain-loop reference takes tens of milliseconds per forward in a Debug build: one sample
        // and fewer probes keep it to a few seconds (its kernels are compared entry by entry in DenseParityTests).
        bool large = layers[0].Kind == ReferenceLayerKind.Input && network.ParameterCount > 50_000;
        int batch = large ? 1 : Batch, perTensor = large ? 6 : 30, inputProbes = large ? 12 : 40;
        double[] input = NetworkCases.ToDouble(NetworkCases.Uniform(batch * network.InputSize, seed: 21));
        double[] r = NetworkCases.ToDouble(NetworkCases.Uniform(batch * network.OutputSize, seed: 22));
        var reference = new ReferenceNetwork(network, layers) { Training = true };
        if (name == "Dropout") reference.DropoutMasks = [Enumerable.Range(0, Batch * 23).Select(i => i % 3 == 0 ? 0.0 : 1 / 0.7).ToArray()];
        if (name == "ImageOut") reference.DropoutMasks = [Enumerable.Range(0, Batch * 120).Select(i => i % 4 == 1 ? 0.0 : 1 / 0.75).ToArray()];

        reference.Forward(input, batch);
        double[] inputGradient = reference.Backward(r);
        double[] parameterGradient = reference.ParameterGradients;

        const double h = 1e-6;
        double Loss() => Dot(reference.Forward(input, batch), r);
        foreach (int index in SampledParameterIndices(network, perTensor))
        {
            AssertGradient(FiniteDifferences.Central(reference.Parameters, index, h, Loss), parameterGradient[index], 1e-7, 1e-5, $"parameter {index}");
        }
        for (int i = 0; i < input.Length; i += Math.Max(1, input.Length / inputProbes))
        {
            AssertGradient(FiniteDifferences.Central(input, i, h, Loss), inputGradient[i], 1e-7, 1e-5, $"input {i}");
        }
    }

    [Theory]
    [MemberData(nameof(NetworkCases.SmoothNames), MemberType = typeof(NetworkCases))]
    public void GeneratedGradientsMatchFloatFiniteDifferences(string name)
    {
        (ITrainableNetwork network, _) = NetworkCases.Create(name);
        float[] input = NetworkCases.Uniform(Batch * network.InputSize, seed: 31);
        float[] r = NetworkCases.Uniform(Batch * network.OutputSize, seed: 32);
        var output = new float[r.Length];
        var inputGradient = new float[input.Length];
        network.ZeroGradients();
        network.Forward(input, output, Batch);
        network.Backward(r, inputGradient, Batch);
        float[] parameterGradient = network.Gradients.ToArray();

        // The training forward is the function Backward differentiates (batch norm uses the batch's statistics there).
        // A five-point stencil (error O(h⁴)) keeps float rounding small at a step the curvature of a batch norm over
        // three samples would otherwise spoil.
        const float h = 1e-2f;
        double Loss()
        {
            network.Forward(input, output, Batch);
            return Dot(NetworkCases.ToDouble(output), NetworkCases.ToDouble(r));
        }
        double Derivative(Action<float> set, float saved)
        {
            double At(float offset)
            {
                set(saved + offset);
                return Loss();
            }
            double derivative = (8 * (At(h) - At(-h)) - (At(2 * h) - At(-2 * h))) / (12 * h);
            set(saved);
            return derivative;
        }
        foreach (int index in SampledParameterIndices(network))
        {
            double numeric = Derivative(value => network.Parameters[index] = value, network.Parameters[index]);
            AssertGradient(numeric, parameterGradient[index], 2e-3, 1e-2, $"parameter {index}");
        }
        for (int i = 0; i < input.Length; i += Math.Max(1, input.Length / 40))
        {
            int at = i;
            double numeric = Derivative(value => input[at] = value, input[at]);
            AssertGradient(numeric, inputGradient[i], 2e-3, 1e-2, $"input {i}");
        }
    }

    /// <summary>Up to <paramref name="perTensor"/> real (non-padding) parameter indices per parameter tensor (not state), spread over its rows and columns.</summary>
    private static IEnumerable<int> SampledParameterIndices(ITrainableNetwork network, int perTensor = 30) =>
        from tensor in network.Tensors
        where tensor.Buffer == TensorBuffer.Parameters
        let count = tensor.Rows * tensor.Columns
        let step = Math.Max(1, count / perTensor) | 1
        from element in Enumerable.Range(0, count).Where(e => e % step == 0)
        select tensor.IndexOf(element / tensor.Columns, element % tensor.Columns);

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

}
