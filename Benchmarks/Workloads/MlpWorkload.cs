namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// One reference MLP workload (DESIGN.md, "Reference workloads"): layer sizes, deterministic weights in
/// PyTorch layout and deterministic inputs and labels. Every peer is built from the same instance, so
/// every peer computes the same function on the same data.
/// </summary>
/// <remarks>
/// Layers are Linear -> ReLU -> ... -> Linear (no activation after the last layer; the training loss is
/// softmax cross-entropy on those logits). Layer <c>l</c> maps <c>Sizes[l]</c> to <c>Sizes[l + 1]</c>.
/// Shapes: <c>Weights[l]</c> is [out, in] row-major, <c>Biases[l]</c> is [out], inputs are
/// [batch, Sizes[0]] row-major, labels are class indices in [0, Sizes[^1]).
/// </remarks>
public sealed class MlpWorkload
{
    /// <summary>Seed for weights and data unless a workload says otherwise.</summary>
    public const int DefaultSeed = 20_251_123;

    /// <summary>Learning rate of the SGD step measured by the training benchmarks.</summary>
    public const float LearningRate = 0.01f;

    /// <summary>Largest batch any benchmark uses; <see cref="Inputs"/> holds this many samples.</summary>
    public const int MaxBatch = 64;

    /// <summary>W0: tiny MLP 16 -> 32 ReLU -> 32 ReLU -> 10.</summary>
    public static MlpWorkload W0 { get; } = new("W0", [16, 32, 32, 10], DefaultSeed);

    /// <summary>W1: MLP 784 -> 128 ReLU -> 64 ReLU -> 10.</summary>
    public static MlpWorkload W1 { get; } = new("W1", [784, 128, 64, 10], DefaultSeed);

    /// <summary>W5: wide MLP 1024 -> 1024 ReLU -> 1024 ReLU -> 10, bound by the matrix products at batch 64.</summary>
    public static MlpWorkload W5 { get; } = new("W5", [1024, 1024, 1024, 10], DefaultSeed);

    public string Name { get; }

    /// <summary>Feature counts: input, every hidden layer, output.</summary>
    public int[] Sizes { get; }

    public int LayerCount => Sizes.Length - 1;
    public int InputSize => Sizes[0];
    public int OutputSize => Sizes[^1];

    /// <summary>Per layer: weight [out, in] row-major (PyTorch <c>nn.Linear.weight</c>).</summary>
    public float[][] Weights { get; }

    /// <summary>Per layer: bias [out].</summary>
    public float[][] Biases { get; }

    /// <summary>[MaxBatch, InputSize] row-major, uniform in [-1, 1).</summary>
    public float[] Inputs { get; }

    /// <summary>[MaxBatch] class indices.</summary>
    public int[] Labels { get; }

    public MlpWorkload(string name, int[] sizes, int seed)
    {
        Name = name;
        Sizes = sizes;
        var random = new RandomSource(seed);

        // PyTorch's default nn.Linear init: weight and bias ~ U(-1/sqrt(in), 1/sqrt(in)).
        Weights = new float[LayerCount][];
        Biases = new float[LayerCount][];
        for (int l = 0; l < LayerCount; l++)
        {
            int fanIn = sizes[l], fanOut = sizes[l + 1];
            float bound = 1.0f / MathF.Sqrt(fanIn);
            Weights[l] = new float[fanOut * fanIn];
            Biases[l] = new float[fanOut];
            for (int i = 0; i < Weights[l].Length; i++) Weights[l][i] = random.NextSingle(-bound, bound);
            for (int i = 0; i < Biases[l].Length; i++) Biases[l][i] = random.NextSingle(-bound, bound);
        }

        Inputs = new float[MaxBatch * InputSize];
        for (int i = 0; i < Inputs.Length; i++) Inputs[i] = random.NextSingle(-1.0f, 1.0f);
        Labels = new int[MaxBatch];
        for (int i = 0; i < Labels.Length; i++) Labels[i] = random.NextInt32(OutputSize);
    }

    /// <summary>The first <paramref name="batch"/> samples, [batch, InputSize].</summary>
    public ReadOnlySpan<float> InputBatch(int batch) => Inputs.AsSpan(0, batch * InputSize);

    /// <summary>The first <paramref name="batch"/> labels.</summary>
    public ReadOnlySpan<int> LabelBatch(int batch) => Labels.AsSpan(0, batch);

    public override string ToString() => Name;
}
