namespace NetGen.Tests.Reference;

internal sealed partial record ReferenceLayer
{
    /// <summary>Added to the variance of batch and layer norm.</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>Batch norm's weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; init; } = 0.1;

    public static ReferenceLayer BatchNorm(string name, double momentum = 0.1, double epsilon = 1e-5) =>
        new(ReferenceLayerKind.BatchNorm, Name: name) { Momentum = momentum, Epsilon = epsilon };

    public static ReferenceLayer LayerNorm(string name, double epsilon = 1e-5) =>
        new(ReferenceLayerKind.LayerNorm, Name: name) { Epsilon = epsilon };
}

/// <summary>
/// Batch and layer normalization of the reference, straight from PyTorch's definitions on per-sample [C, H, W]
/// tensors (a vector is [C, 1, 1]): batch norm per channel over batch × H × W, layer norm per sample over all its
/// features; biased variance for normalizing, unbiased for batch norm's running variance. Backward is the chain
/// rule written out per element, with the statistics recomputed from the saved input.
/// </summary>
internal sealed partial class ReferenceNetwork
{
    private double[] BatchNormForward(ReferenceLayer layer, double[] x, Shape s, int batch)
    {
        (TensorLayout gamma, TensorLayout beta, TensorLayout runningMean, TensorLayout runningVariance) = NormTensors(layer);
        int positions = s.H * s.W, count = batch * positions;
        var y = new double[x.Length];
        for (int c = 0; c < s.C; c++)
        {
            double mean, variance;
            if (Training)
            {
                (mean, variance) = ChannelStatistics(x, s, batch, c);
                State[runningMean.IndexOf(0, c)] = (1 - layer.Momentum) * State[runningMean.IndexOf(0, c)] + layer.Momentum * mean;
                State[runningVariance.IndexOf(0, c)] = (1 - layer.Momentum) * State[runningVariance.IndexOf(0, c)] + layer.Momentum * variance * count / (count - 1);
            }
            else
            {
                (mean, variance) = (State[runningMean.IndexOf(0, c)], State[runningVariance.IndexOf(0, c)]);
            }
            double inverseStd = 1 / Math.Sqrt(variance + layer.Epsilon);
            for (int n = 0; n < batch; n++)
                for (int p = 0; p < positions; p++)
                {
                    int i = n * s.Size + c * positions + p;
                    y[i] = Parameters[gamma.IndexOf(0, c)] * (x[i] - mean) * inverseStd + Parameters[beta.IndexOf(0, c)];
                }
        }
        return y;
    }

    /// <summary>Training-mode backward: γ and β gradients (+=) and dx through the batch statistics.</summary>
    private double[] BatchNormBackward(ReferenceLayer layer, double[] x, Shape s, double[] dy, int batch)
    {
        Assert.True(Training, "batch norm's reference backward is the training-mode gradient");
        (TensorLayout gamma, TensorLayout beta, _, _) = NormTensors(layer);
        int positions = s.H * s.W, count = batch * positions;
        var dx = new double[x.Length];
        for (int c = 0; c < s.C; c++)
        {
            (double mean, double variance) = ChannelStatistics(x, s, batch, c);
            double inverseStd = 1 / Math.Sqrt(variance + layer.Epsilon), g = Parameters[gamma.IndexOf(0, c)];
            double sumDy = 0, sumDyXhat = 0;
            foreach (int i in ChannelIndices(s, batch, c))
            {
                sumDy += dy[i];
                sumDyXhat += dy[i] * (x[i] - mean) * inverseStd;
            }
            ParameterGradients[beta.IndexOf(0, c)] += sumDy;
            ParameterGradients[gamma.IndexOf(0, c)] += sumDyXhat;
            foreach (int i in ChannelIndices(s, batch, c))
            {
                double xhat = (x[i] - mean) * inverseStd;
                dx[i] = g * inverseStd / count * (count * dy[i] - sumDy - xhat * sumDyXhat);
            }
        }
        return dx;
    }

    private double[] LayerNormForward(ReferenceLayer layer, double[] x, int width, int batch)
    {
        (TensorLayout gamma, TensorLayout beta) = (NormTensor(layer, "weight"), NormTensor(layer, "bias"));
        var y = new double[x.Length];
        for (int n = 0; n < batch; n++)
        {
            (double mean, double inverseStd) = RowStatistics(x.AsSpan(n * width, width), layer.Epsilon);
            for (int j = 0; j < width; j++)
            {
                y[n * width + j] = Parameters[gamma.IndexOf(0, j)] * (x[n * width + j] - mean) * inverseStd + Parameters[beta.IndexOf(0, j)];
            }
        }
        return y;
    }

    private double[] LayerNormBackward(ReferenceLayer layer, double[] x, int width, double[] dy, int batch)
    {
        (TensorLayout gamma, TensorLayout beta) = (NormTensor(layer, "weight"), NormTensor(layer, "bias"));
        var dx = new double[x.Length];
        for (int n = 0; n < batch; n++)
        {
            (double mean, double inverseStd) = RowStatistics(x.AsSpan(n * width, width), layer.Epsilon);
            double meanG = 0, meanGXhat = 0;
            for (int j = 0; j < width; j++)
            {
                int i = n * width + j;
                double xhat = (x[i] - mean) * inverseStd, g = dy[i] * Parameters[gamma.IndexOf(0, j)];
                ParameterGradients[beta.IndexOf(0, j)] += dy[i];
                ParameterGradients[gamma.IndexOf(0, j)] += dy[i] * xhat;
                meanG += g / width;
                meanGXhat += g * xhat / width;
            }
            for (int j = 0; j < width; j++)
            {
                int i = n * width + j;
                double xhat = (x[i] - mean) * inverseStd, g = dy[i] * Parameters[gamma.IndexOf(0, j)];
                dx[i] = inverseStd * (g - meanG - xhat * meanGXhat);
            }
        }
        return dx;
    }

    /// <summary>Mean and biased variance of channel <paramref name="c"/> over the batch and all positions.</summary>
    private static (double Mean, double Variance) ChannelStatistics(double[] x, Shape s, int batch, int c)
    {
        double sum = 0, squares = 0;
        int count = 0;
        foreach (int i in ChannelIndices(s, batch, c))
        {
            sum += x[i];
            count++;
        }
        double mean = sum / count;
        foreach (int i in ChannelIndices(s, batch, c)) squares += (x[i] - mean) * (x[i] - mean);
        return (mean, squares / count);
    }

    private static IEnumerable<int> ChannelIndices(Shape s, int batch, int c)
    {
        int positions = s.H * s.W;
        for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++) yield return n * s.Size + c * positions + p;
    }

    private static (double Mean, double InverseStd) RowStatistics(ReadOnlySpan<double> row, double epsilon)
    {
        double mean = 0, variance = 0;
        foreach (double v in row) mean += v / row.Length;
        foreach (double v in row) variance += (v - mean) * (v - mean) / row.Length;
        return (mean, 1 / Math.Sqrt(variance + epsilon));
    }

    private (TensorLayout Gamma, TensorLayout Beta, TensorLayout RunningMean, TensorLayout RunningVariance) NormTensors(ReferenceLayer layer) =>
        (NormTensor(layer, "weight"), NormTensor(layer, "bias"), NormTensor(layer, "running_mean"), NormTensor(layer, "running_var"));

    private TensorLayout NormTensor(ReferenceLayer layer, string what) => _network.Tensors.Single(t => t.Name == $"{layer.Name}.{what}");
}
