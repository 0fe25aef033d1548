using System.Collections.Concurrent;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The plain reference every recurrent peer is checked against before it is timed: PyTorch's LSTM and GRU
/// equations written literally, one sample at a time, in double. Nothing here is timed. Results are memoized
/// per (workload, batch), since every peer of every case asks for the same ones.
/// </summary>
/// <remarks>
/// Per sample, h_0 = c_0 = 0, for t = 1..T with x_t [F]:
/// <para>LSTM (PyTorch <c>nn.LSTM</c>, gate blocks i, f, g, o):
/// a = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh [4H]; i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o);
/// c_t = f ⊙ c_{t-1} + i ⊙ g; h_t = o ⊙ tanh(c_t).</para>
/// <para>GRU (PyTorch <c>nn.GRU</c>, gate blocks r, z, n): gi = W_ih x_t + b_ih, gh = W_hh h_{t-1} + b_hh [3H];
/// r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n); h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}.</para>
/// Head: logits = W_fc h_T + b_fc. Loss: mean over the batch of softmax cross-entropy; dz = (softmax − onehot) / B.
/// Backpropagation through time, from dh_T = W_fc^T dz and dc_T = 0 down to t = 1:
/// <para>LSTM: dc += dh ⊙ o ⊙ (1 − tanh²c_t); da_o = dh ⊙ tanh c_t ⊙ o(1 − o); da_i = dc ⊙ g ⊙ i(1 − i);
/// da_f = dc ⊙ c_{t-1} ⊙ f(1 − f); da_g = dc ⊙ i ⊙ (1 − g²); dc_{t-1} = dc ⊙ f.
/// dW_ih += da x_tᵀ, dW_hh += da h_{t-1}ᵀ, db_ih += da, db_hh += da, dh_{t-1} = W_hhᵀ da.</para>
/// <para>GRU: dn = dh ⊙ (1 − z); dz = dh ⊙ (h_{t-1} − n); da_n = dn ⊙ (1 − n²); da_r = da_n ⊙ gh_n ⊙ r(1 − r);
/// da_z = dz ⊙ z(1 − z); dgi = [da_r, da_z, da_n], dgh = [da_r, da_z, da_n ⊙ r];
/// dW_ih += dgi x_tᵀ, db_ih += dgi, dW_hh += dgh h_{t-1}ᵀ, db_hh += dgh, dh_{t-1} = dh ⊙ z + W_hhᵀ dgh.</para>
/// SGD: p −= lr · dp for all six tensors.
/// </remarks>
public static class RnnReference
{
    private static readonly ConcurrentDictionary<(RnnWorkload, int), double[]> s_forward = new();
    private static readonly ConcurrentDictionary<(RnnWorkload, int, float), (double, double[][])> s_trainStep = new();

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(RnnWorkload workload, int batch)
        => s_forward.GetOrAdd((workload, batch), key =>
        {
            var (w, b) = key;
            var logits = new double[b * w.OutputSize];
            for (int s = 0; s < b; s++) Head(w, Run(w, s).LastHidden, logits.AsSpan(s * w.OutputSize, w.OutputSize));
            return logits;
        });

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the six updated parameters in
    /// <see cref="RnnWorkload.ParameterNames"/> order.
    /// </summary>
    public static (double Loss, double[][] Parameters) TrainStep(RnnWorkload workload, int batch, float learningRate)
        => s_trainStep.GetOrAdd((workload, batch, learningRate), key => ComputeTrainStep(key.Item1, key.Item2, key.Item3));

    private static (double, double[][]) ComputeTrainStep(RnnWorkload workload, int batch, float learningRate)
    {
        int hidden = workload.HiddenSize, classes = workload.OutputSize;
        float[][] parameters = workload.Parameters;
        double[][] gradients = [.. parameters.Select(p => new double[p.Length])];
        double[] dWih = gradients[0], dWhh = gradients[1], dbIh = gradients[2], dbHh = gradients[3], dWfc = gradients[4], dbFc = gradients[5];
        ReadOnlySpan<int> labels = workload.LabelBatch(batch);

        double loss = 0;
        var logits = new double[classes];
        for (int s = 0; s < batch; s++)
        {
            Trace trace = Run(workload, s);
            double[] hT = trace.LastHidden;
            Head(workload, hT, logits);

            // dz = (softmax(z) - onehot) / B, loss = mean(-log softmax(z)[label])
            double max = logits.Max();
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.Exp(logits[c] - max);
            loss -= logits[labels[s]] - max - Math.Log(sum);
            var dh = new double[hidden];
            for (int c = 0; c < classes; c++)
            {
                double dz = (Math.Exp(logits[c] - max) / sum - (c == labels[s] ? 1 : 0)) / batch;
                dbFc[c] += dz;
                for (int k = 0; k < hidden; k++)
                {
                    dWfc[c * hidden + k] += dz * hT[k];
                    dh[k] += dz * workload.HeadWeight[c * hidden + k];
                }
            }

            if (workload.Cell == RnnCell.Lstm) LstmBackward(workload, trace, dh, dWih, dWhh, dbIh, dbHh);
            else GruBackward(workload, trace, dh, dWih, dWhh, dbIh, dbHh);
        }
        loss /= batch;

        var updated = new double[parameters.Length][];
        for (int p = 0; p < parameters.Length; p++)
        {
            updated[p] = new double[parameters[p].Length];
            for (int j = 0; j < updated[p].Length; j++) updated[p][j] = parameters[p][j] - learningRate * gradients[p][j];
        }
        return (loss, updated);
    }

