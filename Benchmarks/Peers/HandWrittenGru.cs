using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A hand-written GRU cell (PyTorch's equations, gate blocks r, z, n): gi = W_ih x + b_ih, gh = W_hh h + b_hh,
/// r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r gh_n), h = (1 − z) n + z h. Keeps h, the gates and gh
/// of every step for backpropagation through time.
/// </summary>
public sealed class HandWrittenGru(RnnWorkload workload) : HandWrittenRnn(workload)
{
    private readonly List<float[]> _hidden = [], _gates = [], _hiddenProjection = [];  // h_0..h_T, [r, z, n] and gh per step

    protected override float[] LastHidden => _hidden[^1];

    protected override float[] RunSequence(float[][] sequence)
    {
        _hidden.Clear();
        _gates.Clear();
        _hiddenProjection.Clear();
        var h = new float[Hidden];
        _hidden.Add(h);
        foreach (float[] x in sequence)
        {
            float[] gi = Project(WeightIh, BiasIh, x);
            float[] gh = Project(WeightHh, BiasHh, h);
            var gates = new float[3 * Hidden];
            var hNext = new float[Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                float r = Sigmoid(gi[j] + gh[j]);
                float z = Sigmoid(gi[Hidden + j] + gh[Hidden + j]);
                float n = MathF.Tanh(gi[2 * Hidden + j] + r * gh[2 * Hidden + j]);
                gates[j] = r;
                gates[Hidden + j] = z;
                gates[2 * Hidden + j] = n;
                hNext[j] = (1 - z) * n + z * h[j];
            }
            h = hNext;
            _hidden.Add(h);
            _gates.Add(gates);
            _hiddenProjection.Add(gh);
        }
        return h;
    }

    protected override void BackwardSequence(float[][] sequence, float[] dh)
    {
        for (int t = sequence.Length - 1; t >= 0; t--)
        {
            float[] gates = _gates[t], gh = _hiddenProjection[t], hPrev = _hidden[t];
            var dgi = new float[3 * Hidden];
            var dgh = new float[3 * Hidden];
            for (int j = 0; j < Hidden; j++)
            {
                float r = gates[j], z = gates[Hidden + j], n = gates[2 * Hidden + j];
                float dn = dh[j] * (1 - z);
                float dz = dh[j] * (hPrev[j] - n);
                float dan = dn * (1 - n * n);
                float dar = dan * gh[2 * Hidden + j] * r * (1 - r);
                float daz = dz * z * (1 - z);
                dgi[j] = dgh[j] = dar;
                dgi[Hidden + j] = dgh[Hidden + j] = daz;
                dgi[2 * Hidden + j] = dan;
                dgh[2 * Hidden + j] = dan * r;
            }
            float[] dhPrev = AccumulateStep(dgi, dgh, sequence[t], hPrev);
            for (int j = 0; j < Hidden; j++) dhPrev[j] += dh[j] * gates[Hidden + j];
            dh = dhPrev;
        }
    }
}
