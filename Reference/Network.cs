namespace NetGen.Reference;

/// <summary>
/// Chains <see cref="Layer"/>s forward and backward over a batch, in double precision. It owns its tensors by
/// PyTorch's state-dict names and layouts (<c>dense0.weight</c> [out, in], <c>lstm0.weight_ih_l0</c> [G·H, F], …,
/// row-major): <see cref="Parameters"/>, their <see cref="Gradients"/> and batch norm's running statistics in
/// <see cref="State"/>. Fill the parameters, run <see cref="Forward"/>, then <see cref="Backward"/> from ∂L/∂output.
/// </summary>
/// <remarks>
/// Samples are laid out one after another, each of <see cref="InputShape"/>; a recurrent layer starts from zero
/// state unless <see cref="InitialHidden"/> / <see cref="InitialCell"/> give one (the reverse direction of a
/// bidirectional layer always starts from zero). Backward adds to <see cref="Gradients"/> (see <see cref="ZeroGradients"/>)
/// and uses what the last forward saved: every layer's input and output and the recurrent layers' step traces.
/// </remarks>
public sealed class Network
{
    private readonly Layer[] _layers;
    private readonly Shape[] _shapes; // _shapes[t + 1]: the per-sample shape of tensor t (-1: the network input, l: layer l's output)
    private readonly (int Top, int Left)[] _padding; // Conv and pooling: the padding before, per layer
    private double[][] _values = []; // _values[t + 1]: tensor t of the last forward, the batch
    private RecurrentStep[][][] _traces = [], _reverseTraces = []; // [layer][sample]: the step traces of each direction
    private int _batch;

    public Network(Shape input, params Layer[] layers)
    {
        _layers = layers;
        _shapes = new Shape[layers.Length + 1];
        _padding = new (int, int)[layers.Length];
        _shapes[0] = input;
        for (int l = 0; l < layers.Length; l++)
        {
            if (Reads(l).Any(t => t < -1 || t >= l)) throw new ArgumentException($"{layers[l].Kind} {l} reads a tensor that is not the input or an earlier layer");
            Shape s = _shapes[Source(l) + 1];
            _shapes[l + 1] = InferShape(l, s);
            foreach ((string name, int length) in TensorsOf(layers[l], s))
            {
                Parameters[name] = new double[length];
                Gradients[name] = new double[length];
            }
            if (layers[l].Kind == LayerKind.BatchNorm)
            {
                State[$"{layers[l].Name}.running_mean"] = new double[s.C];
                State[$"{layers[l].Name}.running_var"] = Enumerable.Repeat(1.0, s.C).ToArray();
            }
        }
    }

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>One sample's input shape.</summary>
    public Shape InputShape => _shapes[0];

    /// <summary>One sample's output shape.</summary>
    public Shape OutputShape => _shapes[^1];

    /// <summary>Tensors by name, PyTorch layout, row-major.</summary>
    public Dictionary<string, double[]> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Gradients of <see cref="Parameters"/>, same names and layout; <see cref="Backward"/> adds to them.</summary>
    public Dictionary<string, double[]> Gradients { get; } = new(StringComparer.Ordinal);

    /// <summary>Batch norm's <c>running_mean</c> (initially 0) and <c>running_var</c> (initially 1) [C]; training forwards update them.</summary>
    public Dictionary<string, double[]> State { get; } = new(StringComparer.Ordinal);

    /// <summary>Training mode: batch norm uses the batch's statistics and updates <see cref="State"/>; otherwise the running ones.</summary>
    public bool Training { get; set; }

    /// <summary>The masks dropout multiplies by, one per dropout layer in order, each [batch × width]; null: dropout is the identity.</summary>
    public List<double[]>? DropoutMasks { get; set; }

    /// <summary>Initial hidden states h₀ [batch, H] by layer name, as PyTorch's h_0 (batch first); a layer not listed starts from zero.</summary>
    public Dictionary<string, double[]> InitialHidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Initial LSTM cell states c₀ [batch, H] by layer name; zero when not listed.</summary>
    public Dictionary<string, double[]> InitialCell { get; } = new(StringComparer.Ordinal);

