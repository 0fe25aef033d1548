namespace NetGen.Benchmarks.Workloads;

/// <summary>The recurrent cell of an <see cref="RnnWorkload"/>.</summary>
public enum RnnCell
{
    /// <summary>PyTorch's <c>nn.LSTM</c>: gates i, f, g, o (in that order in the weights), state h and c.</summary>
    Lstm,
    /// <summary>PyTorch's <c>nn.GRU</c>: gates r, z, n (in that order in the weights), state h.</summary>
    Gru,
}

/// <summary>
/// One reference recurrent workload (DESIGN.md, "Reference workloads"): a one-layer LSTM or GRU over
/// <see cref="Steps"/> time steps followed by a Dense layer on the last hidden state, with deterministic
/// weights in PyTorch layout and deterministic inputs and labels. Every peer is built from the same
/// instance, so every peer computes the same function on the same data.
/// </summary>
/// <remarks>
/// Exactly PyTorch's <c>nn.LSTM(16, 128, batch_first=True)</c> / <c>nn.GRU(...)</c> with zero initial state,
/// then <c>nn.Linear(128, 10)</c> on h_T; no activation after the Linear (the training loss is softmax
/// cross-entropy on its logits). Shapes, row-major, G = <see cref="Gates"/> (4 for LSTM, 3 for GRU):
/// <c>WeightIh</c> [G·H, F] (<c>weight_ih_l0</c>), <c>WeightHh</c> [G·H, H] (<c>weight_hh_l0</c>),
/// <c>BiasIh</c> and <c>BiasHh</c> [G·H], <c>HeadWeight</c> [10, H] (<c>fc.weight</c>), <c>HeadBias</c> [10].
/// Inputs are [batch, Steps, F] (sample, time, feature), labels class indices, targets their one-hot rows.
/// </remarks>
public sealed class RnnWorkload
{
    /// <summary>Seed for weights and data (the MLP workloads' seed).</summary>
    public const int DefaultSeed = MlpWorkload.DefaultSeed;

    /// <summary>Learning rate of the SGD step measured by the training benchmarks.</summary>
    public const float LearningRate = MlpWorkload.LearningRate;

    /// <summary>Largest batch any benchmark uses; <see cref="Inputs"/> holds this many samples.</summary>
    public const int MaxBatch = MlpWorkload.MaxBatch;

    /// <summary>Batch of the training benchmarks (DESIGN.md: 32 for W3/W4).</summary>
    public const int TrainingBatch = 32;

    /// <summary>W3: LSTM, 32 steps, input 16, hidden 128, Dense 10 on the last hidden state.</summary>
    public static RnnWorkload W3 { get; } = new("W3", RnnCell.Lstm, steps: 32, inputSize: 16, hiddenSize: 128, outputSize: 10, DefaultSeed);

    /// <summary>W4: GRU with W3's sizes.</summary>
    public static RnnWorkload W4 { get; } = new("W4", RnnCell.Gru, steps: 32, inputSize: 16, hiddenSize: 128, outputSize: 10, DefaultSeed);

    public string Name { get; }
    public RnnCell Cell { get; }
    public int Steps { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }
    public int OutputSize { get; }

    /// <summary>Gate blocks in the stacked weights: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n).</summary>
    public int Gates => Cell == RnnCell.Lstm ? 4 : 3;

    /// <summary>Values per input sample, Steps · InputSize.</summary>
    public int SampleSize => Steps * InputSize;

    /// <summary>[Gates·H, F] row-major, PyTorch's <c>weight_ih_l0</c>.</summary>
    public float[] WeightIh { get; }

    /// <summary>[Gates·H, H] row-major, PyTorch's <c>weight_hh_l0</c>.</summary>
    public float[] WeightHh { get; }

    /// <summary>[Gates·H], PyTorch's <c>bias_ih_l0</c>.</summary>
    public float[] BiasIh { get; }

