namespace NetGen.Benchmarks.Workloads;

/// <summary>What one layer of a <see cref="CnnWorkload"/> does.</summary>
public enum CnnLayerKind
{
    /// <summary>2-D convolution, stride 1, zero padding <see cref="CnnLayer.Padding"/> on every side, with bias.</summary>
    Conv,
    /// <summary>max(x, 0), element-wise.</summary>
    Relu,
    /// <summary>Max pooling, 2x2 window, stride 2 (odd trailing rows/columns dropped, as PyTorch does).</summary>
    MaxPool,
    /// <summary>[C, H, W] to [C*H*W] in CHW order (PyTorch's <c>nn.Flatten</c>); a no-op on row-major data.</summary>
    Flatten,
    /// <summary>y = W x + b, W [out, in].</summary>
    Dense,
}

/// <summary>A per-sample tensor shape, channels x height x width; a feature vector is [features, 1, 1].</summary>
public readonly record struct CnnShape(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    public override string ToString() => Height == 1 && Width == 1 ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}

/// <summary>
/// One layer: its kind, per-sample input and output shapes, and for Conv/Dense the index of its
/// parameters in <see cref="CnnWorkload.Weights"/> / <see cref="CnnWorkload.Biases"/> (else -1).
/// </summary>
public sealed record CnnLayer(CnnLayerKind Kind, CnnShape In, CnnShape Out, int Kernel = 0, int Padding = 0, int Parameter = -1);

/// <summary>
/// One reference CNN workload (DESIGN.md, "Reference workloads"): the layer list, deterministic weights in
/// PyTorch layout and deterministic inputs and labels. Every peer is built from the same instance, so every
/// peer computes the same function on the same data.
/// </summary>
/// <remarks>
/// Layers are exactly PyTorch's <c>nn.Sequential</c> of Conv2d / ReLU / MaxPool2d(2) / Flatten / Linear, in
/// order; there is no activation after the last Linear (the training loss is softmax cross-entropy on those
/// logits). Parameter shapes, row-major: a Conv's weight is [F, C, KH, KW] and its bias [F]; a Dense's weight
/// is [out, in] and its bias [out]. Inputs are [batch, C, H, W] row-major (NCHW), labels are class indices.
/// </remarks>
public sealed class CnnWorkload
{
    /// <summary>Seed for weights and data (the MLP workloads' seed).</summary>
    public const int DefaultSeed = MlpWorkload.DefaultSeed;

    /// <summary>Learning rate of the SGD step measured by the training benchmarks.</summary>
    public const float LearningRate = MlpWorkload.LearningRate;

    /// <summary>Largest batch any benchmark uses; <see cref="Inputs"/> holds this many samples.</summary>
    public const int MaxBatch = MlpWorkload.MaxBatch;

    /// <summary>
    /// W2, LeNet-5: 1x28x28, conv 6@5x5 pad 2 ReLU, maxpool 2, conv 16@5x5 ReLU, maxpool 2, flatten (400),
    /// dense 120 ReLU, dense 84 ReLU, dense 10.
    /// </summary>
    public static CnnWorkload W2 { get; } = new("W2", new CnnShape(1, 28, 28), DefaultSeed, b => b
        .Conv(6, 5, 2).Relu().MaxPool()
        .Conv(16, 5, 0).Relu().MaxPool()
        .Flatten()
        .Dense(120).Relu()
        .Dense(84).Relu()
        .Dense(10));

    /// <summary>
    /// W6, CIFAR-style: 3x32x32, conv 32@3x3 pad 1 ReLU x2, maxpool 2, conv 64@3x3 pad 1 ReLU x2, maxpool 2,
    /// flatten (4096), dense 512 ReLU, dense 10.
    /// </summary>
    public static CnnWorkload W6 { get; } = new("W6", new CnnShape(3, 32, 32), DefaultSeed, b => b
        .Conv(32, 3, 1).Relu()
        .Conv(32, 3, 1).Relu().MaxPool()
        .Conv(64, 3, 1).Relu()
        .Conv(64, 3, 1).Relu().MaxPool()
        .Flatten()
        .Dense(512).Relu()
        .Dense(10));

    public string Name { get; }

    public IReadOnlyList<CnnLayer> Layers { get; }

    /// <summary>The Conv and Dense layers, in order; layer <c>ParameterLayers[p]</c> owns Weights[p] and Biases[p].</summary>
    public IReadOnlyList<CnnLayer> ParameterLayers { get; }

    public CnnShape InputShape { get; }
    public int InputSize => InputShape.Size;
    public int OutputSize => Layers[^1].Out.Size;

