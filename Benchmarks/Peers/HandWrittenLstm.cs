using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A hand-written LSTM cell (PyTorch's equations, gate blocks i, f, g, o): per step a = W_ih x + b_ih + W_hh h + b_hh,
/// c = σ(f) c + σ(i) tanh(g), h = σ(o) tanh(c). Keeps h, c and the gates of every step for backpropagation through time.
/// </summary>
public sealed class HandWrittenLstm(RnnWorkload workload) : HandWrittenRnn(workload)
{
    private readonly List<float[]> _hidden = [], _cell = [], _gates = [];  // h_0..h_T, c_0..c_T, [i, f, g, o] per step

    protected override float[] LastHidden => _hidden[^1];

    protected override float[] RunSequence(float[][] sequence)
    {
        _hidden.Clear();
        _cell.Clear();
        _gates.Clear();
        var h = new float[Hidden];
        var c = new float[Hidden];
        _hidden.Add(h);
        _cell.Add(c);
        foreach (float[] x in sequence)
        {
            float[] a = Project(WeightIh, BiasIh, x);
            float[] ah = Project(WeightHh, BiasHh, h);
            var gates = new float[4 * Hidden];
            var cNext = new float[Hidden];
            var hNext = new float[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                float i = Sigmoid(a[j] + ah[j]);
                float f = Sigmoid(a[Hidden + j] + ah[Hidden + j]);
                float g = MathF.Tanh(a[2 * Hidden + j] + ah[2 * Hidden + j]);
                float o = Sigmoid(a[3 * Hidden + j] + ah[3 * Hidden + j]);
                gates[j] = i;
                gates[Hidden + j] = f;
                gates[2 * Hidden + j] = g;
                gates[3 * Hidden + j] = o;
                cNext[j] = f * c[j] + i * g;
                hNext[j] = o * MathF.Tanh(cNext[j]);
            }
            h = hNext;
            c = cNext;
            _hidden.Add(h);
            _cell.Add(c);
            _gates.Add(gates);
        }
        return h;
    }

    protected override void BackwardSequence(float[][] sequence, float[] dh)
    {
        var dc = new float[Hidden];
        for (int t = sequence.Length - 1; t >= 0; t--)
        {
            float[] gates = _gates[t], c = _cell[t + 1], cPrev = _cell[t];
            var da = new float[4 * Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                float i = gates[j], f = gates[Hidden + j], g = gates[2 * Hidden + j], o = gates[3 * Hidden + j];
                float tanhC = MathF.Tanh(c[j]);
                dc[j] += dh[j] * o * (1 - tanhC * tanhC);
                da[j] = dc[j] * g * i * (1 - i);
                da[Hidden + j] = dc[j] * cPrev[j] * f * (1 - f);
                da[2 * Hidden + j] = dc[j] * i * (1 - g * g);
                da[3 * Hidden + j] = dh[j] * tanhC * o * (1 - o);
                dc[j] *= f;
            }
            dh = AccumulateStep(da, da, sequence[t], _hidden[t]);
        }
    }
}
