namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The plain reference every peer is checked against before it is timed: the workload's MLP written
/// as directly as possible, accumulating in double. Nothing here is timed.
/// </summary>
/// <remarks>
/// Math, per layer l with input x [B, in]: y = x W^T + b [B, out], then ReLU except after the last layer.
/// Loss: mean over the batch of softmax cross-entropy, L = -(1/B) sum_i log softmax(z_i)[label_i].
/// Gradients: dz = (softmax(z) - onehot(label)) / B; dW = dy^T x; db = sum_i dy_i; dx = dy W;
/// through ReLU, dx = dy where the forward output was positive, else 0. SGD: p -= lr * dp.
/// </remarks>
public static class MlpReference
{
    /// <summary>Tolerance of every agreement check: |peer - reference| / max(1, |reference|).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(MlpWorkload workload, int batch)
        => ForwardKeepingActivations(workload, workload.Weights, workload.Biases, batch)[^1];

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the updated weights and biases.
    /// </summary>
    public static (double Loss, double[][] Weights, double[][] Biases) TrainStep(MlpWorkload workload, int batch, float learningRate)
    {
        int layers = workload.LayerCount;
        double[][] activations = ForwardKeepingActivations(workload, workload.Weights, workload.Biases, batch);
        double[] logits = activations[^1];
        int classes = workload.OutputSize;
        ReadOnlySpan<int> labels = workload.LabelBatch(batch);

        // dz = (softmax(z) - onehot) / B, loss = mean(-log softmax(z)[label])
        double loss = 0;
        var dy = new double[batch * classes];
        for (int i = 0; i < batch; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++) max = Math.Max(max, logits[i * classes + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[i * classes + c] - max);
            for (int c = 0; c < classes; c++)
            {
                double p = Math.Exp(logits[i * classes + c] - max) / sum;
                dy[i * classes + c] = (p - (c == labels[i] ? 1 : 0)) / batch;
            }
            loss -= logits[i * classes + labels[i]] - max - Math.Log(sum);
        }
        loss /= batch;

        var weights = new double[layers][];
        var biases = new double[layers][];
        for (int l = layers - 1; l >= 0; l--)
        {
            int fanIn = workload.Sizes[l], fanOut = workload.Sizes[l + 1];
            float[] w = workload.Weights[l];
            double[] x = activations[l];
            var dw = new double[fanOut * fanIn];
            var db = new double[fanOut];
            var dx = new double[batch * fanIn];
            for (int i = 0; i < batch; i++)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    double g = dy[i * fanOut + o];
                    db[o] += g;
                    for (int k = 0; k < fanIn; k++)
                    {
                        dw[o * fanIn + k] += g * x[i * fanIn + k];
                        dx[i * fanIn + k] += g * w[o * fanIn + k];
                    }
                }
            }
            // ReLU before this layer (every layer but the first takes a ReLU output): x > 0 passes.
            if (l > 0)
            {
                for (int j = 0; j < dx.Length; j++) if (x[j] <= 0) dx[j] = 0;
            }
            weights[l] = new double[w.Length];
            biases[l] = new double[fanOut];
            for (int j = 0; j < w.Length; j++) weights[l][j] = w[j] - learningRate * dw[j];
            for (int o = 0; o < fanOut; o++) biases[l][o] = workload.Biases[l][o] - learningRate * db[o];
            dy = dx;
        }
        return (loss, weights, biases);
    }

    /// <summary>
    /// activations[0] is the input [B, Sizes[0]]; activations[l + 1] is layer l's output after its ReLU
    /// (the last one is the logits, no ReLU).
    /// </summary>
    private static double[][] ForwardKeepingActivations(MlpWorkload workload, float[][] weights, float[][] biases, int batch)
    {
        int layers = workload.LayerCount;
        var activations = new double[layers + 1][];
        activations[0] = Array.ConvertAll(workload.InputBatch(batch).ToArray(), v => (double)v);
        for (int l = 0; l < layers; l++)
        {
            int fanIn = workload.Sizes[l], fanOut = workload.Sizes[l + 1];
            double[] x = activations[l];
            var y = new double[batch * fanOut];
            for (int i = 0; i < batch; i++)
            {
                for (int o = 0; o < fanOut; o++)
                {
                    double acc = biases[l][o];
                    for (int k = 0; k < fanIn; k++) acc += (double)weights[l][o * fanIn + k] * x[i * fanIn + k];
                    y[i * fanOut + o] = l < layers - 1 ? Math.Max(acc, 0) : acc;
                }
            }
            activations[l + 1] = y;
        }
        return activations;
    }

    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/> beyond <see cref="Tolerance"/>.</summary>
    /// <returns>The largest scaled difference, for reporting.</returns>
    public static double Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (!(diff <= worst)) // also catches NaN
            {
                worst = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                worstIndex = i;
            }
        }
        if (worst > Tolerance)
        {
            throw new InvalidOperationException(
                $"{what}: disagrees with the reference at [{worstIndex}]: {actual[worstIndex]} vs {expected[worstIndex]} " +
                $"(scaled difference {worst:E2} > {Tolerance:E0}).");
        }
        return worst;
    }
}
