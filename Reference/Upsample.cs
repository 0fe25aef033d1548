namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.Upsample(scale_factor=(sh, sw), mode='nearest' | 'bilinear')</c> (align_corners=False) on one sample
/// [C, H, W] → [C, H·sh, W·sw]. Nearest reads x[⌊i / s⌋]; bilinear reads the source coordinate (i + ½) / s − ½, clamped
/// at 0, between its two neighbours (the last one repeated at the edge). Backward sends each output gradient to the
/// inputs it read, with the same weights; dx is overwritten.
/// </summary>
public static class Upsample
{
    public static void Forward(Span<double> y, Shape o, ReadOnlySpan<double> x, Shape s, bool bilinear)
    {
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double sum = 0;
                    foreach ((int h, int w, double weight) in Sources(oh, ow, o, s, bilinear)) sum += weight * x[(c * s.H + h) * s.W + w];
                    y[(c * o.H + oh) * o.W + ow] = sum;
                }
    }

    public static void Backward(Span<double> dx, ReadOnlySpan<double> dy, Shape o, Shape s, bool bilinear)
    {
        dx.Clear();
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double g = dy[(c * o.H + oh) * o.W + ow];
                    foreach ((int h, int w, double weight) in Sources(oh, ow, o, s, bilinear)) dx[(c * s.H + h) * s.W + w] += weight * g;
                }
    }

    /// <summary>The input positions output (oh, ow) reads and their weights.</summary>
    private static IEnumerable<(int H, int W, double Weight)> Sources(int oh, int ow, Shape o, Shape s, bool bilinear)
    {
        if (!bilinear)
        {
            yield return (oh * s.H / o.H, ow * s.W / o.W, 1);
            yield break;
        }
        (int h0, int h1, double lh) = Neighbours(oh, s.H, o.H / s.H);
        (int w0, int w1, double lw) = Neighbours(ow, s.W, o.W / s.W);
        yield return (h0, w0, (1 - lh) * (1 - lw));
        yield return (h0, w1, (1 - lh) * lw);
        yield return (h1, w0, lh * (1 - lw));
        yield return (h1, w1, lh * lw);
    }

    /// <summary>The two input rows (or columns) around output <paramref name="i"/> and the weight of the second.</summary>
    public static (int First, int Second, double Weight) Neighbours(int i, int input, int scale)
    {
        double source = Math.Max(0, (i + 0.5) / scale - 0.5);
        int first = Math.Min((int)source, input - 1);
        int second = Math.Min(first + 1, input - 1);
        return (first, second, source - first);
    }
}
