namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>MaxPool2d</c>, <c>AvgPool2d</c> (count_include_pad: the mean divides by the whole window) and
/// global average pooling (<c>AdaptiveAvgPool2d(1)</c>) on one sample [C, H, W], channel by channel. Max pooling's
/// backward sends the gradient to the window's first maximum in row-major order, as PyTorch does; dx is overwritten.
/// </summary>
public static class Pooling
{
    public static void MaxForward(Span<double> y, Shape o, ReadOnlySpan<double> x, Shape s, Window window, int top, int left)
    {
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++) y[(c * o.H + oh) * o.W + ow] = x[ArgMax(x, s, window, c, oh, ow, top, left)];
    }

    public static void MaxBackward(Span<double> dx, ReadOnlySpan<double> dy, Shape o, ReadOnlySpan<double> x, Shape s, Window window, int top, int left)
    {
        dx.Clear();
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++) dx[ArgMax(x, s, window, c, oh, ow, top, left)] += dy[(c * o.H + oh) * o.W + ow];
    }

    public static void AverageForward(Span<double> y, Shape o, ReadOnlySpan<double> x, Shape s, Window window, int top, int left)
    {
        double size = window.KernelHeight * window.KernelWidth;
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double sum = 0;
                    for (int i = 0; i < window.KernelHeight; i++)
                        for (int j = 0; j < window.KernelWidth; j++)
                        {
                            int h = oh * window.StrideHeight - top + i, w = ow * window.StrideWidth - left + j;
                            if (h >= 0 && h < s.H && w >= 0 && w < s.W) sum += x[(c * s.H + h) * s.W + w];
                        }
                    y[(c * o.H + oh) * o.W + ow] = sum / size;
                }
    }

    public static void AverageBackward(Span<double> dx, ReadOnlySpan<double> dy, Shape o, Shape s, Window window, int top, int left)
    {
        double size = window.KernelHeight * window.KernelWidth;
        dx.Clear();
        for (int c = 0; c < o.C; c++)
            for (int oh = 0; oh < o.H; oh++)
                for (int ow = 0; ow < o.W; ow++)
                {
                    double g = dy[(c * o.H + oh) * o.W + ow] / size;
                    for (int i = 0; i < window.KernelHeight; i++)
                        for (int j = 0; j < window.KernelWidth; j++)
                        {
                            int h = oh * window.StrideHeight - top + i, w = ow * window.StrideWidth - left + j;
                            if (h >= 0 && h < s.H && w >= 0 && w < s.W) dx[(c * s.H + h) * s.W + w] += g;
                        }
                }
    }

    /// <summary>y[c] = mean of x[c, :, :].</summary>
    public static void GlobalAverageForward(Span<double> y, ReadOnlySpan<double> x, Shape s)
    {
        int positions = s.H * s.W;
        for (int c = 0; c < s.C; c++)
        {
            double sum = 0;
            for (int p = 0; p < positions; p++) sum += x[c * positions + p];
            y[c] = sum / positions;
        }
    }

    public static void GlobalAverageBackward(Span<double> dx, ReadOnlySpan<double> dy, Shape s)
    {
        int positions = s.H * s.W;
        for (int c = 0; c < s.C; c++)
            for (int p = 0; p < positions; p++) dx[c * positions + p] = dy[c] / positions;
    }

    /// <summary>Index in x of the first maximum of output (c, oh, ow)'s window, among the in-bounds taps in row-major order.</summary>
    private static int ArgMax(ReadOnlySpan<double> x, Shape s, Window window, int c, int oh, int ow, int top, int left)
    {
        int best = -1;
        for (int i = 0; i < window.KernelHeight; i++)
            for (int j = 0; j < window.KernelWidth; j++)
            {
                int h = oh * window.StrideHeight - top + i, w = ow * window.StrideWidth - left + j;
                if (h < 0 || h >= s.H || w < 0 || w >= s.W) continue;
                int index = (c * s.H + h) * s.W + w;
                if (best < 0 || x[index] > x[best]) best = index;
            }
        return best;
    }
}
