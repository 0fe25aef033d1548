using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

// The recurrent network a C# developer writes by hand: jagged float arrays in PyTorch's layout, a cell class
// with a per-step forward that returns new arrays and keeps every step's state in lists for backpropagation
// through time, a Dense head on the last hidden state, one sample at a time. Naive but correct, and not slowed
// on purpose — the same spirit as HandWrittenMlp and HandWrittenCnn.

/// <summary>
/// A one-layer LSTM or GRU plus a Dense head, with predict and a softmax cross-entropy SGD training step.
/// Cells (<see cref="HandWrittenLstm"/>, <see cref="HandWrittenGru"/>) supply the per-sample recurrence and its backward.
/// </summary>
public abstract class HandWrittenRnn
{
    protected readonly int Hidden;
    protected readonly float[][] WeightIh, WeightHh, HeadWeight;   // [G*H][F], [G*H][H], [out][H]
    protected readonly float[] BiasIh, BiasHh, HeadBias;           // [G*H], [G*H], [out]
    protected readonly float[][] WeightIhGrad, WeightHhGrad, HeadWeightGrad;
    protected readonly float[] BiasIhGrad, BiasHhGrad, HeadBiasGrad;

    protected HandWrittenRnn(RnnWorkload workload)
    {
        Hidden = workload.HiddenSize;
        WeightIh = Rows(workload.WeightIh, workload.InputSize);
        WeightHh = Rows(workload.WeightHh, workload.HiddenSize);
        HeadWeight = Rows(workload.HeadWeight, workload.HiddenSize);
        BiasIh = (float[])workload.BiasIh.Clone();
        BiasHh = (float[])workload.BiasHh.Clone();
        HeadBias = (float[])workload.HeadBias.Clone();
        WeightIhGrad = Rows(new float[workload.WeightIh.Length], workload.InputSize);
        WeightHhGrad = Rows(new float[workload.WeightHh.Length], workload.HiddenSize);
        HeadWeightGrad = Rows(new float[workload.HeadWeight.Length], workload.HiddenSize);
        BiasIhGrad = new float[BiasIh.Length];
        BiasHhGrad = new float[BiasHh.Length];
        HeadBiasGrad = new float[HeadBias.Length];
    }

    /// <summary>The LSTM or GRU of the workload, with a copy of its weights.</summary>
    public static HandWrittenRnn FromWorkload(RnnWorkload workload)
        => workload.Cell == RnnCell.Lstm ? new HandWrittenLstm(workload) : new HandWrittenGru(workload);

    /// <summary>The workload's first <paramref name="batch"/> inputs, each a [steps][features] jagged array as a user would hold it.</summary>
    public static float[][][] Samples(RnnWorkload workload, int batch)
    {
        var samples = new float[batch][][];
        for (int s = 0; s < batch; s++)
        {
            samples[s] = new float[workload.Steps][];
            for (int t = 0; t < workload.Steps; t++)
            {
                samples[s][t] = workload.Inputs.AsSpan((s * workload.Steps + t) * workload.InputSize, workload.InputSize).ToArray();
            }
        }
        return samples;
    }

    /// <summary>Runs the recurrence over one sequence from a zero state, keeping what backward needs; returns h_T.</summary>
    protected abstract float[] RunSequence(float[][] sequence);

    /// <summary>Backpropagation through the last <see cref="RunSequence"/> from dL/dh_T; accumulates the cell's gradients.</summary>
    protected abstract void BackwardSequence(float[][] sequence, float[] dh);

    public float[] Predict(float[][] sequence)
    {
        float[] h = RunSequence(sequence);
        var logits = new float[HeadBias.Length];
        for (int c = 0; c < logits.Length; c++)
        {
            float sum = HeadBias[c];
            for (int k = 0; k < Hidden; k++) sum += HeadWeight[c][k] * h[k];
            logits[c] = sum;
        }
        return logits;
    }

    public float[][] Predict(float[][][] batch)
    {
        var outputs = new float[batch.Length][];
        for (int s = 0; s < batch.Length; s++) outputs[s] = Predict(batch[s]);
        return outputs;
    }

