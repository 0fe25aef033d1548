namespace NetGen.Tests.Numerics;

[Network(4)] [Dense(37, Activation = Activation.ReLU)] public partial class NanRelu;
[Network(4)] [Dense(37, Activation = Activation.LeakyReLU)] public partial class NanLeakyRelu;
[Network(4)] [Dense(37, Activation = Activation.Step)] public partial class NanStep;
[Network(4)] [Dense(37, Activation = Activation.Sigmoid)] public partial class NanSigmoid;
[Network(4)] [Dense(37, Activation = Activation.Tanh)] public partial class NanTanh;
[Network(4)] [Dense(37, Activation = Activation.Softmax)] public partial class NanSoftmax;
[Network(37)] [Activation(Activation.ReLU)] public partial class NanReluLayer;
[Network(37)] [Activation(Activation.LeakyReLU)] public partial class NanLeakyReluLayer;
[Network(37)] [Activation(Activation.Step)] public partial class NanStepLayer;
[Network(37)] [Activation(Activation.Sigmoid)] public partial class NanSigmoidLayer;
[Network(37)] [Activation(Activation.Tanh)] public partial class NanTanhLayer;
[Network(37)] [Activation(Activation.Softmax)] public partial class NanSoftmaxLayer;
[Network(3, 4, 4)] [MaxPool2D(2)] public partial class NanMaxPool;
[Network(3, 4, 4)] [Conv2D(2, 1, Activation = Activation.ReLU)] [MaxPool2D(2)] public partial class NanReluMaxPool;
[Network(19, 5)] [GlobalMaxPool1D] public partial class NanGlobalMaxPool;

/// <summary>
/// NaN is never hidden as a number: as in PyTorch, a NaN input gives NaN exactly in the outputs that depend on it,
/// through every activation and pooling, and ReLU's backward passes the gradient of a NaN output on (threshold_backward
/// drops it only where y ≤ 0). A Kernels test, so it also runs on 256- and 128-bit vectors (see VectorWidthTests).
/// </summary>
[Trait("Category", "Kernels")]
public sealed class NanPropagationTests
{
    private static float[] Predict(ITrainableNetwork network, float[] input)
    {
        network.InitializeParameters(7);
        var output = new float[network.OutputSize];
        network.Predict(input, output, 1);
        return output;
    }

    private static float[] WithNaN(int length, int position)
    {
        float[] input = Enumerable.Repeat(1f, length).ToArray();
        input[position] = float.NaN;
        return input;
    }

