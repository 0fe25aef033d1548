using System.Numerics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>A Conv2DTranspose layer's window, each setting per axis: <see cref="Height"/> down the image, <see cref="Width"/> across it.</summary>
internal sealed record ConvTransposeOptions(ConvTransposeAxis Height, ConvTransposeAxis Width) : LayerOptions
{
    public static ConvTransposeOptions Of(LayerSpec layer) => (ConvTransposeOptions)layer.Options!;

    /// <summary>Kernel taps, KH·KW.</summary>
    public int Taps => Height.Kernel * Width.Kernel;
}

/// <summary>
/// One axis of a transposed convolution, as PyTorch's <c>nn.ConvTranspose2d</c> takes it: input position i adds its
/// kernel's tap k to output position i·Stride − Padding + k·Dilation; OutputPadding rows (or columns) are added at the end.
/// </summary>
internal sealed record ConvTransposeAxis(int Kernel, int Stride, int Padding, int OutputPadding, int Dilation)
{
    /// <summary>(input − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1, exactly (PyTorch's rule).</summary>
    public BigInteger Output(int input) =>
        (BigInteger)(input - 1) * Stride - 2 * (BigInteger)Padding + (BigInteger)Dilation * (Kernel - 1) + OutputPadding + 1;

    /// <summary>The output position input position <paramref name="input"/> sends tap <paramref name="tap"/> to.</summary>
    public int Target(int input, int tap) => input * Stride - Padding + tap * Dilation;
}
