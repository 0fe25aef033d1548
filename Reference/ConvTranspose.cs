using System.Runtime.CompilerServices;

namespace NetGen.Reference;

/// <summary>
/// The window of a transposed convolution, each setting per axis as PyTorch's <c>nn.ConvTranspose2d</c> takes it:
/// input row i sends kernel row k to output row i·StrideHeight − PaddingHeight + k·DilationHeight, and the output has
/// (H − 1)·s − 2p + d(k − 1) + outputPadding + 1 rows; the same across the width.
/// </summary>
public readonly record struct TransposedWindow(
    int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PaddingHeight, int PaddingWidth,
    int OutputPaddingHeight, int OutputPaddingWidth, int DilationHeight, int DilationWidth)
{
    /// <summary>The output shape for <paramref name="input"/> with <paramref name="filters"/> output channels.</summary>
    public Shape Apply(Shape input, int filters)
    {
        int oh = (input.H - 1) * StrideHeight - 2 * PaddingHeight + DilationHeight * (KernelHeight - 1) + OutputPaddingHeight + 1;
        int ow = (input.W - 1) * StrideWidth - 2 * PaddingWidth + DilationWidth * (KernelWidth - 1) + OutputPaddingWidth + 1;
        if (oh <= 0 || ow <= 0) throw new ArgumentException($"the transposed window {KernelHeight}x{KernelWidth} leaves no output for {input}");
        return new Shape(filters, oh, ow);
    }
}

/// <summary>
/// PyTorch's <c>nn.ConvTranspose2d</c> on one sample [C, H, W], the scatter form of its definition: weight
/// [C, F, KH, KW] row-major, bias [F] or none;
/// y[f, ih·sh − ph + kh·dh, iw·sw − pw + kw·dw] += w[c, f, kh, kw] · x[c, ih, iw] for every position landing inside
/// the output, then + b[f]. Backward: db[f] += Σ dy; dw[c, f, kh, kw] += dy[…] · x[c, ih, iw]; dx[c, ih, iw] =
/// Σ w[c, f, kh, kw] · dy[…] (dx is overwritten).
/// </summary>
public static class ConvTranspose
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the plain loops run hundreds of times in finite-difference checks
    public static void Forward(Span<double> y, Shape o, ReadOnlySpan<double> x, Shape s, TransposedWindow window, double[] weight, double[]? bias)
    {
        y.Clear();
        int kh = window.KernelHeight, kw = window.KernelWidth;
        for (int c = 0; c < s.C; c++)
            for (int ih = 0; ih < s.H; ih++)
                for (int iw = 0; iw < s.W; iw++)
                {
                    double value = x[(c * s.H + ih) * s.W + iw];
                    for (int f = 0; f < o.C; f++)
                        for (int i = 0; i < kh; i++)
                        {
                            int h = ih * window.StrideHeight - window.PaddingHeight + i * window.DilationHeight;
                            if (h < 0 || h >= o.H) continue;
                            for (int j = 0; j < kw; j++)
                            {
                                int w = iw * window.StrideWidth - window.PaddingWidth + j * window.DilationWidth;
                                if (w < 0 || w >= o.W) continue;
                                y[(f * o.H + h) * o.W + w] += weight[((c * o.C + f) * kh + i) * kw + j] * value;
                            }
                        }
                }
        if (bias is null) return;
        for (int f = 0; f < o.C; f++)
            for (int p = 0; p < o.H * o.W; p++) y[f * o.H * o.W + p] += bias[f];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<double> dx, double[] dweight, double[]? dbias, ReadOnlySpan<double> dy, Shape o, ReadOnlySpan<double> x, Shape s,
        TransposedWindow window, double[] weight)
    {
        int kh = window.KernelHeight, kw = window.KernelWidth;
        dx.Clear();
        if (dbias is not null)
        {
            for (int f = 0; f < o.C; f++)
                for (int p = 0; p < o.H * o.W; p++) dbias[f] += dy[f * o.H * o.W + p];
        }
        for (int c = 0; c < s.C; c++)
            for (int ih = 0; ih < s.H; ih++)
                for (int iw = 0; iw < s.W; iw++)
                {
                    int xi = (c * s.H + ih) * s.W + iw;
                    for (int f = 0; f < o.C; f++)
                        for (int i = 0; i < kh; i++)
                        {
                            int h = ih * window.StrideHeight - window.PaddingHeight + i * window.DilationHeight;
                            if (h < 0 || h >= o.H) continue;
                            for (int j = 0; j < kw; j++)
                            {
                                int w = iw * window.StrideWidth - window.PaddingWidth + j * window.DilationWidth;
                                if (w < 0 || w >= o.W) continue;
                                int wi = ((c * o.C + f) * kh + i) * kw + j;
                                double g = dy[(f * o.H + h) * o.W + w];
                                dweight[wi] += g * x[xi];
                                dx[xi] += g * weight[wi];
                            }
                        }
                }
    }
}