    /// <summary>Every recurrent layer's h_n [batch, H] (its forward direction) after <see cref="Forward"/>.</summary>
    public Dictionary<string, double[]> FinalHidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Every recurrent layer's c_n [batch, H] after <see cref="Forward"/> (zero but for an LSTM).</summary>
    public Dictionary<string, double[]> FinalCell { get; } = new(StringComparer.Ordinal);

    /// <summary>∂L/∂h₀ [batch, H] of every recurrent layer after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialHiddenGradient { get; } = new(StringComparer.Ordinal);

    /// <summary>∂L/∂c₀ [batch, H] of every recurrent layer after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialCellGradient { get; } = new(StringComparer.Ordinal);

    public void ZeroGradients()
    {
        foreach (double[] gradient in Gradients.Values) Array.Clear(gradient);
    }

    /// <summary>Whether a parameter is, by definition, left without gradient: an element of an embedding's padding row.</summary>
    public bool HasNoGradient(string tensor, int index) =>
        _layers.Any(layer => layer.Kind == LayerKind.Embedding && layer.PaddingIndex >= 0 && tensor == $"{layer.Name}.weight" && index / layer.Units == layer.PaddingIndex);

    /// <summary>The outputs [batch × output size] for <paramref name="batch"/> samples of <see cref="InputShape"/>.</summary>
    public double[] Forward(ReadOnlySpan<double> input, int batch)
    {
        if (batch <= 0 || input.Length != batch * InputShape.Size)
        {
            throw new ArgumentException($"expected {batch} samples of {InputShape.Size} values ({InputShape}), got {input.Length} values");
        }
        _batch = batch;
        _values = new double[_layers.Length + 1][];
        _traces = new RecurrentStep[_layers.Length][][];
        _reverseTraces = new RecurrentStep[_layers.Length][][];
        _values[0] = input.ToArray();
        int dropout = 0;
        for (int l = 0; l < _layers.Length; l++)
        {
            _values[l + 1] = _layers[l].Kind is LayerKind.Add or LayerKind.Concatenate ? MergeForward(l, batch) : LayerForward(l, _values[Source(l) + 1], batch, ref dropout);
        }
        return _values[^1];
    }

