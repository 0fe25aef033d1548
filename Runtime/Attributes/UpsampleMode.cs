namespace NetGen;

/// <summary>How <see cref="Upsample2DAttribute"/> fills the new positions, as PyTorch's <c>nn.Upsample</c> modes.</summary>
public enum UpsampleMode
{
    /// <summary>Each output position repeats the input position it falls in (<c>mode='nearest'</c>).</summary>
    Nearest = 0,

    /// <summary>Linear in each direction between the two nearest input positions (<c>mode='bilinear'</c>, <c>align_corners=False</c>).</summary>
    Bilinear = 1,
}
