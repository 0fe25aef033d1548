namespace NetGen.Tests.Reference;

/// <summary>One layer of <see cref="ReferenceRecurrent"/>, described as in PyTorch.</summary>
public sealed record ReferenceSequenceLayer(ReferenceSequenceKind Kind, string Name, int Inputs, int Units, bool ReturnSequences = false, int Vocabulary = 0, int PaddingIndex = -1, bool Bidirectional = false)
{
    public static ReferenceSequenceLayer Embedding(string name, int vocabulary, int dimension, int paddingIndex = -1) =>
        new(ReferenceSequenceKind.Embedding, name, 0, dimension, Vocabulary: vocabulary, PaddingIndex: paddingIndex);

    public static ReferenceSequenceLayer Recurrent(ReferenceSequenceKind kind, string name, int features, int hidden, bool returnSequences = false, bool bidirectional = false) =>
        new(kind, name, features, hidden, returnSequences, Bidirectional: bidirectional);

    public static ReferenceSequenceLayer Dense(string name, int inputs, int outputs) => new(ReferenceSequenceKind.Dense, name, inputs, outputs);

    /// <summary>Flattening [T, H] row-major is the identity on the reference's unpadded per-sample arrays.</summary>
    public static ReferenceSequenceLayer Flatten() => new(ReferenceSequenceKind.Flatten, "flatten", 0, 0);

    /// <summary>Global max or average pooling of [T, features] over the steps into [features].</summary>
    public static ReferenceSequenceLayer GlobalPool(ReferenceSequenceKind kind, int features) => new(kind, "pool", features, features);

    public int Gates => Kind switch
    {
        ReferenceSequenceKind.LSTM => 4,
        ReferenceSequenceKind.GRU => 3,
        _ => 1,
    };
}

public enum ReferenceSequenceKind
{
    Embedding,
    SimpleRNN,
    LSTM,
    GRU,
    Dense,
    Flatten,
    GlobalMaxPool,
    GlobalAveragePool,
}

/// <summary>
/// A plain double-precision implementation of embeddings, PyTorch's RNN (tanh), LSTM and GRU (one layer,
/// batch first, zero initial state unless one is given in <see cref="InitialHidden"/> and <see cref="InitialCell"/>), global max and average pooling over the steps, and Dense, written from PyTorch's documented equations with the tensors in
/// PyTorch's names and layout (weight_ih_l0 [G·H, F], …). Backward is backpropagation through time written out
/// step by step; its gradients are checked against finite differences of its own forward.
/// </summary>
public sealed class ReferenceRecurrent
{
    private readonly ReferenceSequenceLayer[] _layers;
    private readonly int _steps;
    private int _batch;
    // Per layer, per sample: the input and everything backward needs.
    private List<double[]>[] _inputs = [];
    private List<StepCache[]>[] _caches = [];
    private List<StepCache[]>[] _reverseCaches = [];

    /// <summary>Tensors by name, PyTorch layout, row-major.</summary>
    public Dictionary<string, double[]> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Gradients of <see cref="Parameters"/>, same names and layout; <see cref="Backward"/> adds to them.</summary>
    public Dictionary<string, double[]> Gradients { get; } = new(StringComparer.Ordinal);

    /// <summary>Initial hidden states h₀ [batch, H] by layer name, as PyTorch's h_0 (batch first); a layer not listed starts from zero.</summary>
    public Dictionary<string, double[]> InitialHidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Initial LSTM cell states c₀ [batch, H] by layer name; zero when not listed.</summary>
    public Dictionary<string, double[]> InitialCell { get; } = new(StringComparer.Ordinal);

    /// <summary>Every recurrent layer's h_n [batch, H] after <see cref="Forward"/>.</summary>
    public Dictionary<string, double[]> FinalHidden { get; } = new(StringComparer.Ordinal);

    /// <summary>Every LSTM's c_n [batch, H] after <see cref="Forward"/>.</summary>
    public Dictionary<string, double[]> FinalCell { get; } = new(StringComparer.Ordinal);