    /// <summary>Backward through the last forward from ∂L/∂output; adds to <see cref="Gradients"/> and returns ∂L/∂input (empty after an embedding).</summary>
    public double[] Backward(ReadOnlySpan<double> outputGradient)
    {
        int batch = _batch;
        if (outputGradient.Length != batch * _shapes[^1].Size)
        {
            throw new ArgumentException($"expected a gradient of {batch * _shapes[^1].Size} values (batch {batch} × {_shapes[^1]}), got {outputGradient.Length}");
        }
        foreach (Layer layer in _layers.Where(layer => layer.IsRecurrent))
        {
            InitialHiddenGradient[layer.Name] = new double[batch * layer.Units];
            InitialCellGradient[layer.Name] = new double[batch * layer.Units];
        }
        // Gradients by tensor, as _values; a tensor read by several layers sums what each gives it.
        var gradients = new double[_layers.Length + 1][];
        gradients[^1] = outputGradient.ToArray();
        int dropout = DropoutMasks is null ? 0 : _layers.Count(layer => layer.Kind == LayerKind.Dropout);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            double[]? dy = gradients[l + 1];
            if (_layers[l].Kind is LayerKind.Add or LayerKind.Concatenate)
            {
                if (dy is null) continue;
                int[] reads = Reads(l);
                for (int j = 0; j < reads.Length; j++) Accumulate(gradients, reads[j], MergeBackward(l, j, dy, batch));
                continue;
            }
            // No gradient reaches a layer below an embedding; a dropout there still steps past its mask.
            double[] dx = dy is null ? [] : LayerBackward(l, dy, batch, ref dropout);
            if (dy is null && _layers[l].Kind == LayerKind.Dropout && DropoutMasks is not null) dropout--;
            if (dx.Length > 0) Accumulate(gradients, Source(l), dx);
        }
        return gradients[0] ?? [];
    }

    /// <summary>The tensors layer <paramref name="l"/> reads (−1: the network input).</summary>
    private int[] Reads(int l) => _layers[l].Reads ?? [l - 1];

    /// <summary>The tensor a single-input layer reads.</summary>
    private int Source(int l) => Reads(l)[0];

    private static void Accumulate(double[]?[] gradients, int tensor, double[] gradient)
    {
        if (gradients[tensor + 1] is not { } sum)
        {
            gradients[tensor + 1] = (double[])gradient.Clone();
            return;
        }
        for (int i = 0; i < sum.Length; i++) sum[i] += gradient[i];
    }

    /// <summary>Add: the sum of its inputs, then its activation; Concatenate: per sample and step, each input's features in turn.</summary>
    private double[] MergeForward(int l, int batch)
    {
        Layer layer = _layers[l];
        int[] reads = Reads(l);
        int size = _shapes[l + 1].Size;
        var y = new double[batch * size];
        if (layer.Kind == LayerKind.Add)
        {
            foreach (int t in reads)
                for (int i = 0; i < y.Length; i++) y[i] += _values[t + 1][i];
            for (int n = 0; n < batch; n++) Activations.Forward(layer.Activation, layer.Slope, y.AsSpan(n * size, size));
            return y;
        }
        int at = 0;
        for (int n = 0; n < batch; n++)
            for (int step = 0; step < layer.Steps; step++)
                foreach (int t in reads)
                {
                    int features = _shapes[t + 1].Size / layer.Steps;
                    _values[t + 1].AsSpan((n * layer.Steps + step) * features, features).CopyTo(y.AsSpan(at, features));
                    at += features;
                }
        return y;
    }

    /// <summary>The gradient a merge gives its input <paramref name="j"/>: Add all of dz = dy ⊙ act'(y), Concatenate that input's part of dy.</summary>
    private double[] MergeBackward(int l, int j, double[] dy, int batch)
    {
        Layer layer = _layers[l];
        int[] reads = Reads(l);
        int size = _shapes[l + 1].Size;
        if (layer.Kind == LayerKind.Add)
        {
            var dz = new double[dy.Length];
            for (int n = 0; n < batch; n++)
            {
                Activations.Backward(layer.Activation, layer.Slope, _values[l + 1].AsSpan(n * size, size), dy.AsSpan(n * size, size), dz.AsSpan(n * size, size));
            }
            return dz;
        }
        int mine = _shapes[reads[j] + 1].Size / layer.Steps, row = size / layer.Steps;
        int column = reads.Take(j).Sum(t => _shapes[t + 1].Size / layer.Steps);
        var dx = new double[batch * layer.Steps * mine];
        for (int r = 0; r < batch * layer.Steps; r++) dy.AsSpan(r * row + column, mine).CopyTo(dx.AsSpan(r * mine, mine));
        return dx;
    }

    /// <summary>Layer <paramref name="l"/>'s per-sample output shape for input <paramref name="s"/>; keeps a window's padding.</summary>
    private Shape InferShape(int l, Shape s)
    {
        Layer layer = _layers[l];
        switch (layer.Kind)
        {
            case LayerKind.Dense:
                return Shape.Vector(layer.Units);
            case LayerKind.Flatten:
                return Shape.Vector(s.Size);
            case LayerKind.Conv or LayerKind.MaxPool or LayerKind.AvgPool:
                (Shape o, int top, int left) = layer.Window.Apply(s, layer.Kind == LayerKind.Conv ? layer.Units : s.C);
                _padding[l] = (top, left);
                return o;
            case LayerKind.GlobalAvgPool:
                return Shape.Vector(s.C);
            case LayerKind.Upsample:
                return new Shape(s.C, s.H * layer.ScaleHeight, s.W * layer.ScaleWidth);
            case LayerKind.ConvTranspose:
                return layer.TransposedWindow.Apply(s, layer.Units);
            case LayerKind.Embedding:
                return Shape.Vector(s.Size * layer.Units);
            case LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU:
            {
                int steps = Steps(layer, s), width = (layer.Bidirectional ? 2 : 1) * layer.Units;
                return Shape.Vector(layer.ReturnSequences ? steps * width : width);
            }
            case LayerKind.StepMaxPool or LayerKind.StepAvgPool:
                Steps(layer, s);
                return Shape.Vector(layer.Inputs);
            case LayerKind.Add:
                foreach (int t in Reads(l))
                {
                    if (_shapes[t + 1] != s) throw new ArgumentException($"Add {l} sums shapes {s} and {_shapes[t + 1]}");
                }
                return s;
            case LayerKind.Concatenate:
            {
                // Vectors (and sequences) are [size, 1, 1], images [C, H, W]: either way the Cs add up.
                return new Shape(Reads(l).Sum(t => _shapes[t + 1].C), s.H, s.W);
            }
            default: // Activation, Dropout, BatchNorm, LayerNorm
                return s;
        }
    }

    /// <summary>T of a sequence layer's [T, F] input.</summary>
    private static int Steps(Layer layer, Shape s)
    {
        if (layer.Inputs <= 0 || s.Size % layer.Inputs != 0)
        {
            throw new ArgumentException($"{layer.Kind} '{layer.Name}' expects [T, {layer.Inputs}] samples, got {s.Size} values");
        }
        return s.Size / layer.Inputs;
    }

    private static IEnumerable<(string Name, int Length)> TensorsOf(Layer layer, Shape s)
    {
        switch (layer.Kind)
        {
            case LayerKind.Dense or LayerKind.Conv:
                int fanIn = layer.Kind == LayerKind.Dense ? s.Size : s.C * layer.Window.KernelHeight * layer.Window.KernelWidth;
                yield return ($"{layer.Name}.weight", layer.Units * fanIn);
                if (layer.Bias) yield return ($"{layer.Name}.bias", layer.Units);
                break;
            case LayerKind.ConvTranspose:
                yield return ($"{layer.Name}.weight", s.C * layer.Units * layer.TransposedWindow.KernelHeight * layer.TransposedWindow.KernelWidth);
                if (layer.Bias) yield return ($"{layer.Name}.bias", layer.Units);
                break;
            case LayerKind.BatchNorm:
                yield return ($"{layer.Name}.weight", s.C);
                yield return ($"{layer.Name}.bias", s.C);
                break;
            case LayerKind.LayerNorm:
                yield return ($"{layer.Name}.weight", s.Size);
                yield return ($"{layer.Name}.bias", s.Size);
                break;
            case LayerKind.Embedding:
                yield return ($"{layer.Name}.weight", layer.Vocabulary * layer.Units);
                break;
            case LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU:
                int g = RecurrentCell.Gates(layer.Kind) * layer.Units;
                foreach (string suffix in layer.Bidirectional ? new[] { "", "_reverse" } : [""])
                {
                    yield return ($"{layer.Name}.weight_ih_l0{suffix}", g * layer.Inputs);
                    yield return ($"{layer.Name}.weight_hh_l0{suffix}", g * layer.Units);
                    yield return ($"{layer.Name}.bias_ih_l0{suffix}", g);
                    yield return ($"{layer.Name}.bias_hh_l0{suffix}", g);
                }
                break;
        }
    }

    private double[] LayerForward(int l, double[] x, int batch, ref int dropout)
    {
        Layer layer = _layers[l];
        Shape s = _shapes[Source(l) + 1], o = _shapes[l + 1];
        (int top, int left) = _padding[l];
        if (layer.Kind is LayerKind.Flatten || (layer.Kind is LayerKind.Dropout && DropoutMasks is null))
        {
            if (layer.Kind is LayerKind.Dropout) dropout++;
            return x;
        }
        var y = new double[batch * o.Size];
        switch (layer.Kind)
        {
            case LayerKind.Dropout:
                double[] mask = DropoutMasks![dropout++];
                for (int i = 0; i < y.Length; i++) y[i] = x[i] * mask[i];
                return y;
            case LayerKind.BatchNorm:
                BatchNorm.Forward(y, x, s, batch, Parameters[$"{layer.Name}.weight"], Parameters[$"{layer.Name}.bias"],
                    State[$"{layer.Name}.running_mean"], State[$"{layer.Name}.running_var"], Training, layer.Momentum, layer.Epsilon);
                return y;
        }
        if (layer.IsRecurrent)
        {
            _traces[l] = new RecurrentStep[batch][];
            _reverseTraces[l] = new RecurrentStep[batch][];
            FinalHidden[layer.Name] = new double[batch * layer.Units];
            FinalCell[layer.Name] = new double[batch * layer.Units];
        }
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<double> xs = x.AsSpan(n * s.Size, s.Size);
            Span<double> ys = y.AsSpan(n * o.Size, o.Size);
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    Dense.Forward(ys, xs, Parameters[$"{layer.Name}.weight"], Bias(layer, Parameters));
                    Activations.Forward(layer.Activation, layer.Slope, ys);
                    break;
                case LayerKind.Activation:
                    xs.CopyTo(ys);
                    Activations.Forward(layer.Activation, layer.Slope, ys);
                    break;
                case LayerKind.Conv:
                    Convolution.Forward(ys, o, xs, s, layer.Window, top, left, Parameters[$"{layer.Name}.weight"], Bias(layer, Parameters));
                    Activations.Forward(layer.Activation, layer.Slope, ys);
                    break;
                case LayerKind.MaxPool:
                    Pooling.MaxForward(ys, o, xs, s, layer.Window, top, left);
                    break;
                case LayerKind.AvgPool:
                    Pooling.AverageForward(ys, o, xs, s, layer.Window, top, left);
                    break;
                case LayerKind.GlobalAvgPool:
                    Pooling.GlobalAverageForward(ys, xs, s);
                    break;
                case LayerKind.Upsample:
                    Upsample.Forward(ys, o, xs, s, layer.Bilinear);
                    break;
                case LayerKind.ConvTranspose:
                    ConvTranspose.Forward(ys, o, xs, s, layer.TransposedWindow, Parameters[$"{layer.Name}.weight"], Bias(layer, Parameters));
                    Activations.Forward(layer.Activation, layer.Slope, ys);
                    break;
                case LayerKind.LayerNorm:
                    NetGen.Reference.LayerNorm.Forward(ys, xs, Parameters[$"{layer.Name}.weight"], Parameters[$"{layer.Name}.bias"], layer.Epsilon);
                    break;
                case LayerKind.Embedding:
                    NetGen.Reference.Embedding.Forward(ys, xs, Parameters[$"{layer.Name}.weight"], layer.Units);
                    break;
                case LayerKind.StepMaxPool:
                    StepPooling.MaxForward(ys, xs, layer.Inputs);
                    break;
                case LayerKind.StepAvgPool:
                    StepPooling.AverageForward(ys, xs, layer.Inputs);
                    break;
                default:
                    RecurrentForward(l, n, xs, ys);
                    break;
            }
        }
        return y;
    }

    private double[] LayerBackward(int l, double[] dy, int batch, ref int dropout)
    {
        Layer layer = _layers[l];
        Shape s = _shapes[Source(l) + 1], o = _shapes[l + 1];
        (int top, int left) = _padding[l];
        double[] x = _values[Source(l) + 1], y = _values[l + 1];
        switch (layer.Kind)
        {
            case LayerKind.Flatten:
                return dy;
            case LayerKind.Dropout:
                if (DropoutMasks is null) return dy;
                double[] mask = DropoutMasks[--dropout];
                return dy.Select((g, i) => g * mask[i]).ToArray();
            case LayerKind.BatchNorm:
            {
                if (!Training) throw new InvalidOperationException($"batch norm '{layer.Name}': the reference's backward is the training-mode gradient; set Training");
                var dx = new double[x.Length];
                BatchNorm.Backward(dx, Gradients[$"{layer.Name}.weight"], Gradients[$"{layer.Name}.bias"], dy, x, s, batch, Parameters[$"{layer.Name}.weight"], layer.Epsilon);
                return dx;
            }
            case LayerKind.Embedding:
                for (int n = 0; n < batch; n++)
                {
                    NetGen.Reference.Embedding.Backward(Gradients[$"{layer.Name}.weight"], dy.AsSpan(n * o.Size, o.Size), x.AsSpan(n * s.Size, s.Size), layer.Units, layer.PaddingIndex);
                }
                return [];
        }
        var gradient = new double[batch * s.Size];
        var dz = new double[o.Size];
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<double> xs = x.AsSpan(n * s.Size, s.Size), ys = y.AsSpan(n * o.Size, o.Size), dys = dy.AsSpan(n * o.Size, o.Size);
            Span<double> dxs = gradient.AsSpan(n * s.Size, s.Size);
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    Activations.Backward(layer.Activation, layer.Slope, ys, dys, dz);
                    Dense.Backward(dxs, Gradients[$"{layer.Name}.weight"], Bias(layer, Gradients), dz, xs, Parameters[$"{layer.Name}.weight"]);
                    break;
                case LayerKind.Activation:
                    Activations.Backward(layer.Activation, layer.Slope, ys, dys, dxs);
                    break;
                case LayerKind.Conv:
                    Activations.Backward(layer.Activation, layer.Slope, ys, dys, dz);
                    Convolution.Backward(dxs, Gradients[$"{layer.Name}.weight"], Bias(layer, Gradients), dz, o, xs, s, layer.Window, top, left, Parameters[$"{layer.Name}.weight"]);
                    break;
                case LayerKind.MaxPool:
                    Pooling.MaxBackward(dxs, dys, o, xs, s, layer.Window, top, left);
                    break;
                case LayerKind.AvgPool:
                    Pooling.AverageBackward(dxs, dys, o, s, layer.Window, top, left);
                    break;
                case LayerKind.GlobalAvgPool:
                    Pooling.GlobalAverageBackward(dxs, dys, s);
                    break;
                case LayerKind.Upsample:
                    Upsample.Backward(dxs, dys, o, s, layer.Bilinear);
                    break;
                case LayerKind.ConvTranspose:
                    Activations.Backward(layer.Activation, layer.Slope, ys, dys, dz);
                    ConvTranspose.Backward(dxs, Gradients[$"{layer.Name}.weight"], Bias(layer, Gradients), dz, o, xs, s, layer.TransposedWindow, Parameters[$"{layer.Name}.weight"]);
                    break;
                case LayerKind.LayerNorm:
                    NetGen.Reference.LayerNorm.Backward(dxs, Gradients[$"{layer.Name}.weight"], Gradients[$"{layer.Name}.bias"], dys, xs, Parameters[$"{layer.Name}.weight"], layer.Epsilon);
                    break;
                case LayerKind.StepMaxPool:
                    StepPooling.MaxBackward(dxs, dys, xs, layer.Inputs);
                    break;
                case LayerKind.StepAvgPool:
                    StepPooling.AverageBackward(dxs, dys, layer.Inputs);
                    break;
                default:
                    RecurrentBackward(l, n, xs, dys, dxs);
                    break;
            }
        }
        return gradient;
    }

    private static double[]? Bias(Layer layer, Dictionary<string, double[]> tensors) => layer.Bias ? tensors[$"{layer.Name}.bias"] : null;

    private static RecurrentTensors Recurrent(Layer layer, string suffix, Dictionary<string, double[]> tensors) =>
        new(tensors[$"{layer.Name}.weight_ih_l0{suffix}"], tensors[$"{layer.Name}.weight_hh_l0{suffix}"],
            tensors[$"{layer.Name}.bias_ih_l0{suffix}"], tensors[$"{layer.Name}.bias_hh_l0{suffix}"]);

    /// <summary>Sample <paramref name="n"/>'s row of a [batch, H] state, or zeros when the layer has none given.</summary>
    private static double[] StateRow(Dictionary<string, double[]> states, string layer, int n, int h) =>
        states.TryGetValue(layer, out double[]? state) ? state.AsSpan(n * h, h).ToArray() : new double[h];

    /// <summary>x [T, F] with its steps in reverse order.</summary>
    private static double[] ReverseSteps(ReadOnlySpan<double> x, int width)
    {
        int steps = x.Length / width;
        var reversed = new double[x.Length];
        for (int t = 0; t < steps; t++) x.Slice(t * width, width).CopyTo(reversed.AsSpan((steps - 1 - t) * width, width));
        return reversed;
    }

    /// <summary>
    /// A recurrent layer on sample <paramref name="n"/>: y is h_t for every step [T, H] or h_T [H]; bidirectional, the
    /// _reverse tensors run over the reversed steps and y is [forward h_t, reverse h_t] per step, or [forward h_T,
    /// reverse h after its last step (input step 0)], as PyTorch's.
    /// </summary>
    private void RecurrentForward(int l, int n, ReadOnlySpan<double> x, Span<double> y)
    {
        Layer layer = _layers[l];
        int h = layer.Units, steps = x.Length / layer.Inputs, width = layer.Bidirectional ? 2 * h : h;
        RecurrentStep[] trace = _traces[l][n] = RecurrentCell.Forward(layer.Kind, x, layer.Inputs, h, Recurrent(layer, "", Parameters),
            StateRow(InitialHidden, layer.Name, n, h), StateRow(InitialCell, layer.Name, n, h));
        trace[^1].Hidden.CopyTo(FinalHidden[layer.Name], n * h);
        trace[^1].Cell.CopyTo(FinalCell[layer.Name], n * h);
        RecurrentStep[]? reverse = null;
        if (layer.Bidirectional)
        {
            reverse = _reverseTraces[l][n] = RecurrentCell.Forward(layer.Kind, ReverseSteps(x, layer.Inputs), layer.Inputs, h, Recurrent(layer, "_reverse", Parameters),
                new double[h], new double[h]);
        }
        if (!layer.ReturnSequences)
        {
            trace[^1].Hidden.CopyTo(y);
            reverse?[^1].Hidden.CopyTo(y[h..]);
            return;
        }
        for (int t = 0; t < steps; t++)
        {
            trace[t].Hidden.CopyTo(y.Slice(t * width, h));
            reverse?[steps - 1 - t].Hidden.CopyTo(y.Slice(t * width + h, h));
        }
    }

    /// <summary>Splits dy between the directions as full-sequence gradients [T, H], runs BPTT on each and adds the reverse input gradient back in input order.</summary>
    private void RecurrentBackward(int l, int n, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
    {
        Layer layer = _layers[l];
        int h = layer.Units, steps = x.Length / layer.Inputs, width = layer.Bidirectional ? 2 * h : h;
        var direct = new double[steps * h];
        var reverse = new double[steps * h];
        if (layer.ReturnSequences)
        {
            for (int t = 0; t < steps; t++)
            {
                dy.Slice(t * width, h).CopyTo(direct.AsSpan(t * h, h));
                if (layer.Bidirectional) dy.Slice(t * width + h, h).CopyTo(reverse.AsSpan((steps - 1 - t) * h, h));
            }
        }
        else
        {
            dy[..h].CopyTo(direct.AsSpan((steps - 1) * h, h));
            if (layer.Bidirectional) dy.Slice(h, h).CopyTo(reverse.AsSpan((steps - 1) * h, h));
        }
        (double[] dxDirect, double[] dh0, double[] dc0) = RecurrentCell.Backward(layer.Kind, _traces[l][n], x, layer.Inputs, h,
            Recurrent(layer, "", Parameters), Recurrent(layer, "", Gradients), direct);
        dh0.CopyTo(InitialHiddenGradient[layer.Name], n * h);
        dc0.CopyTo(InitialCellGradient[layer.Name], n * h);
        dxDirect.CopyTo(dx);
        if (!layer.Bidirectional) return;
        (double[] dxReverse, _, _) = RecurrentCell.Backward(layer.Kind, _reverseTraces[l][n], ReverseSteps(x, layer.Inputs), layer.Inputs, h,
            Recurrent(layer, "_reverse", Parameters), Recurrent(layer, "_reverse", Gradients), reverse);
        int f = layer.Inputs;
        for (int t = 0; t < steps; t++)
            for (int k = 0; k < f; k++) dx[t * f + k] += dxReverse[(steps - 1 - t) * f + k];
    }
}
