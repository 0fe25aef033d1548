namespace NetGen.Tests.Reference;

/// <summary>The layer kinds the plain reference implementation knows.</summary>
internal enum ReferenceLayerKind { Dense, Dropout, Flatten, Input, Conv, MaxPool, AvgPool, GlobalAvgPool, BatchNorm, LayerNorm }

/// <summary>One layer of a <see cref="ReferenceNetwork"/>: kind, activation, LeakyReLU slope and the tensor name prefix.</summary>
internal sealed partial record ReferenceLayer(ReferenceLayerKind Kind, Activation Activation = Activation.Identity, float Slope = 0.01f, string Name = "", bool Bias = true)
{
    public static ReferenceLayer Dense(string name, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.Dense, activation, slope, name, bias);

    public static ReferenceLayer Dropout() => new(ReferenceLayerKind.Dropout);

    public static ReferenceLayer Flatten() => new(ReferenceLayerKind.Flatten);

    /// <summary>Window geometry of Conv/MaxPool/AvgPool layers (see ReferenceConv.cs); 1-D layers have KernelHeight 1.</summary>
    public int KernelHeight { get; init; } = 1;
    public int KernelWidth { get; init; } = 1;
    public int Stride { get; init; } = 1;
    public int Padding { get; init; }
    public int Dilation { get; init; } = 1;
    public bool Same { get; init; }
    public bool OneD { get; init; }

    /// <summary>The per-sample input shape [C, H, W] (1-D: [C, L]); a first layer that does nothing but set the shape.</summary>
    public int[] Shape { get; init; } = [];
}

/// <summary>
/// A plain, obviously correct network in double precision: weights [out, in] as in PyTorch, loops
/// written straight from the definitions. It reads its weights from a generated network's parameter
/// buffer through <see cref="INetwork.Tensors"/> and writes gradients back into that layout, so the two
/// can be compared entry by entry.
/// </summary>
internal sealed partial class ReferenceNetwork
{
    private readonly INetwork _network;
    private readonly ReferenceLayer[] _layers;
    private readonly List<double[]> _activations = []; // input of layer i at index i; output of last at the end
    private readonly List<Shape> _shapes = []; // per-sample shape of the input of layer i at index i
    private int _batch;

    public ReferenceNetwork(INetwork network, params ReferenceLayer[] layers)
    {
        _network = network;
        _layers = layers;
        Parameters = new double[network.Parameters.Length];
        for (int i = 0; i < Parameters.Length; i++) Parameters[i] = network.Parameters[i];
        State = new double[network.State.Length];
        for (int i = 0; i < State.Length; i++) State[i] = network.State[i];
    }

    /// <summary>The network's state (batch-norm running statistics) in its flat layout, as doubles; training forwards update it.</summary>
    public double[] State { get; }

    /// <summary>Training mode: batch norm uses the batch's statistics and updates <see cref="State"/>; otherwise the running ones.</summary>
    public bool Training { get; set; }

    /// <summary>The parameters in the generated network's flat layout, as doubles; perturb them for finite differences.</summary>
    public double[] Parameters { get; }

    /// <summary>Dropout masks to apply, one per dropout layer in order, each [batch × width]; null means inference.</summary>
    public List<double[]>? DropoutMasks { get; set; }

    /// <summary>Parameter gradients in the generated network's flat layout (padding stays zero).</summary>
    public double[] ParameterGradients { get; private set; } = [];

    public double[] Forward(double[] input, int batch)
    {
        _batch = batch;
        _activations.Clear();
        _shapes.Clear();
        double[] current = input;
        var shape = new Shape(input.Length / batch, 1, 1);
        int dropout = 0;
        foreach (ReferenceLayer layer in _layers)
        {
            _activations.Add(current);
            _shapes.Add(shape);
            int width = shape.Size;
            switch (layer.Kind)
            {
                case ReferenceLayerKind.Input:
                    shape = layer.Shape.Length == 2 ? new Shape(layer.Shape[0], 1, layer.Shape[1]) : new Shape(layer.Shape[0], layer.Shape[1], layer.Shape[2]);
                    Assert.Equal(width, shape.Size);
                    break;
                case ReferenceLayerKind.Flatten:
                    shape = new Shape(width, 1, 1); // [C, H, W] row-major is already PyTorch's flatten order
                    break;
                case ReferenceLayerKind.Conv:
                case ReferenceLayerKind.MaxPool:
                case ReferenceLayerKind.AvgPool:
                case ReferenceLayerKind.GlobalAvgPool:
                    (current, shape) = SpatialForward(layer, current, shape, batch);
                    break;
                case ReferenceLayerKind.Dense:
                    (TensorLayout w, TensorLayout? b) = Tensors(layer);
                    int outputs = w.Rows;
                    var next = new double[batch * outputs];
                    for (int n = 0; n < batch; n++)
                    {
                        for (int o = 0; o < outputs; o++)
                        {
                            double z = b is null ? 0 : Parameters[b.IndexOf(0, o)];
                            for (int i = 0; i < width; i++) z += Parameters[w.IndexOf(o, i)] * current[n * width + i];
                            next[n * outputs + o] = z;
                        }
                        Activate(layer, next.AsSpan(n * outputs, outputs));
                    }
                    current = next;
                    shape = new Shape(outputs, 1, 1);
                    break;
                case ReferenceLayerKind.Dropout:
                    if (DropoutMasks is not null)
                    {
                        double[] mask = DropoutMasks[dropout];
                        current = current.Select((v, i) => v * mask[i]).ToArray();
                    }
                    dropout++;
                    break;
                case ReferenceLayerKind.BatchNorm:
                    current = BatchNormForward(layer, current, shape, batch);
                    break;
                case ReferenceLayerKind.LayerNorm:
                    current = LayerNormForward(layer, current, width, batch);
                    break;
            }
        }
        _activations.Add(current);
        return current;
    }