    public static TheoryData<string, int> ActivationCases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "ReLU", "LeakyReLU", "Step", "Sigmoid", "Tanh", "Softmax" })
        {
            for (int position = 0; position < 4; position++) data.Add(name, position);
        }
        return data;
    }

    private static ITrainableNetwork Network(string activation) => activation switch
    {
        "ReLU" => new NanRelu(),
        "LeakyReLU" => new NanLeakyRelu(),
        "Step" => new NanStep(),
        "Sigmoid" => new NanSigmoid(),
        "Tanh" => new NanTanh(),
        _ => new NanSoftmax(),
    };

    private static ITrainableNetwork Layer(string activation) => activation switch
    {
        "ReLU" => new NanReluLayer(),
        "LeakyReLU" => new NanLeakyReluLayer(),
        "Step" => new NanStepLayer(),
        "Sigmoid" => new NanSigmoidLayer(),
        "Tanh" => new NanTanhLayer(),
        _ => new NanSoftmaxLayer(),
    };

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ANaNInput_OfAStandAloneActivation_IsNaNWhereItWas_OrEverywhereForSoftmax(string activation, int position)
    {
        // 37 inputs, -2 to 2 around the NaN: both signs reach every activation's branches.
        float[] input = Enumerable.Range(0, 37).Select(i => (i % 9 - 4) / 2f).ToArray();
        input[position * 9] = float.NaN;
        float[] output = Predict(Layer(activation), input);
        for (int i = 0; i < output.Length; i++)
        {
            bool nan = activation == "Softmax" || i == position * 9;
            Assert.True(float.IsNaN(output[i]) == nan, $"{activation}, NaN at {position * 9}: output[{i}] = {output[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ANaNInput_GivesNaNInEveryUnitOfADenseLayer(string activation, int position)
    {
        // Every unit reads every input, so every output is NaN (37 units: two 16-lane vectors and a padded one).
        float[] output = Predict(Network(activation), WithNaN(4, position));
        Assert.All(output, value => Assert.True(float.IsNaN(value), $"{activation}: [{string.Join(", ", output)}]"));
    }

    [Fact]
    public void WithoutNaN_TheActivationsGiveNumbers()
    {
        foreach (string activation in new[] { "ReLU", "LeakyReLU", "Step", "Sigmoid", "Tanh", "Softmax" })
        {
            Assert.All(Predict(Network(activation), [1f, -2f, 0.5f, 3f]), value => Assert.True(float.IsFinite(value), activation));
        }
    }

    [Fact]
    public void ReluBackward_PassesTheGradientOfANaNOutput()
    {
        var network = new NanRelu();
        network.InitializeParameters(7);
        var output = new float[NanRelu.OutputSize];
        network.Forward(WithNaN(4, 2), output, 1);
        network.ZeroGradients();
        network.Backward(Enumerable.Repeat(1f, NanRelu.OutputSize).ToArray(), [], 1);
        // ∂loss/∂bias = dy where y is NaN (PyTorch: y ≤ 0 ? 0 : dy); a mask of y > 0 gave 0.
        Assert.All(network.Dense0BiasGradient.ToArray(), gradient => Assert.Equal(1f, gradient));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANaNInput_GivesNaNOnlyInItsMaxPoolWindow(bool relu)
    {
        ITrainableNetwork network = relu ? new NanReluMaxPool() : new NanMaxPool();
        int channels = relu ? 2 : 3;
        for (int position = 0; position < 3 * 16; position++)
        {
            float[] output = Predict(network, WithNaN(48, position));
            int h = position % 16 / 4, w = position % 4;
            for (int o = 0; o < output.Length; o++)
            {
                // Output [channels, 2, 2]: window (oh, ow) covers rows 2oh..2oh+1 and columns 2ow..2ow+1. A 1×1 convolution
                // mixes channels, so after it the NaN reaches every channel's window; without it, only its own channel's.
                int c = o / 4, oh = o % 4 / 2, ow = o % 2;
                bool expected = h / 2 == oh && w / 2 == ow && (relu || c == position / 16);
                Assert.True(float.IsNaN(output[o]) == expected, $"NaN at {position}: output {o} (channel {c} of {channels}) is {output[o]}");
            }
        }
    }

    [Fact]
    public void ANaNInput_GivesNaNOnlyInItsChannelOfAGlobalMaxPool()
    {
        // 19 channels: one 16-lane vector and a padded one (and 8 + 8 + 3, 4 + ... on narrower vectors).
        for (int position = 0; position < 19 * 5; position++)
        {
            float[] output = Predict(new NanGlobalMaxPool(), WithNaN(19 * 5, position));
            for (int c = 0; c < 19; c++)
            {
                Assert.True(float.IsNaN(output[c]) == (c == position / 5), $"NaN at {position}: channel {c} is {output[c]}");
            }
        }
    }
    [Fact]
    public void MaxPoolBackward_GivesTheGradientOfANaNMaximumToTheNaN()
    {
        // The NaN is its window's maximum (forward), so it gets the window's gradient; matching x == max alone gave it to no one.
        for (int position = 0; position < 3 * 16; position++)
        {
            var network = new NanMaxPool();
            var inputGradient = new float[48];
            network.Forward(WithNaN(48, position), new float[NanMaxPool.OutputSize], 1);
            network.Backward(Enumerable.Repeat(1f, NanMaxPool.OutputSize).ToArray(), inputGradient, 1);
            int c = position / 16, h = position % 16 / 4, w = position % 4;
            for (int i = 0; i < 48; i++)
            {
                bool sameWindow = i / 16 == c && i % 16 / 4 / 2 == h / 2 && i % 4 / 2 == w / 2;
                if (sameWindow) Assert.Equal(i == position ? 1f : 0f, inputGradient[i]);
            }
        }
    }

    [Fact]
    public void GlobalMaxPoolBackward_GivesTheGradientOfANaNMaximumToTheNaN()
    {
        for (int position = 0; position < 19 * 5; position++)
        {
            var network = new NanGlobalMaxPool();
            var inputGradient = new float[19 * 5];
            network.Forward(WithNaN(19 * 5, position), new float[NanGlobalMaxPool.OutputSize], 1);
            network.Backward(Enumerable.Repeat(1f, NanGlobalMaxPool.OutputSize).ToArray(), inputGradient, 1);
            for (int i = position / 5 * 5; i < position / 5 * 5 + 5; i++) Assert.Equal(i == position ? 1f : 0f, inputGradient[i]);
        }
    }
}