    /// <summary>[Gates·H], PyTorch's <c>bias_hh_l0</c>.</summary>
    public float[] BiasHh { get; }

    /// <summary>[OutputSize, H] row-major, the head's <c>nn.Linear.weight</c>.</summary>
    public float[] HeadWeight { get; }

    /// <summary>[OutputSize], the head's bias.</summary>
    public float[] HeadBias { get; }

    /// <summary>[MaxBatch, Steps, InputSize] row-major, uniform in [-1, 1).</summary>
    public float[] Inputs { get; }

    /// <summary>[MaxBatch] class indices.</summary>
    public int[] Labels { get; }

    /// <summary>Parameter names in the order of <see cref="Parameters"/>, as PyTorch names them (head: <c>fc.*</c>).</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "fc.weight", "fc.bias"];

    /// <summary>The six parameter tensors in <see cref="ParameterNames"/> order; every peer reports its parameters in this order.</summary>
    public float[][] Parameters => [WeightIh, WeightHh, BiasIh, BiasHh, HeadWeight, HeadBias];

    /// <summary>
    /// Bytes of recurrent and input weights (W_ih and W_hh, float32) one sequence reads when every step reads
    /// both matrices once: Steps · Gates·H·(F + H) · 4. At batch 1 this over the time per call is the weight
    /// bandwidth the recurrence achieves (an implementation that computes W_ih·x for all steps at once reads
    /// W_ih once; it is F/(F + H) = 11% of these bytes).
    /// </summary>
    public long RecurrentWeightBytesPerSequence => (long)Steps * (WeightIh.Length + WeightHh.Length) * sizeof(float);

    public RnnWorkload(string name, RnnCell cell, int steps, int inputSize, int hiddenSize, int outputSize, int seed)
    {
        Name = name;
        Cell = cell;
        Steps = steps;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        var random = new RandomSource(seed);

        // PyTorch's default inits: every nn.LSTM / nn.GRU parameter ~ U(-1/sqrt(H), 1/sqrt(H));
        // nn.Linear(H, out) weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)) as well (fan-in H).
        float bound = 1.0f / MathF.Sqrt(hiddenSize);
        int rows = Gates * hiddenSize;
        WeightIh = Uniform(random, rows * inputSize, bound);
        WeightHh = Uniform(random, rows * hiddenSize, bound);
        BiasIh = Uniform(random, rows, bound);
        BiasHh = Uniform(random, rows, bound);
        HeadWeight = Uniform(random, outputSize * hiddenSize, bound);
        HeadBias = Uniform(random, outputSize, bound);

        Inputs = Uniform(random, MaxBatch * SampleSize, 1.0f);
        Labels = new int[MaxBatch];
        for (int i = 0; i < Labels.Length; i++) Labels[i] = random.NextInt32(OutputSize);
    }

    private static float[] Uniform(RandomSource random, int count, float bound)
    {
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle(-bound, bound);
        return values;
    }

    /// <summary>The first <paramref name="batch"/> samples, [batch, Steps, InputSize].</summary>
    public ReadOnlySpan<float> InputBatch(int batch) => Inputs.AsSpan(0, batch * SampleSize);

    /// <summary>The first <paramref name="batch"/> labels.</summary>
    public ReadOnlySpan<int> LabelBatch(int batch) => Labels.AsSpan(0, batch);

    /// <summary>One-hot targets [batch, OutputSize] of the first <paramref name="batch"/> labels.</summary>
    public float[] TargetBatch(int batch)
    {
        var targets = new float[batch * OutputSize];
        for (int b = 0; b < batch; b++) targets[b * OutputSize + Labels[b]] = 1;
        return targets;
    }

    /// <summary>"W3: LSTM 32 steps x 16 -> hidden 128 -> dense 10" for reports.</summary>
    public string Describe() => $"{Name}: {Cell.ToString().ToUpperInvariant()} {Steps} steps x {InputSize} -> hidden {HiddenSize} -> dense {OutputSize}";

    public override string ToString() => Name;
}