    /// <summary>∂L/∂h₀ [batch, H] of every recurrent layer after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialHiddenGradient { get; } = new(StringComparer.Ordinal);

    /// <summary>∂L/∂c₀ [batch, H] of every LSTM after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialCellGradient { get; } = new(StringComparer.Ordinal);

    public ReferenceRecurrent(int steps, params ReferenceSequenceLayer[] layers)
    {
        _steps = steps;
        _layers = layers;
        foreach (ReferenceSequenceLayer layer in layers)
        {
            foreach ((string name, int length) in TensorsOf(layer))
            {
                Parameters[name] = new double[length];
                Gradients[name] = new double[length];
            }
        }
    }

    private static IEnumerable<(string Name, int Length)> TensorsOf(ReferenceSequenceLayer layer)
    {
        switch (layer.Kind)
        {
            case ReferenceSequenceKind.Embedding:
                yield return ($"{layer.Name}.weight", layer.Vocabulary * layer.Units);
                break;
            case ReferenceSequenceKind.Dense:
                yield return ($"{layer.Name}.weight", layer.Units * layer.Inputs);
                yield return ($"{layer.Name}.bias", layer.Units);
                break;
            case ReferenceSequenceKind.SimpleRNN or ReferenceSequenceKind.LSTM or ReferenceSequenceKind.GRU:
                int g = layer.Gates * layer.Units;
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

    /// <summary>Copies a generated network's parameters, through its tensor layouts, into PyTorch layout.</summary>
    public void LoadFrom(INetwork network)
    {
        ReadOnlySpan<float> parameters = network.Parameters;
        foreach (TensorLayout tensor in network.Tensors)
        {
            double[] values = Parameters[tensor.Name];
            for (int row = 0; row < tensor.Rows; row++)
                for (int column = 0; column < tensor.Columns; column++) values[row * tensor.Columns + column] = parameters[tensor.IndexOf(row, column)];
        }
    }

    /// <summary>Whether a parameter is, by definition, left without gradient: an element of an embedding's padding row.</summary>
    public bool HasNoGradient(string tensor, int index) =>
        _layers.Any(layer => layer.Kind == ReferenceSequenceKind.Embedding && layer.PaddingIndex >= 0 && tensor == $"{layer.Name}.weight" && index / layer.Units == layer.PaddingIndex);

    public void ZeroGradients()
    {
        foreach (double[] gradient in Gradients.Values) Array.Clear(gradient);
    }

    /// <summary>Forward for a batch of samples laid out as the network's input; returns the outputs.</summary>
    public double[] Forward(double[] input, int batch)
    {
        _batch = batch;
        int inputSize = input.Length / batch;
        _inputs = _layers.Select(_ => new List<double[]>()).ToArray();
        _caches = _layers.Select(_ => new List<StepCache[]>()).ToArray();
        _reverseCaches = _layers.Select(_ => new List<StepCache[]>()).ToArray();
        foreach (ReferenceSequenceLayer layer in _layers.Where(IsRecurrent))
        {
            FinalHidden[layer.Name] = new double[batch * layer.Units];
            FinalCell[layer.Name] = new double[batch * layer.Units];
        }
        var outputs = new List<double>();
        for (int b = 0; b < batch; b++)
        {
            double[] x = input.AsSpan(b * inputSize, inputSize).ToArray();
            for (int l = 0; l < _layers.Length; l++)
            {
                _inputs[l].Add(x);
                x = LayerForward(l, b, x);
            }
            outputs.AddRange(x);
        }
        return outputs.ToArray();
    }

    /// <summary>Backward through the last forward: adds parameter gradients; returns ∂L/∂input (empty after an embedding).</summary>
    public double[] Backward(double[] outputGradient)
    {
        int outputSize = outputGradient.Length / _batch;
        foreach (ReferenceSequenceLayer layer in _layers.Where(IsRecurrent))
        {
            InitialHiddenGradient[layer.Name] = new double[_batch * layer.Units];
            InitialCellGradient[layer.Name] = new double[_batch * layer.Units];
        }
        var inputGradient = new List<double>();
        for (int b = 0; b < _batch; b++)
        {
            double[] dy = outputGradient.AsSpan(b * outputSize, outputSize).ToArray();
            for (int l = _layers.Length - 1; l >= 0 && dy.Length > 0; l--) dy = LayerBackward(l, b, dy);
            inputGradient.AddRange(dy);
        }
        return inputGradient.ToArray();
    }

    private static bool IsRecurrent(ReferenceSequenceLayer layer) =>
        layer.Kind is ReferenceSequenceKind.SimpleRNN or ReferenceSequenceKind.LSTM or ReferenceSequenceKind.GRU;

    /// <summary>Sample <paramref name="b"/>'s row of a [batch, H] state, or zeros when the layer has none given.</summary>
    private static double[] StateRow(Dictionary<string, double[]> states, string layer, int b, int h) =>
        states.TryGetValue(layer, out double[]? state) ? state.AsSpan(b * h, h).ToArray() : new double[h];

    private double[] LayerForward(int l, int b, double[] x)
    {
        ReferenceSequenceLayer layer = _layers[l];
        switch (layer.Kind)
        {
            case ReferenceSequenceKind.Embedding:
            {
                double[] table = Parameters[$"{layer.Name}.weight"];
                var y = new double[_steps * layer.Units];
                for (int t = 0; t < _steps; t++)
                    for (int j = 0; j < layer.Units; j++) y[t * layer.Units + j] = table[(int)x[t] * layer.Units + j];
                return y;
            }
            case ReferenceSequenceKind.Dense:
            {
                double[] w = Parameters[$"{layer.Name}.weight"], bias = Parameters[$"{layer.Name}.bias"];
                var y = new double[layer.Units];
                for (int o = 0; o < layer.Units; o++)
                {
                    double sum = bias[o];
                    for (int i = 0; i < layer.Inputs; i++) sum += w[o * layer.Inputs + i] * x[i];
                    y[o] = sum;
                }
                return y;
            }
            case ReferenceSequenceKind.Flatten:
                return x;
            case ReferenceSequenceKind.GlobalMaxPool or ReferenceSequenceKind.GlobalAveragePool:
            {
                int f = layer.Inputs;
                var y = new double[f];
                for (int j = 0; j < f; j++)
                {
                    double pooled = x[j];
                    for (int t = 1; t < _steps; t++)
                    {
                        double value = x[t * f + j];
                        pooled = layer.Kind == ReferenceSequenceKind.GlobalMaxPool ? Math.Max(pooled, value) : pooled + value;
                    }
                    y[j] = layer.Kind == ReferenceSequenceKind.GlobalMaxPool ? pooled : pooled / _steps;
                }
                return y;
            }
            default:
                return RecurrentForward(l, b, layer, x);
        }
    }

    /// <summary>What one step keeps: the previous state, the gate activations, R_n (GRU) and the new state.</summary>
    private sealed record StepCache(double[] HiddenBefore, double[] CellBefore, double[] Gates, double[] RecurrentCandidate, double[] Hidden, double[] Cell);

    /// <summary>x [T, F] with its steps in reverse order.</summary>
    private double[] ReverseSteps(double[] x, int width)
    {
        var reversed = new double[x.Length];
        for (int t = 0; t < _steps; t++) Array.Copy(x, t * width, reversed, (_steps - 1 - t) * width, width);
        return reversed;
    }

    /// <summary>
    /// A recurrent layer's forward; bidirectional: the _reverse tensors run over the reversed steps, and the output is
    /// [forward h_t, reverse h_t] per step, or [forward h_{T−1}, reverse h after its last step (input step 0)], as PyTorch's.
    /// </summary>
    private double[] RecurrentForward(int l, int b, ReferenceSequenceLayer layer, double[] x)
    {
        if (!layer.Bidirectional) return DirectionForward(l, b, layer, x, "", _caches[l]);
        int h = layer.Units;
        ReferenceSequenceLayer every = layer with { ReturnSequences = true };
        double[] direct = DirectionForward(l, b, every, x, "", _caches[l]);
        double[] reverse = DirectionForward(l, b, every, ReverseSteps(x, layer.Inputs), "_reverse", _reverseCaches[l]);
        if (!layer.ReturnSequences) return [.. direct.AsSpan((_steps - 1) * h, h), .. reverse.AsSpan((_steps - 1) * h, h)];
        var y = new double[_steps * 2 * h];
        for (int t = 0; t < _steps; t++)
        {
            Array.Copy(direct, t * h, y, t * 2 * h, h);
            Array.Copy(reverse, (_steps - 1 - t) * h, y, t * 2 * h + h, h);
        }
        return y;
    }

    private double[] DirectionForward(int l, int b, ReferenceSequenceLayer layer, double[] x, string suffix, List<StepCache[]> cacheList)
    {
        int f = layer.Inputs, h = layer.Units, g = layer.Gates * h;
        double[] wih = Parameters[$"{layer.Name}.weight_ih_l0{suffix}"], whh = Parameters[$"{layer.Name}.weight_hh_l0{suffix}"];
        double[] bih = Parameters[$"{layer.Name}.bias_ih_l0{suffix}"], bhh = Parameters[$"{layer.Name}.bias_hh_l0{suffix}"];
        double[] hidden = suffix.Length > 0 ? new double[h] : StateRow(InitialHidden, layer.Name, b, h);
        double[] cell = suffix.Length > 0 ? new double[h] : StateRow(InitialCell, layer.Name, b, h);
        var caches = new StepCache[_steps];
        var outputs = new double[_steps * h];
        for (int t = 0; t < _steps; t++)
        {
            // P = W_ih x_t + b_ih and R = W_hh h + b_hh, [G·H] each.
            var p = new double[g];
            var r = new double[g];
            for (int row = 0; row < g; row++)
            {
                double sp = bih[row], sr = bhh[row];
                for (int k = 0; k < f; k++) sp += wih[row * f + k] * x[t * f + k];
                for (int k = 0; k < h; k++) sr += whh[row * h + k] * hidden[k];
                p[row] = sp;
                r[row] = sr;
            }
            var gates = new double[g];
            var newHidden = new double[h];
            var newCell = new double[h];
            var recurrentCandidate = new double[h];
            for (int j = 0; j < h; j++)
            {
                switch (layer.Kind)
                {
                    case ReferenceSequenceKind.SimpleRNN:
                        newHidden[j] = gates[j] = Math.Tanh(p[j] + r[j]);
                        break;
                    case ReferenceSequenceKind.LSTM:
                    {
                        double i = Sigmoid(p[j] + r[j]), fg = Sigmoid(p[h + j] + r[h + j]);
                        double c = Math.Tanh(p[2 * h + j] + r[2 * h + j]), o = Sigmoid(p[3 * h + j] + r[3 * h + j]);
                        (gates[j], gates[h + j], gates[2 * h + j], gates[3 * h + j]) = (i, fg, c, o);
                        newCell[j] = fg * cell[j] + i * c;
                        newHidden[j] = o * Math.Tanh(newCell[j]);
                        break;
                    }
                    case ReferenceSequenceKind.GRU:
                    {
                        double reset = Sigmoid(p[j] + r[j]), z = Sigmoid(p[h + j] + r[h + j]);
                        double n = Math.Tanh(p[2 * h + j] + reset * r[2 * h + j]);
                        (gates[j], gates[h + j], gates[2 * h + j]) = (reset, z, n);
                        recurrentCandidate[j] = r[2 * h + j];
                        newHidden[j] = (1 - z) * n + z * hidden[j];
                        break;
                    }
                }
            }
            caches[t] = new StepCache(hidden, cell, gates, recurrentCandidate, newHidden, newCell);
            hidden = newHidden;
            cell = newCell;
            Array.Copy(hidden, 0, outputs, t * h, h);
        }
        cacheList.Add(caches);
        if (suffix.Length > 0) return outputs;
        Array.Copy(hidden, 0, FinalHidden[layer.Name], b * h, h);
        Array.Copy(cell, 0, FinalCell[layer.Name], b * h, h);
        return layer.ReturnSequences ? outputs : hidden;
    }

    private double[] LayerBackward(int l, int b, double[] dy)
    {
        ReferenceSequenceLayer layer = _layers[l];
        double[] x = _inputs[l][b];
        switch (layer.Kind)
        {
            case ReferenceSequenceKind.Embedding:
            {
                double[] table = Gradients[$"{layer.Name}.weight"];
                for (int t = 0; t < _steps; t++)
                {
                    int id = (int)x[t];
                    if (id == layer.PaddingIndex) continue;
                    for (int j = 0; j < layer.Units; j++) table[id * layer.Units + j] += dy[t * layer.Units + j];
                }
                return [];
            }
            case ReferenceSequenceKind.Dense:
            {
                double[] w = Parameters[$"{layer.Name}.weight"], dw = Gradients[$"{layer.Name}.weight"], db = Gradients[$"{layer.Name}.bias"];
                var dx = new double[layer.Inputs];
                for (int o = 0; o < layer.Units; o++)
                {
                    db[o] += dy[o];
                    for (int i = 0; i < layer.Inputs; i++)
                    {
                        dw[o * layer.Inputs + i] += dy[o] * x[i];
                        dx[i] += w[o * layer.Inputs + i] * dy[o];
                    }
                }
                return dx;
            }
            case ReferenceSequenceKind.Flatten:
                return dy;
            case ReferenceSequenceKind.GlobalMaxPool:
            {
                // To the first step holding the maximum, as PyTorch.
                int f = layer.Inputs;
                var dx = new double[_steps * f];
                for (int j = 0; j < f; j++)
                {
                    int first = 0;
                    for (int t = 1; t < _steps; t++) if (x[t * f + j] > x[first * f + j]) first = t;
                    dx[first * f + j] = dy[j];
                }
                return dx;
            }
            case ReferenceSequenceKind.GlobalAveragePool:
            {
                int f = layer.Inputs;
                var dx = new double[_steps * f];
                for (int t = 0; t < _steps; t++)
                    for (int j = 0; j < f; j++) dx[t * f + j] = dy[j] / _steps;
                return dx;
            }
            default:
                if (!layer.Bidirectional) return RecurrentBackward(layer, b, _caches[l][b], x, dy, "");
                return BidirectionalBackward(l, layer, b, x, dy);
        }
    }

    /// <summary>Splits dy between the directions (each as a full-sequence gradient), runs both, and adds the reverse input gradient back in input order.</summary>
    private double[] BidirectionalBackward(int l, ReferenceSequenceLayer layer, int b, double[] x, double[] dy)
    {
        int h = layer.Units, f = layer.Inputs;
        var direct = new double[_steps * h];
        var reverse = new double[_steps * h];
        if (layer.ReturnSequences)
        {
            for (int t = 0; t < _steps; t++)
            {
                Array.Copy(dy, t * 2 * h, direct, t * h, h);
                Array.Copy(dy, t * 2 * h + h, reverse, (_steps - 1 - t) * h, h);
            }
        }
        else
        {
            Array.Copy(dy, 0, direct, (_steps - 1) * h, h);
            Array.Copy(dy, h, reverse, (_steps - 1) * h, h);
        }
        ReferenceSequenceLayer every = layer with { ReturnSequences = true };
        double[] dx = RecurrentBackward(every, b, _caches[l][b], x, direct, "");
        double[] dxReverse = RecurrentBackward(every, b, _reverseCaches[l][b], ReverseSteps(x, f), reverse, "_reverse");
        for (int t = 0; t < _steps; t++)
            for (int k = 0; k < f; k++) dx[t * f + k] += dxReverse[(_steps - 1 - t) * f + k];
        return dx;
    }

    private double[] RecurrentBackward(ReferenceSequenceLayer layer, int b, StepCache[] caches, double[] x, double[] dy, string suffix)
    {
        int f = layer.Inputs, h = layer.Units, g = layer.Gates * h;
        double[] wih = Parameters[$"{layer.Name}.weight_ih_l0{suffix}"], whh = Parameters[$"{layer.Name}.weight_hh_l0{suffix}"];
        double[] dwih = Gradients[$"{layer.Name}.weight_ih_l0{suffix}"], dwhh = Gradients[$"{layer.Name}.weight_hh_l0{suffix}"];
        double[] dbih = Gradients[$"{layer.Name}.bias_ih_l0{suffix}"], dbhh = Gradients[$"{layer.Name}.bias_hh_l0{suffix}"];
        var dx = new double[_steps * f];
        var dh = new double[h];
        var dc = new double[h];
        if (!layer.ReturnSequences) Array.Copy(dy, dh, h);
        for (int t = _steps - 1; t >= 0; t--)
        {
            StepCache s = caches[t];
            if (layer.ReturnSequences) for (int j = 0; j < h; j++) dh[j] += dy[t * h + j];
            // Gradients of P (dp) and of R (dr), and the part of ∂L/∂h_{t−1} that is not through R.
            var dp = new double[g];
            var dr = new double[g];
            var dhBefore = new double[h];
            var dcBefore = new double[h];
            for (int j = 0; j < h; j++)
            {
                switch (layer.Kind)
                {
                    case ReferenceSequenceKind.SimpleRNN:
                        dp[j] = dr[j] = dh[j] * (1 - s.Hidden[j] * s.Hidden[j]);
                        break;
                    case ReferenceSequenceKind.LSTM:
                    {
                        double i = s.Gates[j], fg = s.Gates[h + j], c = s.Gates[2 * h + j], o = s.Gates[3 * h + j];
                        double tanhCell = Math.Tanh(s.Cell[j]);
                        double dCell = dc[j] + dh[j] * o * (1 - tanhCell * tanhCell);
                        dp[j] = dCell * c * i * (1 - i);
                        dp[h + j] = dCell * s.CellBefore[j] * fg * (1 - fg);
                        dp[2 * h + j] = dCell * i * (1 - c * c);
                        dp[3 * h + j] = dh[j] * tanhCell * o * (1 - o);
                        for (int q = 0; q < 4; q++) dr[q * h + j] = dp[q * h + j];
                        dcBefore[j] = dCell * fg;
                        break;
                    }
                    case ReferenceSequenceKind.GRU:
                    {
                        double reset = s.Gates[j], z = s.Gates[h + j], n = s.Gates[2 * h + j];
                        double dn = dh[j] * (1 - z) * (1 - n * n);
                        dp[2 * h + j] = dn;
                        dr[2 * h + j] = dn * reset;
                        dp[j] = dr[j] = dn * s.RecurrentCandidate[j] * reset * (1 - reset);
                        dp[h + j] = dr[h + j] = dh[j] * (s.HiddenBefore[j] - n) * z * (1 - z);
                        dhBefore[j] = dh[j] * z;
                        break;
                    }
                }
            }
            for (int row = 0; row < g; row++)
            {
                dbih[row] += dp[row];
                dbhh[row] += dr[row];
                for (int k = 0; k < f; k++)
                {
                    dwih[row * f + k] += dp[row] * x[t * f + k];
                    dx[t * f + k] += wih[row * f + k] * dp[row];
                }
                for (int k = 0; k < h; k++)
                {
                    dwhh[row * h + k] += dr[row] * s.HiddenBefore[k];
                    dhBefore[k] += whh[row * h + k] * dr[row];
                }
            }
            dh = dhBefore;
            dc = dcBefore;
        }
        if (suffix.Length > 0) return dx;
        Array.Copy(dh, 0, InitialHiddenGradient[layer.Name], b * h, h);
        Array.Copy(dc, 0, InitialCellGradient[layer.Name], b * h, h);
        return dx;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
