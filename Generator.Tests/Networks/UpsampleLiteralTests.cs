namespace NetGen.Tests.Networks;

[Network(1, 2, 2)] [Upsample2D(2)] public partial class NearestTwoByTwo;
[Network(1, 2, 2)] [Upsample2D(2, Mode = UpsampleMode.Bilinear)] public partial class BilinearTwoByTwo;

/// <summary>
/// The example of PyTorch's <c>nn.Upsample</c> documentation, [[1, 2], [3, 4]] by 2: values printed there, so the
/// generated kernels are checked against PyTorch itself and not only against the reference written beside them.
/// </summary>
public sealed class UpsampleLiteralTests
{
    private static readonly float[] s_input = [1, 2, 3, 4];

    [Fact]
    public void Nearest_RepeatsEachValue_AsPyTorchsDocumentation()
    {
        var output = new float[16];
        new NearestTwoByTwo().Predict(s_input, output);
        Assert.Equal([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], output);
    }

    [Fact]
    public void Bilinear_AlignCornersFalse_AsPyTorchsDocumentation()
    {
        var output = new float[16];
        new BilinearTwoByTwo().Predict(s_input, output);
        float[] expected = [1.00f, 1.25f, 1.75f, 2.00f, 1.50f, 1.75f, 2.25f, 2.50f, 2.50f, 2.75f, 3.25f, 3.50f, 3.00f, 3.25f, 3.75f, 4.00f];
        for (int i = 0; i < 16; i++) Assert.Equal(expected[i], output[i], 6);
    }

    [Fact]
    public void BilinearBackward_SendsEachGradientToTheInputsItRead()
    {
        // The sum of all outputs is linear in the inputs; its gradient is what each input contributes: 4 each, by symmetry.
        var network = new BilinearTwoByTwo();
        var output = new float[16];
        network.Forward(s_input, output, 1);
        var inputGradient = new float[4];
        network.Backward(Enumerable.Repeat(1f, 16).ToArray(), inputGradient, 1);
        Assert.All(inputGradient, g => Assert.Equal(4f, g, 5));
    }
}
