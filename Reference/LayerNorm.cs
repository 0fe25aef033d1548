namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.LayerNorm</c> over all of one sample's N features: y = γ (x − μ) / √(σ² + ε) + β, μ and the
/// biased σ² of that sample, γ and β [N]. Backward, with g = dy ⊙ γ and x̂ the normalized input:
/// dβ += dy; dγ += dy x̂; dx = (g − mean(g) − x̂ mean(g x̂)) / √(σ² + ε) (dx is overwritten).
/// </summary>
public static class LayerNorm
{
    public static void Forward(Span<double> y, ReadOnlySpan<double> x, double[] gamma, double[] beta, double epsilon)
    {
        (double mean, double inverseStd) = Statistics(x, epsilon);
        for (int j = 0; j < x.Length; j++) y[j] = gamma[j] * (x[j] - mean) * inverseStd + beta[j];
    }

    public static void Backward(Span<double> dx, double[] dgamma, double[] dbeta, ReadOnlySpan<double> dy, ReadOnlySpan<double> x, double[] gamma, double epsilon)
    {
        int width = x.Length;
        (double mean, double inverseStd) = Statistics(x, epsilon);
        double meanG = 0, meanGXhat = 0;
        for (int j = 0; j < width; j++)
        {
            double xhat = (x[j] - mean) * inverseStd, g = dy[j] * gamma[j];
            dbeta[j] += dy[j];
            dgamma[j] += dy[j] * xhat;
            meanG += g / width;
            meanGXhat += g * xhat / width;
        }
        for (int j = 0; j < width; j++)
        {
            double xhat = (x[j] - mean) * inverseStd, g = dy[j] * gamma[j];
            dx[j] = inverseStd * (g - meanG - xhat * meanGXhat);
        }
    }

    private static (double Mean, double InverseStd) Statistics(ReadOnlySpan<double> row, double epsilon)
    {
        double mean = 0, variance = 0;
        foreach (double v in row) mean += v / row.Length;
        foreach (double v in row) variance += (v - mean) * (v - mean) / row.Length;
        return (mean, 1 / Math.Sqrt(variance + epsilon));
    }
}
