namespace NetGen.Tests.Numerics;

/// <summary>First of the composed pair: 5 → 7 tanh → 3 tanh (an encoder, a generator, a frozen base…).</summary>
[Network(5)]
[Dense(7, Activation = Activation.Tanh)]
[Dense(3, Activation = Activation.Tanh)]
public partial class ComposedFirst;

/// <summary>Second of the composed pair, reading the first's output: 3 → 6 sigmoid → 2, squared error.</summary>
[Network(3, Loss = LossKind.MeanSquaredError)]
[Dense(6, Activation = Activation.Sigmoid)]
[Dense(2)]
public partial class ComposedSecond;

/// <summary>
/// Two generated networks chained at run time, A → B: B's input gradient, fed to A's Backward as A's
/// output gradient, gives the gradients of the composed loss, checked against finite differences of that loss
/// for A's and B's parameters and A's input; and the chained training step allocates nothing.
/// </summary>
public class CompositionTests
{
    private const int Batch = 3;

    /// <summary>Forward through A then B, the loss on B's output, Backward through B then A.</summary>
    private sealed class Chain
    {
        public readonly ComposedFirst A = new();
        public readonly ComposedSecond B = new();
        public readonly float[] Input = NetworkCases.Uniform(Batch * ComposedFirst.InputSize, seed: 41);
        public readonly float[] Targets = NetworkCases.Uniform(Batch * ComposedSecond.OutputSize, seed: 42);
        public readonly float[] Hidden = new float[Batch * ComposedFirst.OutputSize];          // A's output = B's input
        public readonly float[] Output = new float[Batch * ComposedSecond.OutputSize];
        public readonly float[] OutputGradient = new float[Batch * ComposedSecond.OutputSize];
        public readonly float[] HiddenGradient = new float[Batch * ComposedFirst.OutputSize];  // B's input gradient = A's output gradient
        public readonly float[] InputGradient = new float[Batch * ComposedFirst.InputSize];

        public Chain()
        {
            A.InitializeParameters(1);
            B.InitializeParameters(2);
        }

        public float ForwardBackward(Span<float> inputGradient)
        {
            A.ZeroGradients();
            B.ZeroGradients();
            A.Forward(Input, Hidden, Batch);
            B.Forward(Hidden, Output, Batch);
            float loss = B.ComputeLoss(Output, Targets, OutputGradient, Batch);
            B.Backward(OutputGradient, HiddenGradient, Batch);
            A.Backward(HiddenGradient, inputGradient, Batch);
            return loss;
        }

        /// <summary>The composed loss by inference passes only, for finite differences.</summary>
        public double Loss()
        {
            A.Predict(Input, Hidden, Batch);
            B.Predict(Hidden, Output, Batch);
            return B.ComputeLoss(Output, Targets, Span<float>.Empty, Batch);
        }
    }

    [Fact]
    public void ChainedBackwardMatchesFiniteDifferencesOfTheComposedLoss()
    {
        var chain = new Chain();
        chain.ForwardBackward(chain.InputGradient);
        float[] gradientA = chain.A.Gradients.ToArray(), gradientB = chain.B.Gradients.ToArray();
        Assert.Contains(gradientA, g => g != 0); // the gradient reached A through B

        // Every real (non-padding) parameter of both networks, and every input.
        CheckAll(chain, chain.A, gradientA, "A");
        CheckAll(chain, chain.B, gradientB, "B");
        for (int i = 0; i < chain.Input.Length; i++)
        {
            AssertMatchesFiniteDifference(chain, ref chain.Input[i], chain.InputGradient[i], $"input {i}");
        }
    }

    private static void CheckAll(Chain chain, INetwork network, float[] gradients, string name)
    {
        foreach (TensorLayout tensor in network.Tensors)
        {
            for (int row = 0; row < tensor.Rows; row++)
            {
                for (int column = 0; column < tensor.Columns; column++)
                {
                    int index = tensor.IndexOf(row, column);
                    AssertMatchesFiniteDifference(chain, ref network.Parameters[index], gradients[index], $"{name} {tensor.Name}[{row}, {column}]");
                }
            }
        }
    }

    /// <summary>Central difference of the composed loss in <paramref name="value"/>, against <paramref name="analytic"/>.</summary>
    private static void AssertMatchesFiniteDifference(Chain chain, ref float value, float analytic, string what)
    {
        const float h = 1e-2f;
        float saved = value;
        value = saved + h;
        double plus = chain.Loss();
        value = saved - h;
        double minus = chain.Loss();
        value = saved;
        double numeric = (plus - minus) / (2 * h);
        double tolerance = 2e-4 + 1e-2 * Math.Max(Math.Abs(numeric), Math.Abs(analytic));
        Assert.True(Math.Abs(numeric - analytic) <= tolerance, $"{what}: finite difference {numeric:G6}, analytic {analytic:G6}");
    }

    [Fact]
    public void ChainedTrainingStepAllocatesNothing()
    {
        var chain = new Chain();
        var optimizerA = new Adam(1e-3f);
        var optimizerB = new Sgd(1e-2f, momentum: 0.9f);
        float firstLoss = chain.ForwardBackward(Span<float>.Empty);
        void Step()
        {
            chain.ForwardBackward(Span<float>.Empty);
            optimizerA.Step(chain.A.Parameters, chain.A.Gradients);
            optimizerB.Step(chain.B.Parameters, chain.B.Gradients);
        }
        for (int i = 0; i < 100; i++) Step(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(chain.ForwardBackward(Span<float>.Empty) < firstLoss, "the chained steps did not lower the loss");
    }
}
