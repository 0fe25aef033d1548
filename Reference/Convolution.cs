using System.Runtime.CompilerServices;

namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.Conv2d</c> / <c>nn.Conv1d</c> on one sample [C, H, W]: weight [F, C, KH, KW] row-major, bias [F]
/// or none, zero outside the input:
/// y[f, oh, ow] = b[f] + Σ_{c, kh, kw} w[f, c, kh, kw] · x[c, oh·sh − top + kh·dh, ow·sw − left + kw·dw].
/// Backward: db[f] += dy; dw[f, c, kh, kw] += dy · x[…]; dx[…] += dy · w[f, c, kh, kw] (dx is overwritten first).
/// </summary>
public static class Convolution
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the plain loops run hundreds of times in finite-difference checks
    public static void Forward(Span<double> y, Shape o, ReadOnlySpan<double> x, Shape s, Window window, int top, int left, double[] weight, double[]? bias)
    {
        int kh = window.KernelHeight, kw = window.KernelWidth, taps = s.C * kh * kw;
        for (int f = 0; f < o.C; f++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double value = bias is null ? 0 : bias[f];
                    for (int c = 0; c < s.C; c++)
                        for (int i = 0; i < kh; i++)
                        {
                            int h = oh * window.StrideHeight - top + i * window.DilationHeight;
                            if (h < 0 || h >= s.H) continue;
                            for (int j = 0; j < kw; j++)
                            {
                                int w = ow * window.StrideWidth - left + j * window.DilationWidth;
                                if (w < 0 || w >= s.W) continue;
                                value += weight[f * taps + (c * kh + i) * kw + j] * x[(c * s.H + h) * s.W + w];
                            }
                        }
                    y[(f * o.H + oh) * o.W + ow] = value;
                }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Span<double> dx, double[] dweight, double[]? dbias, ReadOnlySpan<double> dy, Shape o, ReadOnlySpan<double> x, Shape s,
        Window window, int top, int left, double[] weight)
    {
        int kh = window.KernelHeight, kw = window.KernelWidth, taps = s.C * kh * kw;
        dx.Clear();
        for (int f = 0; f < o.C; f++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double g = dy[(f * o.H + oh) * o.W + ow];
                    if (dbias is not null) dbias[f] += g;
                    for (int c = 0; c < s.C; c++)
                        for (int i = 0; i < kh; i++)
                        {
                            int h = oh * window.StrideHeight - top + i * window.DilationHeight;
                            if (h < 0 || h >= s.H) continue;
                            for (int j = 0; j < kw; j++)
                            {
                                int w = ow * window.StrideWidth - left + j * window.DilationWidth;
                                if (w < 0 || w >= s.W) continue;
                                int wi = f * taps + (c * kh + i) * kw + j, xi = (c * s.H + h) * s.W + w;
                                dweight[wi] += g * x[xi];
                                dx[xi] += g * weight[wi];
                            }
                        }
                }
    }
}