    /// <summary>What one sample's forward keeps per step t (index t = 0..T-1; state index t is the state before step t).</summary>
    private sealed class Trace(int sample, int steps)
    {
        /// <summary>Index of the sample in the workload's inputs.</summary>
        public int Sample { get; } = sample;

        /// <summary>h_0 .. h_T, [H] each.</summary>
        public double[][] Hidden { get; } = new double[steps + 1][];

        /// <summary>LSTM: c_0 .. c_T.</summary>
        public double[][] Cell { get; } = new double[steps + 1][];

        /// <summary>LSTM: activated gates [i, f, g, o] per step; GRU: [r, z, n] per step.</summary>
        public double[][] Gates { get; } = new double[steps][];

        /// <summary>GRU: W_hh h_{t-1} + b_hh per step (its n block is needed for dr).</summary>
        public double[][] HiddenProjection { get; } = new double[steps][];

        public double[] LastHidden => Hidden[^1];
    }

    /// <summary>The recurrence over sample <paramref name="sample"/>'s T steps, keeping every state and gate.</summary>
    private static Trace Run(RnnWorkload workload, int sample)
    {
        int steps = workload.Steps, features = workload.InputSize, hidden = workload.HiddenSize, rows = workload.Gates * hidden;
        float[] wIh = workload.WeightIh, wHh = workload.WeightHh, bIh = workload.BiasIh, bHh = workload.BiasHh;
        var trace = new Trace(sample, steps);
        trace.Hidden[0] = new double[hidden];
        trace.Cell[0] = new double[hidden];
        for (int t = 0; t < steps; t++)
        {
            int xOffset = (sample * steps + t) * features;
            double[] hPrev = trace.Hidden[t];
            var gi = new double[rows];
            var gh = new double[rows];
            for (int r = 0; r < rows; r++)
            {
                double accI = bIh[r], accH = bHh[r];
                for (int k = 0; k < features; k++) accI += (double)wIh[r * features + k] * workload.Inputs[xOffset + k];
                for (int k = 0; k < hidden; k++) accH += (double)wHh[r * hidden + k] * hPrev[k];
                gi[r] = accI;
                gh[r] = accH;
            }
            var gates = new double[rows];
            var h = new double[hidden];
            if (workload.Cell == RnnCell.Lstm)
            {
                var c = new double[hidden];
                for (int j = 0; j < hidden; j++)
                {
                    double i = Sigmoid(gi[j] + gh[j]);
                    double f = Sigmoid(gi[hidden + j] + gh[hidden + j]);
                    double g = Math.Tanh(gi[2 * hidden + j] + gh[2 * hidden + j]);
                    double o = Sigmoid(gi[3 * hidden + j] + gh[3 * hidden + j]);
                    (gates[j], gates[hidden + j], gates[2 * hidden + j], gates[3 * hidden + j]) = (i, f, g, o);
                    c[j] = f * trace.Cell[t][j] + i * g;
                    h[j] = o * Math.Tanh(c[j]);
                }
                trace.Cell[t + 1] = c;
            }
            else
            {
                for (int j = 0; j < hidden; j++)
                {
                    double r = Sigmoid(gi[j] + gh[j]);
                    double z = Sigmoid(gi[hidden + j] + gh[hidden + j]);
                    double n = Math.Tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
                    (gates[j], gates[hidden + j], gates[2 * hidden + j]) = (r, z, n);
                    h[j] = (1 - z) * n + z * hPrev[j];
                }
                trace.HiddenProjection[t] = gh;
            }
            trace.Gates[t] = gates;
            trace.Hidden[t + 1] = h;
        }
        return trace;
    }

