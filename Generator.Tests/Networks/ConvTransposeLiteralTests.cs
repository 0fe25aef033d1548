namespace NetGen.Tests.Networks;

[Network(1, 2, 2)] [Conv2DTranspose(1, 2, Stride = 2, Bias = false)] public partial class TransposeTiles;
[Network(1, 2, 2)] [Conv2DTranspose(1, 2)] public partial class TransposeOverlap;
[Network(1, 2, 2)] [Conv2DTranspose(1, 2, Padding = 1)] public partial class TransposeCropped;
[Network(1, 2, 2)] [Conv2DTranspose(1, 2, Stride = 2, OutputPadding = 1)] public partial class TransposeOutputPadding;
[Network(2, 2, 3)] [Conv2DTranspose(3, 2, KernelWidth = 3, Name = "up")] public partial class TransposeFileLayout;

/// <summary>
/// Conv2DTranspose on a 2×2 input x = [[1, 2], [3, 4]] with the kernel W = [[1, 2], [3, 4]], worked out by hand from
/// PyTorch's definition (input (i, j) adds x[i, j]·W to the output window at (i·s − p, j·s − p)), so the kernels are
/// checked against the definition and not only against the reference written beside them.
/// </summary>
public sealed class ConvTransposeLiteralTests
{
    private static readonly float[] s_input = [1, 2, 3, 4];
    private static readonly float[] s_kernel = [1, 2, 3, 4];

    private static float[] Predict(INetwork network, int outputs)
    {
        var output = new float[outputs];
        network.Predict(s_input, output, 1);
        return output;
    }

    [Fact]
    public void Stride2_TilesTheKernelScaledByEachInput()
    {
        var network = new TransposeTiles();
        s_kernel.CopyTo(network.Deconv0Weight);
        Assert.Equal([1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16], Predict(network, 16));
    }

    [Fact]
    public void Stride1_SumsOverlappingWindows_PlusBias()
    {
        var network = new TransposeOverlap();
        s_kernel.CopyTo(network.Deconv0Weight);
        network.Deconv0Bias[0] = 0.5f;
        // The full 2-D convolution of x with W: y[o] = Σ_i x[i] · W[o − i].
        Assert.Equal([1.5f, 4.5f, 4.5f, 6.5f, 20.5f, 16.5f, 9.5f, 24.5f, 16.5f], Predict(network, 9));
    }

    [Fact]
    public void Padding_CropsTheFullOutput()
    {
        var network = new TransposeCropped();
        s_kernel.CopyTo(network.Deconv0Weight);
        network.Deconv0Bias[0] = 0.5f;
        Assert.Equal([20.5f], Predict(network, 1)); // the middle of the 3×3 above
    }

    [Fact]
    public void OutputPadding_AddsARowAndColumnOfBiasOnly()
    {
        var network = new TransposeOutputPadding();
        s_kernel.CopyTo(network.Deconv0Weight);
        network.Deconv0Bias[0] = -1f;
        float[] output = Predict(network, 25);
        float[] tiles = [1, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16];
        for (int h = 0; h < 5; h++)
        {
            for (int w = 0; w < 5; w++) Assert.Equal(h < 4 && w < 4 ? tiles[h * 4 + w] - 1f : -1f, output[h * 5 + w]);
        }
    }

    [Fact]
    public void Backward_SendsEachOutputGradientToTheInputsThatReachedIt()
    {
        // L = Σ y: ∂L/∂x[i, j] = Σ W = 10 for every input of the stride-2 tiling; ∂L/∂W[t] = Σ x = 10 for every tap.
        var network = new TransposeTiles();
        s_kernel.CopyTo(network.Deconv0Weight);
        network.ZeroGradients();
        network.Forward(s_input, new float[16], 1);
        var inputGradient = new float[4];
        network.Backward(Enumerable.Repeat(1f, 16).ToArray(), inputGradient, 1);
        Assert.Equal([10f, 10f, 10f, 10f], inputGradient);
        Assert.Equal([10f, 10f, 10f, 10f], network.Deconv0WeightGradient[..4].ToArray());
    }

    [Fact]
    public void WeightFile_HoldsPyTorchsLayout_ChannelsFiltersKernel_AndRoundTrips()
    {
        var network = new TransposeFileLayout();
        network.InitializeParameters(3);
        Assert.Equal(["up.weight", "up.bias"], network.Tensors.Select(t => t.Name));
        Assert.Equal([2, 3, 2, 3], network.Tensors[0].Shape.ToArray());
        using var stream = new MemoryStream();
        network.SaveWeights(stream);
        stream.Position = 0;
        float[] values = SafetensorsFile.Read(stream)["up.weight"].ToSingleArray();
        // nn.ConvTranspose2d's weight[c, f, kh, kw]; the network keeps row c as (tap, filter), padded to 32 floats.
        for (int c = 0; c < 2; c++)
            for (int f = 0; f < 3; f++)
                for (int t = 0; t < 6; t++) Assert.Equal(network.UpWeight[c * 32 + t * 3 + f], values[(c * 3 + f) * 6 + t]);

        var target = new TransposeFileLayout();
        stream.Position = 0;
        target.LoadWeights(stream);
        Assert.Equal(network.Parameters.ToArray(), target.Parameters.ToArray());
    }
}
