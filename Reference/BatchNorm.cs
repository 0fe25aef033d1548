namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.BatchNorm1d</c> / <c>nn.BatchNorm2d</c> on a batch [B, C, H, W]: per channel c,
/// y = γ_c (x − μ_c) / √(σ²_c + ε) + β_c. Training: μ, σ² are the batch's mean and biased variance over B × H × W,
/// and the running statistics move by the momentum m: running ← (1 − m) running + m · statistic, with the unbiased
/// variance (× n / (n − 1)). Inference: μ, σ² are the running statistics.
/// Backward (training only): dβ += Σ dy; dγ += Σ dy x̂; dx = γ / (n √(σ² + ε)) · (n dy − Σ dy − x̂ Σ dy x̂),
/// with the statistics recomputed from the saved input.
/// </summary>
public static class BatchNorm
{
    public static void Forward(double[] y, double[] x, Shape s, int batch, double[] gamma, double[] beta, double[] runningMean, double[] runningVariance,
        bool training, double momentum, double epsilon)
    {
        int positions = s.H * s.W, count = batch * positions;
        for (int c = 0; c < s.C; c++)
        {
            double mean, variance;
            if (training)
            {
                (mean, variance) = ChannelStatistics(x, s, batch, c);
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean;
                runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * variance * count / (count - 1);
            }
            else
            {
                (mean, variance) = (runningMean[c], runningVariance[c]);
            }
            double inverseStd = 1 / Math.Sqrt(variance + epsilon);
            for (int n = 0; n < batch; n++)
                for (int p = 0; p < positions; p++)
                {
                    int i = n * s.Size + c * positions + p;
                    y[i] = gamma[c] * (x[i] - mean) * inverseStd + beta[c];
                }
        }
    }

    public static void Backward(double[] dx, double[] dgamma, double[] dbeta, double[] dy, double[] x, Shape s, int batch, double[] gamma, double epsilon)
    {
        int positions = s.H * s.W, count = batch * positions;
        for (int c = 0; c < s.C; c++)
        {
            (double mean, double variance) = ChannelStatistics(x, s, batch, c);
            double inverseStd = 1 / Math.Sqrt(variance + epsilon);
            double sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < batch; n++)
                for (int p = 0; p < positions; p++)
                {
                    int i = n * s.Size + c * positions + p;
                    sumDy += dy[i];
                    sumDyXhat += dy[i] * (x[i] - mean) * inverseStd;
                }
            dbeta[c] += sumDy;
            dgamma[c] += sumDyXhat;
            for (int n = 0; n < batch; n++)
                for (int p = 0; p < positions; p++)
                {
                    int i = n * s.Size + c * positions + p;
                    double xhat = (x[i] - mean) * inverseStd;
                    dx[i] = gamma[c] * inverseStd / count * (count * dy[i] - sumDy - xhat * sumDyXhat);
                }
        }
    }

    /// <summary>Mean and biased variance of channel <paramref name="c"/> over the batch and all positions.</summary>
    private static (double Mean, double Variance) ChannelStatistics(double[] x, Shape s, int batch, int c)
    {
        int positions = s.H * s.W, count = batch * positions;
        double sum = 0, squares = 0;
        for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++) sum += x[n * s.Size + c * positions + p];
        double mean = sum / count;
        for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++)
            {
                double d = x[n * s.Size + c * positions + p] - mean;
                squares += d * d;
            }
        return (mean, squares / count);
    }
}
