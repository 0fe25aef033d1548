namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.Linear</c> on one sample: y = W x + b, W [out, in] row-major, b [out] or none.
/// Backward: db += dy; dW += dy xᵀ; dx = Wᵀ dy (dx is overwritten, parameter gradients accumulate).
/// </summary>
public static class Dense
{
    /// <summary>y [out] = W x + b for x [in].</summary>
    public static void Forward(Span<double> y, ReadOnlySpan<double> x, double[] weight, double[]? bias)
    {
        int inputs = x.Length;
        for (int o = 0; o < y.Length; o++)
        {
            double z = bias is null ? 0 : bias[o];
            for (int i = 0; i < inputs; i++) z += weight[o * inputs + i] * x[i];
            y[o] = z;
        }
    }

    public static void Backward(Span<double> dx, double[] dweight, double[]? dbias, ReadOnlySpan<double> dy, ReadOnlySpan<double> x, double[] weight)
    {
        int inputs = x.Length;
        dx.Clear();
        for (int o = 0; o < dy.Length; o++)
        {
            double g = dy[o];
            if (dbias is not null) dbias[o] += g;
            for (int i = 0; i < inputs; i++)
            {
                dweight[o * inputs + i] += g * x[i];
                dx[i] += g * weight[o * inputs + i];
            }
        }
    }
}