    /// <summary>Per Conv/Dense layer: weight, [F, C, KH, KW] or [out, in], row-major.</summary>
    public float[][] Weights { get; }

    /// <summary>Per Conv/Dense layer: bias [F] or [out].</summary>
    public float[][] Biases { get; }

    /// <summary>[MaxBatch, C, H, W] row-major, uniform in [-1, 1).</summary>
    public float[] Inputs { get; }

    /// <summary>[MaxBatch] class indices.</summary>
    public int[] Labels { get; }

    public CnnWorkload(string name, CnnShape input, int seed, Func<Builder, Builder> layers)
    {
        Name = name;
        InputShape = input;
        Layers = layers(new Builder(input)).Layers;
        ParameterLayers = [.. Layers.Where(l => l.Parameter >= 0)];
        var random = new RandomSource(seed);

        // PyTorch's default init for Conv2d and Linear alike: weight and bias ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)),
        // fanIn = C*KH*KW for a convolution, in for a linear layer.
        Weights = new float[ParameterLayers.Count][];
        Biases = new float[ParameterLayers.Count][];
        for (int p = 0; p < ParameterLayers.Count; p++)
        {
            CnnLayer layer = ParameterLayers[p];
            int fanIn = layer.Kind == CnnLayerKind.Conv ? layer.In.Channels * layer.Kernel * layer.Kernel : layer.In.Size;
            int fanOut = layer.Out.Channels;
            float bound = 1.0f / MathF.Sqrt(fanIn);
            Weights[p] = new float[fanOut * fanIn];
            Biases[p] = new float[fanOut];
            for (int i = 0; i < Weights[p].Length; i++) Weights[p][i] = random.NextSingle(-bound, bound);
            for (int i = 0; i < Biases[p].Length; i++) Biases[p][i] = random.NextSingle(-bound, bound);
        }

        Inputs = new float[MaxBatch * InputSize];
        for (int i = 0; i < Inputs.Length; i++) Inputs[i] = random.NextSingle(-1.0f, 1.0f);
        Labels = new int[MaxBatch];
        for (int i = 0; i < Labels.Length; i++) Labels[i] = random.NextInt32(OutputSize);
    }

    /// <summary>The first <paramref name="batch"/> samples, [batch, C, H, W].</summary>
    public ReadOnlySpan<float> InputBatch(int batch) => Inputs.AsSpan(0, batch * InputSize);

    /// <summary>The first <paramref name="batch"/> labels.</summary>
    public ReadOnlySpan<int> LabelBatch(int batch) => Labels.AsSpan(0, batch);

    /// <summary>"W2: 1x28x28 -> conv 6@5x5 pad 2 -> relu -> ..." for reports.</summary>
    public string Describe() => $"{Name}: {InputShape} -> " + string.Join(" -> ", Layers.Select(l => l.Kind switch
    {
        CnnLayerKind.Conv => $"conv {l.Out.Channels}@{l.Kernel}x{l.Kernel} pad {l.Padding}",
        CnnLayerKind.Dense => $"dense {l.Out.Channels}",
        _ => l.Kind.ToString().ToLowerInvariant(),
    }));

    public override string ToString() => Name;

    /// <summary>Appends layers, tracking the running shape.</summary>
    public sealed class Builder(CnnShape input)
    {
        private CnnShape _shape = input;
        private int _parameters;

        public List<CnnLayer> Layers { get; } = [];

        public Builder Conv(int filters, int kernel, int padding)
        {
            var output = new CnnShape(filters, _shape.Height + 2 * padding - kernel + 1, _shape.Width + 2 * padding - kernel + 1);
            return Add(new CnnLayer(CnnLayerKind.Conv, _shape, output, kernel, padding, _parameters++));
        }

        public Builder Relu() => Add(new CnnLayer(CnnLayerKind.Relu, _shape, _shape));

        public Builder MaxPool() => Add(new CnnLayer(CnnLayerKind.MaxPool, _shape, _shape with { Height = _shape.Height / 2, Width = _shape.Width / 2 }, Kernel: 2));

        public Builder Flatten() => Add(new CnnLayer(CnnLayerKind.Flatten, _shape, new CnnShape(_shape.Size, 1, 1)));

        public Builder Dense(int outputs)
        {
            if (_shape.Height != 1 || _shape.Width != 1) throw new InvalidOperationException("Dense needs a flat input: Flatten first.");
            return Add(new CnnLayer(CnnLayerKind.Dense, _shape, new CnnShape(outputs, 1, 1), Parameter: _parameters++));
        }

        private Builder Add(CnnLayer layer)
        {
            Layers.Add(layer);
            _shape = layer.Out;
            return this;
        }
    }
}
