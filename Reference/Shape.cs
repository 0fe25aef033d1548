namespace NetGen.Reference;

/// <summary>
/// A per-sample tensor shape [C, H, W], row-major: an image is [C, H, W], a 1-D signal [C, 1, L], a vector [N, 1, 1].
/// Sequence layers see their [T, F] samples as the vector [T·F, 1, 1] and take F from their <see cref="Layer.Inputs"/>.
/// </summary>
public readonly record struct Shape(int C, int H, int W)
{
    /// <summary>A vector of <paramref name="size"/> features, [size, 1, 1].</summary>
    public static Shape Vector(int size) => new(size, 1, 1);

    public int Size => C * H * W;

    public override string ToString() => H == 1 && W == 1 ? $"[{C}]" : $"[{C}, {H}, {W}]";
}
