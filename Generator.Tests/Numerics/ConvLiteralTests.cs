using NetGen.Tests.Networks;

namespace NetGen.Tests.Numerics;

/// <summary>A 2×2 cross-correlation (PyTorch's conv2d: the kernel is not flipped) on a 3×3 image.</summary>
[Network(1, 3, 3, Loss = LossKind.MeanSquaredError)]
[Conv2D(1, 2, Bias = false)]
public partial class TinyConvNet;

/// <summary>A 2×2 max pool with padding 1 on a 2×2 image: every window holds one real pixel and three padding cells.</summary>
[Network(1, 2, 2)]
[MaxPool2D(2, Padding = 1)]
public partial class PaddedMaxPoolNet;

/// <summary>
/// A 1×1 ReLU convolution under a tiling 2×2 max pool: the pool's backward also applies the ReLU's derivative
/// (the planner fuses them), so ties and all-negative windows are checked by hand here.
/// </summary>
[Network(1, 2, 4)]
[Conv2D(1, 1, Activation = Activation.ReLU)]
[MaxPool2D(2)]
public partial class ReluMaxPoolNet;

/// <summary>Hand-computed values: what the reference and the generated code are compared against, checked once by hand.</summary>
public class ConvLiteralTests
{
    [Fact]
    public void ConvolutionIsCrossCorrelation_ForwardAndBackwardByHand()
    {
        var network = new TinyConvNet();
        TensorLayout weight = network.Tensors.Single(t => t.Name == "conv0.weight");
        float[] kernel = [1, 2, 3, 4]; // W[0, 0, kh, kw] row-major
        for (int i = 0; i < 4; i++) network.Parameters[weight.IndexOf(0, i)] = kernel[i];
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var output = new float[4];

        network.Predict(input, output, 1);
        // out[0,0] = 1·1 + 2·2 + 3·4 + 4·5 = 37, out[0,1] = 1·2 + 2·3 + 3·5 + 4·6 = 47, and so on.
        Assert.Equal([37f, 47f, 67f, 77f], output);

        network.ZeroGradients();
        network.Forward(input, output, 1);
        var inputGradient = new float[9];
        network.Backward([1, 0, 0, 10], inputGradient, 1);
        // dW[kh,kw] = Σ dy[oh,ow]·x[oh+kh, ow+kw] = 1·x[kh,kw] + 10·x[kh+1,kw+1]
        float[] expectedWeightGradient = [1 + 50, 2 + 60, 4 + 80, 5 + 90];
        for (int i = 0; i < 4; i++) Assert.Equal(expectedWeightGradient[i], network.Gradients[weight.IndexOf(0, i)]);
        // dx = dy[0,0]·W placed at (0,0) + dy[1,1]·W placed at (1,1)
        Assert.Equal([1f, 2, 0, 3, 4 + 10, 20, 0, 30, 40], inputGradient);
    }

    [Fact]
    public void MaxPoolTies_SendTheGradientToTheFirstMaximumInRowMajorOrder()
    {
        var network = new MaxPoolExample();
        float[] input = Enumerable.Repeat(1f, 16).ToArray();
        input[5] = 1f; // (1,1) ties with (0,0), (0,1) and (1,0)
        input[10] = 3f; input[11] = 3f; input[14] = 3f; input[15] = 3f; // bottom-right window: four equal maxima
        var output = new float[4];
        network.Forward(input, output, 1);
        Assert.Equal([1f, 1f, 1f, 3f], output);

        var inputGradient = new float[16];
        network.Backward([1, 2, 3, 4], inputGradient, 1);
        float[] expected = new float[16];
        expected[0] = 1; expected[2] = 2; expected[8] = 3; expected[10] = 4;
        Assert.Equal(expected, inputGradient);
    }

    [Fact]
    public void MaxPoolPadding_IsNeverChosen_EvenWhenEveryPixelIsNegative()
    {
        var network = new PaddedMaxPoolNet();
        Assert.Equal(4, PaddedMaxPoolNet.OutputSize);
        float[] input = [-4, -3, -2, -1];
        var output = new float[4];
        network.Forward(input, output, 1);
        Assert.Equal(input, output);

        var inputGradient = new float[4];
        network.Backward([1, 2, 3, 4], inputGradient, 1);
        Assert.Equal([1f, 2, 3, 4], inputGradient);
    }

    [Fact]
    public void ReluUnderMaxPool_TiesGoToTheFirstMaximum_AndNonPositiveWindowsGetNoGradient()
    {
        var network = new ReluMaxPoolNet();
        network.Parameters[network.Tensors.Single(t => t.Name == "conv0.weight").IndexOf(0, 0)] = 1;
        // Left window: 3 at (0,0), (0,1) and (1,1). Right window: all negative, so every ReLU output is 0 and the
        // pool's first "maximum" has a ReLU derivative of 0.
        float[] input = [3, 3, -1, -2, 1, 3, -5, -1];
        var output = new float[2];
        network.Forward(input, output, 1);
        Assert.Equal([3f, 0f], output);

        network.ZeroGradients();
        var inputGradient = new float[8];
        network.Backward([5, 7], inputGradient, 1);
        Assert.Equal([5f, 0, 0, 0, 0, 0, 0, 0], inputGradient);
        // dW = 5 · x(0,0), db = 5: only the first maximum's position carries a gradient.
        Assert.Equal(15f, network.Gradients[network.Tensors.Single(t => t.Name == "conv0.weight").IndexOf(0, 0)]);
        Assert.Equal(5f, network.Gradients[network.Tensors.Single(t => t.Name == "conv0.bias").IndexOf(0, 0)]);
    }
}