    /// <summary>Backward from dL/doutput; returns dL/dinput and sets <see cref="ParameterGradients"/>.</summary>
    public double[] Backward(double[] outputGradient)
    {
        int batch = _batch;
        ParameterGradients = new double[_network.Parameters.Length];
        double[] gradient = outputGradient;
        int dropout = DropoutMasks?.Count ?? 0;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            ReferenceLayer layer = _layers[l];
            double[] input = _activations[l], output = _activations[l + 1];
            switch (layer.Kind)
            {
                case ReferenceLayerKind.Conv:
                case ReferenceLayerKind.MaxPool:
                case ReferenceLayerKind.AvgPool:
                case ReferenceLayerKind.GlobalAvgPool:
                    gradient = SpatialBackward(layer, input, _shapes[l], output, gradient, batch);
                    break;
                case ReferenceLayerKind.Dense:
                    (TensorLayout weight, TensorLayout? bias) = Tensors(layer);
                    int outputs = weight.Rows, inputs = weight.Columns;
                    var dz = new double[gradient.Length];
                    for (int n = 0; n < batch; n++)
                    {
                        ActivationBackward(layer, output.AsSpan(n * outputs, outputs), gradient.AsSpan(n * outputs, outputs), dz.AsSpan(n * outputs, outputs));
                    }
                    var dx = new double[batch * inputs];
                    for (int n = 0; n < batch; n++)
                    {
                        for (int o = 0; o < outputs; o++)
                        {
                            double g = dz[n * outputs + o];
                            if (bias is not null) ParameterGradients[bias.IndexOf(0, o)] += g;
                            for (int i = 0; i < inputs; i++)
                            {
                                ParameterGradients[weight.IndexOf(o, i)] += g * input[n * inputs + i];
                                dx[n * inputs + i] += g * Parameters[weight.IndexOf(o, i)];
                            }
                        }
                    }
                    gradient = dx;
                    break;
                case ReferenceLayerKind.BatchNorm:
                    gradient = BatchNormBackward(layer, input, _shapes[l], gradient, batch);
                    break;
                case ReferenceLayerKind.LayerNorm:
                    gradient = LayerNormBackward(layer, input, _shapes[l].Size, gradient, batch);
                    break;
                case ReferenceLayerKind.Dropout:
                    dropout--;
                    if (DropoutMasks is not null)
                    {
                        double[] mask = DropoutMasks[dropout];
                        gradient = gradient.Select((g, i) => g * mask[i]).ToArray();
                    }
                    break;
            }
        }
        return gradient;
    }

    private (TensorLayout Weight, TensorLayout? Bias) Tensors(ReferenceLayer layer) =>
        (_network.Tensors.Single(t => t.Name == layer.Name + ".weight"), _network.Tensors.SingleOrDefault(t => t.Name == layer.Name + ".bias"));

    private static void Activate(ReferenceLayer layer, Span<double> z)
    {
        switch (layer.Activation)
        {
            case Activation.ReLU:
                for (int i = 0; i < z.Length; i++) z[i] = Math.Max(0, z[i]);
                break;
            case Activation.LeakyReLU:
                for (int i = 0; i < z.Length; i++) z[i] = z[i] > 0 ? z[i] : layer.Slope * z[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < z.Length; i++) z[i] = 1 / (1 + Math.Exp(-z[i]));
                break;
            case Activation.Tanh:
                for (int i = 0; i < z.Length; i++) z[i] = Math.Tanh(z[i]);
                break;
            case Activation.Step:
                for (int i = 0; i < z.Length; i++) z[i] = z[i] >= 0 ? 1 : 0;
                break;
            case Activation.Softmax:
                double max = double.NegativeInfinity, sum = 0;
                foreach (double v in z) max = Math.Max(max, v);
                for (int i = 0; i < z.Length; i++) sum += z[i] = Math.Exp(z[i] - max);
                for (int i = 0; i < z.Length; i++) z[i] /= sum;
                break;
        }
    }

    private static void ActivationBackward(ReferenceLayer layer, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dz)
    {
        for (int i = 0; i < y.Length; i++)
        {
            dz[i] = layer.Activation switch
            {
                Activation.ReLU => y[i] > 0 ? dy[i] : 0,
                Activation.LeakyReLU => y[i] > 0 ? dy[i] : layer.Slope * dy[i],
                Activation.Sigmoid => dy[i] * y[i] * (1 - y[i]),
                Activation.Tanh => dy[i] * (1 - y[i] * y[i]),
                _ => dy[i],
            };
        }
        if (layer.Activation == Activation.Softmax)
        {
            double dot = 0;
            for (int i = 0; i < y.Length; i++) dot += dy[i] * y[i];
            for (int i = 0; i < y.Length; i++) dz[i] = y[i] * (dy[i] - dot);
        }
    }
}
