namespace NetGen;

/// <summary>
/// Enlarges a [channels, height, width] image by whole factors, as PyTorch's
/// <c>nn.Upsample(scale_factor=(Scale, ScaleWidth), mode=…)</c>: what a convolutional decoder or a DCGAN generator
/// uses before a convolution. It has no parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Upsample2DAttribute : LayerAttribute
{
    public Upsample2DAttribute(int scale) => Scale = scale;

    /// <summary>The factor of the height, and of the width unless <see cref="ScaleWidth"/> is set.</summary>
    public int Scale { get; }

    /// <summary>The factor of the width when it differs from the height's; 0 means <see cref="Scale"/>.</summary>
    public int ScaleWidth { get; set; }

    /// <summary>Nearest (the default) or bilinear.</summary>
    public UpsampleMode Mode { get; set; }
}
