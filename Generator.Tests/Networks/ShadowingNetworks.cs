namespace NetGen.Tests.Networks.Shadowing
{
    // A user namespace whose own types share their names with the framework types generated code uses. Generated
    // code qualifies every type with global::, so none of these may be picked up in place of the framework's.

    public sealed class Stream;
    public sealed class Unsafe;
    public sealed class MemoryMarshal;
    public sealed class Vector512;
    public sealed class Vector256;
    public sealed class Vector128;
    public sealed class ArgumentException;
    public sealed class ArgumentOutOfRangeException;
    public sealed class InvalidOperationException;
    public sealed class MethodImplOptions;
    public sealed class MethodImplAttribute;
    public sealed class Span;
    public sealed class ReadOnlySpan;
    public sealed class Math;
    public sealed class MathF;
    public sealed class TensorPrimitives;
    public sealed class Avx512F;
    public sealed class Fma;
    public sealed class Parallel;
    public sealed class NetGen;

    /// <summary>Convolution, batch norm, pooling and Dense layers compiled beside the shadowing types above.</summary>
    [global::NetGen.Network(2, 8, 6, Loss = global::NetGen.LossKind.SoftmaxCrossEntropy)]
    [global::NetGen.Conv2D(4, 3, Padding = 1, Activation = global::NetGen.Activation.ReLU)]
    [global::NetGen.BatchNorm]
    [global::NetGen.MaxPool2D(2)]
    [global::NetGen.Flatten]
    [global::NetGen.Dense(5, Activation = global::NetGen.Activation.Tanh)]
    [global::NetGen.Dropout(0.1f)]
    [global::NetGen.Dense(3)]
    public partial class ShadowedConvNet;

    /// <summary>A bidirectional LSTM, layer norm and an embedding beside the shadowing types above.</summary>
    [global::NetGen.Network(6, Loss = global::NetGen.LossKind.MeanSquaredError)]
    [global::NetGen.Embedding(11, 4)]
    [global::NetGen.LSTM(5, Bidirectional = true, ReturnSequences = true)]
    [global::NetGen.GRU(3)]
    [global::NetGen.LayerNorm]
    [global::NetGen.Dense(2)]
    public partial class ShadowedSequenceNet;
}

namespace NetGen.Tests.Networks
{
    /// <summary>Networks declared beside types named like the framework's compile, run and train.</summary>
    public class ShadowingTests
    {
        [Fact]
        public void ConvNetworkRunsAndTrainsBesideShadowingTypes()
        {
            var network = new Shadowing.ShadowedConvNet();
            network.InitializeParameters(seed: 5);
            var input = new float[3 * 2 * 8 * 6];
            for (int i = 0; i < input.Length; i++) input[i] = MathF.Sin(i * 0.37f);
            var output = new float[3 * 3];
            network.Predict(input, output, 3);
            Assert.All(output, value => Assert.True(float.IsFinite(value)));
            Assert.Contains(output, value => value != 0f);

            network.Forward(input, new float[3 * 3], 3);
            network.Backward([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], new float[input.Length], 3);
            Assert.Contains(network.Gradients.ToArray(), value => value != 0f);
        }

        [Fact]
        public void SequenceNetworkRunsBesideShadowingTypes()
        {
            var network = new Shadowing.ShadowedSequenceNet();
            network.InitializeParameters(seed: 5);
            float[] tokens = [1, 4, 10, 0, 3, 7, 2, 2, 9, 5, 6, 8];
            var output = new float[2 * 2];
            network.Predict(tokens, output, 2);
            Assert.All(output, value => Assert.True(float.IsFinite(value)));
            Assert.Contains(output, value => value != 0f);
        }
    }
}
