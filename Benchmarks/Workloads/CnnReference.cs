using System.Collections.Concurrent;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The plain reference every CNN peer is checked against before it is timed: the workload's layers written
/// as directly as possible, one sample at a time, accumulating in double. Nothing here is timed. Results are
/// memoized per (workload, batch), since every peer of every case asks for the same ones.
/// </summary>
/// <remarks>
/// Per sample, tensors are [C, H, W] row-major. Conv (stride 1, zero padding p):
/// y[f, oy, ox] = b[f] + sum_{c, ky, kx} w[f, c, ky, kx] x[c, oy + ky - p, ox + kx - p] (terms outside the
/// input are zero). Backward: db[f] += dy[f, oy, ox]; dw[f, c, ky, kx] += dy[f, oy, ox] x[c, iy, ix];
/// dx[c, iy, ix] += dy[f, oy, ox] w[f, c, ky, kx]. MaxPool 2x2 stride 2: y = max of the window; backward sends
/// dy to the window's first maximum (row-major order, as PyTorch). ReLU: y = max(x, 0); backward passes dy
/// where x &gt; 0. Flatten: identity on row-major data. Dense, loss and SGD as in <see cref="MlpReference"/>:
/// L = mean over the batch of softmax cross-entropy, dz = (softmax(z) - onehot) / B, p -= lr * dp.
/// </remarks>
public static class CnnReference
{
    private static readonly ConcurrentDictionary<(CnnWorkload, int), double[]> s_forward = new();
    private static readonly ConcurrentDictionary<(CnnWorkload, int, float), (double, double[][], double[][])> s_trainStep = new();

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(CnnWorkload workload, int batch)
        => s_forward.GetOrAdd((workload, batch), key => ForwardKeepingActivations(key.Item1, key.Item2)[^1]);

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the updated weights and biases (per Conv/Dense layer,
    /// PyTorch layout).
    /// </summary>
    public static (double Loss, double[][] Weights, double[][] Biases) TrainStep(CnnWorkload workload, int batch, float learningRate)
        => s_trainStep.GetOrAdd((workload, batch, learningRate), key => ComputeTrainStep(key.Item1, key.Item2, key.Item3));

    private static (double, double[][], double[][]) ComputeTrainStep(CnnWorkload workload, int batch, float learningRate)
    {
        double[][] activations = ForwardKeepingActivations(workload, batch);
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

        int parameterCount = workload.ParameterLayers.Count;
        var weightGrads = new double[parameterCount][];
        var biasGrads = new double[parameterCount][];
        for (int l = workload.Layers.Count - 1; l >= 0; l--)
        {
            CnnLayer layer = workload.Layers[l];
            double[] x = activations[l];
            int inSize = layer.In.Size, outSize = layer.Out.Size;
            var dx = new double[batch * inSize];
            if (layer.Parameter >= 0)
            {
                weightGrads[layer.Parameter] = new double[workload.Weights[layer.Parameter].Length];
                biasGrads[layer.Parameter] = new double[workload.Biases[layer.Parameter].Length];
            }
            for (int i = 0; i < batch; i++)
            {
                var xs = x.AsSpan(i * inSize, inSize);
                var dys = dy.AsSpan(i * outSize, outSize);
                var dxs = dx.AsSpan(i * inSize, inSize);
                switch (layer.Kind)
                {
                    case CnnLayerKind.Conv:
                        ConvBackward(layer, workload.Weights[layer.Parameter], xs, dys, dxs, weightGrads[layer.Parameter], biasGrads[layer.Parameter]);
                        break;
                    case CnnLayerKind.Dense:
                        DenseBackward(layer, workload.Weights[layer.Parameter], xs, dys, dxs, weightGrads[layer.Parameter], biasGrads[layer.Parameter]);
                        break;
                    case CnnLayerKind.Relu:
                        for (int j = 0; j < inSize; j++) dxs[j] = xs[j] > 0 ? dys[j] : 0;
                        break;
                    case CnnLayerKind.MaxPool:
                        MaxPoolBackward(layer, xs, dys, dxs);
                        break;
                    case CnnLayerKind.Flatten:
                        dys.CopyTo(dxs);
                        break;
                }
            }
            dy = dx;
        }

        var weights = new double[parameterCount][];
        var biases = new double[parameterCount][];
        for (int p = 0; p < parameterCount; p++)
        {
            float[] w = workload.Weights[p], b = workload.Biases[p];
            weights[p] = new double[w.Length];
            biases[p] = new double[b.Length];
            for (int j = 0; j < w.Length; j++) weights[p][j] = w[j] - learningRate * weightGrads[p][j];
            for (int j = 0; j < b.Length; j++) biases[p][j] = b[j] - learningRate * biasGrads[p][j];
        }
        return (loss, weights, biases);
    }

    /// <summary>activations[0] is the input [B, InputSize]; activations[l + 1] is layer l's output [B, Out.Size].</summary>
    private static double[][] ForwardKeepingActivations(CnnWorkload workload, int batch)
    {
        var activations = new double[workload.Layers.Count + 1][];
        activations[0] = Array.ConvertAll(workload.InputBatch(batch).ToArray(), v => (double)v);
        for (int l = 0; l < workload.Layers.Count; l++)
        {
            CnnLayer layer = workload.Layers[l];
            int inSize = layer.In.Size, outSize = layer.Out.Size;
            double[] x = activations[l];
            var y = new double[batch * outSize];
            for (int i = 0; i < batch; i++)
            {
                var xs = x.AsSpan(i * inSize, inSize);
                var ys = y.AsSpan(i * outSize, outSize);
                switch (layer.Kind)
                {
                    case CnnLayerKind.Conv:
                        ConvForward(layer, workload.Weights[layer.Parameter], workload.Biases[layer.Parameter], xs, ys);
                        break;
                    case CnnLayerKind.Dense:
                        DenseForward(layer, workload.Weights[layer.Parameter], workload.Biases[layer.Parameter], xs, ys);
                        break;
                    case CnnLayerKind.Relu:
                        for (int j = 0; j < inSize; j++) ys[j] = Math.Max(xs[j], 0);
                        break;
                    case CnnLayerKind.MaxPool:
                        MaxPoolForward(layer, xs, ys);
                        break;
                    case CnnLayerKind.Flatten:
                        xs.CopyTo(ys);
                        break;
                }
            }
            activations[l + 1] = y;
        }
        return activations;
    }

    private static void ConvForward(CnnLayer layer, float[] w, float[] b, ReadOnlySpan<double> x, Span<double> y)
    {
        int channels = layer.In.Channels, height = layer.In.Height, width = layer.In.Width;
        int k = layer.Kernel, pad = layer.Padding;
        for (int f = 0; f < layer.Out.Channels; f++)
        {
            for (int oy = 0; oy < layer.Out.Height; oy++)
            {
                for (int ox = 0; ox < layer.Out.Width; ox++)
                {
                    double acc = b[f];
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            int iy = oy + ky - pad;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < k; kx++)
                            {
                                int ix = ox + kx - pad;
                                if (ix < 0 || ix >= width) continue;
                                acc += (double)w[((f * channels + c) * k + ky) * k + kx] * x[(c * height + iy) * width + ix];
                            }
                        }
                    }
                    y[(f * layer.Out.Height + oy) * layer.Out.Width + ox] = acc;
                }
            }
        }
    }

    private static void ConvBackward(CnnLayer layer, float[] w, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx, double[] dw, double[] db)
    {
        int channels = layer.In.Channels, height = layer.In.Height, width = layer.In.Width;
        int k = layer.Kernel, pad = layer.Padding;
        for (int f = 0; f < layer.Out.Channels; f++)
        {
            for (int oy = 0; oy < layer.Out.Height; oy++)
            {
                for (int ox = 0; ox < layer.Out.Width; ox++)
                {
                    double g = dy[(f * layer.Out.Height + oy) * layer.Out.Width + ox];
                    db[f] += g;
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            int iy = oy + ky - pad;
                            if (iy < 0 || iy >= height) continue;
                            for (int kx = 0; kx < k; kx++)
                            {
                                int ix = ox + kx - pad;
                                if (ix < 0 || ix >= width) continue;
                                int wi = ((f * channels + c) * k + ky) * k + kx, xi = (c * height + iy) * width + ix;
                                dw[wi] += g * x[xi];
                                dx[xi] += g * w[wi];
                            }
                        }
                    }
                }
            }
        }
    }

    private static void DenseForward(CnnLayer layer, float[] w, float[] b, ReadOnlySpan<double> x, Span<double> y)
    {
        int fanIn = layer.In.Size;
        for (int o = 0; o < layer.Out.Size; o++)
        {
            double acc = b[o];
            for (int j = 0; j < fanIn; j++) acc += (double)w[o * fanIn + j] * x[j];
            y[o] = acc;
        }
    }

    private static void DenseBackward(CnnLayer layer, float[] w, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx, double[] dw, double[] db)
    {
        int fanIn = layer.In.Size;
        for (int o = 0; o < layer.Out.Size; o++)
        {
            double g = dy[o];
            db[o] += g;
            for (int j = 0; j < fanIn; j++)
            {
                dw[o * fanIn + j] += g * x[j];
                dx[j] += g * w[o * fanIn + j];
            }
        }
    }

    /// <summary>Index (in x) of the first maximum of output (c, oy, ox)'s 2x2 window.</summary>
    private static int ArgMax(CnnLayer layer, ReadOnlySpan<double> x, int c, int oy, int ox)
    {
        int best = -1;
        for (int dy = 0; dy < 2; dy++)
        {
            for (int dx = 0; dx < 2; dx++)
            {
                int index = (c * layer.In.Height + 2 * oy + dy) * layer.In.Width + 2 * ox + dx;
                if (best < 0 || x[index] > x[best]) best = index;
            }
        }
        return best;
    }

    private static void MaxPoolForward(CnnLayer layer, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int c = 0; c < layer.Out.Channels; c++)
            for (int oy = 0; oy < layer.Out.Height; oy++)
                for (int ox = 0; ox < layer.Out.Width; ox++)
                    y[(c * layer.Out.Height + oy) * layer.Out.Width + ox] = x[ArgMax(layer, x, c, oy, ox)];
    }

    private static void MaxPoolBackward(CnnLayer layer, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int c = 0; c < layer.Out.Channels; c++)
            for (int oy = 0; oy < layer.Out.Height; oy++)
                for (int ox = 0; ox < layer.Out.Width; ox++)
                    dx[ArgMax(layer, x, c, oy, ox)] += dy[(c * layer.Out.Height + oy) * layer.Out.Width + ox];
    }

    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/> beyond <see cref="MlpReference.Tolerance"/>.</summary>
    public static double Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected) => MlpReference.Check(what, actual, expected);
}