    /// <summary>
    /// Forward and backpropagation through time sample by sample, gradients of the mean softmax cross-entropy
    /// accumulated over the batch, then one SGD update. Returns the mean loss before the update.
    /// </summary>
    public float TrainStep(float[][][] batch, int[] labels, float learningRate)
    {
        float totalLoss = 0;
        for (int s = 0; s < batch.Length; s++)
        {
            float[] logits = Predict(batch[s]);
            float[] hLast = LastHidden;

            float max = logits.Max();
            var exp = new float[logits.Length];
            float sum = 0;
            for (int c = 0; c < logits.Length; c++) { exp[c] = MathF.Exp(logits[c] - max); sum += exp[c]; }
            totalLoss += -(logits[labels[s]] - max - MathF.Log(sum));

            var dh = new float[Hidden];
            for (int c = 0; c < logits.Length; c++)
            {
                float g = (exp[c] / sum - (c == labels[s] ? 1 : 0)) / batch.Length;
                HeadBiasGrad[c] += g;
                for (int k = 0; k < Hidden; k++)
                {
                    HeadWeightGrad[c][k] += g * hLast[k];
                    dh[k] += g * HeadWeight[c][k];
                }
            }
            BackwardSequence(batch[s], dh);
        }
        Update(WeightIh, WeightIhGrad, BiasIh, BiasIhGrad, learningRate);
        Update(WeightHh, WeightHhGrad, BiasHh, BiasHhGrad, learningRate);
        Update(HeadWeight, HeadWeightGrad, HeadBias, HeadBiasGrad, learningRate);
        return totalLoss / batch.Length;
    }

    /// <summary>h_T of the last <see cref="RunSequence"/>.</summary>
    protected abstract float[] LastHidden { get; }

    /// <summary>W v + b, a new array.</summary>
    protected static float[] Project(float[][] weights, float[] bias, float[] v)
    {
        var y = new float[weights.Length];
        for (int r = 0; r < weights.Length; r++)
        {
            float sum = bias[r];
            float[] row = weights[r];
            for (int k = 0; k < row.Length; k++) sum += row[k] * v[k];
            y[r] = sum;
        }
        return y;
    }

    /// <summary>
    /// One step's parameter gradients from the pre-activation gradients of the input projection (<paramref name="dgi"/>)
    /// and of the hidden projection (<paramref name="dgh"/>); returns W_hhᵀ dgh, the gradient reaching h_{t-1} through it.
    /// </summary>
    protected float[] AccumulateStep(float[] dgi, float[] dgh, float[] x, float[] hPrev)
    {
        var dhPrev = new float[Hidden];
        for (int r = 0; r < dgi.Length; r++)
        {
            BiasIhGrad[r] += dgi[r];
            BiasHhGrad[r] += dgh[r];
            float[] gradIh = WeightIhGrad[r], gradHh = WeightHhGrad[r], rowHh = WeightHh[r];
            for (int k = 0; k < x.Length; k++) gradIh[k] += dgi[r] * x[k];
            for (int k = 0; k < Hidden; k++)
            {
                gradHh[k] += dgh[r] * hPrev[k];
                dhPrev[k] += dgh[r] * rowHh[k];
            }
        }
        return dhPrev;
    }

    protected static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    /// <summary>The six parameters in <see cref="RnnWorkload.ParameterNames"/> order, flattened to PyTorch layout for checks.</summary>
    public float[][] ReadParameters()
        => [Flatten(WeightIh), Flatten(WeightHh), (float[])BiasIh.Clone(), (float[])BiasHh.Clone(), Flatten(HeadWeight), (float[])HeadBias.Clone()];

    private static float[] Flatten(float[][] rows) => rows.SelectMany(row => row).ToArray();

    private static float[][] Rows(float[] values, int columns)
    {
        var rows = new float[values.Length / columns][];
        for (int r = 0; r < rows.Length; r++) rows[r] = values.AsSpan(r * columns, columns).ToArray();
        return rows;
    }

    private static void Update(float[][] weights, float[][] weightGrad, float[] bias, float[] biasGrad, float learningRate)
    {
        for (int r = 0; r < weights.Length; r++)
        {
            for (int k = 0; k < weights[r].Length; k++)
            {
                weights[r][k] -= learningRate * weightGrad[r][k];
                weightGrad[r][k] = 0;
            }
        }
        for (int r = 0; r < bias.Length; r++)
        {
            bias[r] -= learningRate * biasGrad[r];
            biasGrad[r] = 0;
        }
    }
}