    private static void LstmBackward(RnnWorkload workload, Trace trace, double[] dh, double[] dWih, double[] dWhh, double[] dbIh, double[] dbHh)
    {
        int hidden = workload.HiddenSize;
        var dc = new double[hidden];
        var da = new double[4 * hidden];
        for (int t = workload.Steps - 1; t >= 0; t--)
        {
            double[] gates = trace.Gates[t], c = trace.Cell[t + 1], cPrev = trace.Cell[t];
            for (int j = 0; j < hidden; j++)
            {
                double i = gates[j], f = gates[hidden + j], g = gates[2 * hidden + j], o = gates[3 * hidden + j];
                double tanhC = Math.Tanh(c[j]);
                dc[j] += dh[j] * o * (1 - tanhC * tanhC);
                da[j] = dc[j] * g * i * (1 - i);
                da[hidden + j] = dc[j] * cPrev[j] * f * (1 - f);
                da[2 * hidden + j] = dc[j] * i * (1 - g * g);
                da[3 * hidden + j] = dh[j] * tanhC * o * (1 - o);
                dc[j] *= f;
            }
            double[] dhPrev = AccumulateStep(workload, trace, t, da, da, dWih, dWhh, dbIh, dbHh);
            Array.Copy(dhPrev, dh, hidden);
        }
    }

    private static void GruBackward(RnnWorkload workload, Trace trace, double[] dh, double[] dWih, double[] dWhh, double[] dbIh, double[] dbHh)
    {
        int hidden = workload.HiddenSize;
        var dgi = new double[3 * hidden];
        var dgh = new double[3 * hidden];
        for (int t = workload.Steps - 1; t >= 0; t--)
        {
            double[] gates = trace.Gates[t], gh = trace.HiddenProjection[t], hPrev = trace.Hidden[t];
            for (int j = 0; j < hidden; j++)
            {
                double r = gates[j], z = gates[hidden + j], n = gates[2 * hidden + j];
                double dn = dh[j] * (1 - z);
                double dz = dh[j] * (hPrev[j] - n);
                double dan = dn * (1 - n * n);
                double dar = dan * gh[2 * hidden + j] * r * (1 - r);
                double daz = dz * z * (1 - z);
                (dgi[j], dgi[hidden + j], dgi[2 * hidden + j]) = (dar, daz, dan);
                (dgh[j], dgh[hidden + j], dgh[2 * hidden + j]) = (dar, daz, dan * r);
            }
            double[] dhPrev = AccumulateStep(workload, trace, t, dgi, dgh, dWih, dWhh, dbIh, dbHh);
            for (int j = 0; j < hidden; j++) dh[j] = dh[j] * gates[hidden + j] + dhPrev[j];
        }
    }

    /// <summary>
    /// Step t's parameter gradients from the pre-activation gradients of the input projection (<paramref name="dgi"/>)
    /// and of the hidden projection (<paramref name="dgh"/>); returns W_hhᵀ dgh, the gradient reaching h_{t-1}
    /// through the hidden projection.
    /// </summary>
    private static double[] AccumulateStep(RnnWorkload workload, Trace trace, int t, double[] dgi, double[] dgh,
        double[] dWih, double[] dWhh, double[] dbIh, double[] dbHh)
    {
        int features = workload.InputSize, hidden = workload.HiddenSize, rows = workload.Gates * hidden;
        int xOffset = (trace.Sample * workload.Steps + t) * features;
        double[] hPrev = trace.Hidden[t];
        var dhPrev = new double[hidden];
        for (int r = 0; r < rows; r++)
        {
            dbIh[r] += dgi[r];
            dbHh[r] += dgh[r];
            for (int k = 0; k < features; k++) dWih[r * features + k] += dgi[r] * workload.Inputs[xOffset + k];
            for (int k = 0; k < hidden; k++)
            {
                dWhh[r * hidden + k] += dgh[r] * hPrev[k];
                dhPrev[k] += dgh[r] * workload.WeightHh[r * hidden + k];
            }
        }
        return dhPrev;
    }

    private static void Head(RnnWorkload workload, double[] h, Span<double> logits)
    {
        int hidden = workload.HiddenSize;
        for (int c = 0; c < workload.OutputSize; c++)
        {
            double acc = workload.HeadBias[c];
            for (int k = 0; k < hidden; k++) acc += (double)workload.HeadWeight[c * hidden + k] * h[k];
            logits[c] = acc;
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
