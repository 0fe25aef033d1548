using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

// The baseline a C# developer writes by hand when no library is at hand: a list of layer objects with
// virtual Forward/Backward, a new array per layer per call, plain loops over jagged arrays, one sample at
// a time. Deliberately naive but correct, and not slowed on purpose: this is what "typical user code"
// costs, the floor NetGen has to beat by a wide margin.

/// <summary>One layer of a hand-written network: forward keeps what backward needs.</summary>
public abstract class Layer
{
    /// <summary>Forward for one sample; returns a new array.</summary>
    public abstract float[] Forward(float[] x);

    /// <summary>Backward through the last <see cref="Forward"/>: accumulates parameter gradients, returns a new dx.</summary>
    public abstract float[] Backward(float[] dy);

    /// <summary>SGD step on accumulated gradients, which are then cleared.</summary>
    public virtual void Update(float learningRate) { }
}

/// <summary>y = W x + b, W as [out][in] (PyTorch's layout, one row per output).</summary>
public sealed class DenseLayer : Layer
{
    public float[][] Weights { get; }
    public float[] Bias { get; }
    private readonly float[][] _weightGrad;
    private readonly float[] _biasGrad;
    private float[] _lastInput = [];

    public DenseLayer(float[][] weights, float[] bias)
    {
        Weights = weights;
        Bias = bias;
        _weightGrad = new float[weights.Length][];
        for (int o = 0; o < weights.Length; o++) _weightGrad[o] = new float[weights[o].Length];
        _biasGrad = new float[bias.Length];
    }

    public override float[] Forward(float[] x)
    {
        _lastInput = x;
        var y = new float[Weights.Length];
        for (int o = 0; o < Weights.Length; o++)
        {
            float sum = Bias[o];
            float[] row = Weights[o];
            for (int i = 0; i < row.Length; i++) sum += row[i] * x[i];
            y[o] = sum;
        }
        return y;
    }

    public override float[] Backward(float[] dy)
    {
        var dx = new float[_lastInput.Length];
        for (int o = 0; o < Weights.Length; o++)
        {
            float g = dy[o];
            _biasGrad[o] += g;
            float[] row = Weights[o], gradRow = _weightGrad[o];
            for (int i = 0; i < row.Length; i++)
            {
                gradRow[i] += g * _lastInput[i];
                dx[i] += g * row[i];
            }
        }
        return dx;
    }

    public override void Update(float learningRate)
    {
        for (int o = 0; o < Weights.Length; o++)
        {
            for (int i = 0; i < Weights[o].Length; i++)
            {
                Weights[o][i] -= learningRate * _weightGrad[o][i];
                _weightGrad[o][i] = 0;
            }
            Bias[o] -= learningRate * _biasGrad[o];
            _biasGrad[o] = 0;
        }
    }
}

/// <summary>y = max(x, 0).</summary>
public sealed class ReluLayer : Layer
{
    private float[] _lastInput = [];

    public override float[] Forward(float[] x)
    {
        _lastInput = x;
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
        return y;
    }

    public override float[] Backward(float[] dy)
    {
        var dx = new float[dy.Length];
        for (int i = 0; i < dy.Length; i++) dx[i] = _lastInput[i] > 0 ? dy[i] : 0;
        return dx;
    }
}

/// <summary>The hand-written MLP: Dense and ReLU layers.</summary>
public sealed class HandWrittenMlp : HandWrittenNetwork
{
    /// <summary>Dense/ReLU layers with a copy of the workload's weights.</summary>
    public static HandWrittenMlp FromWorkload(MlpWorkload workload)
    {
        var network = new HandWrittenMlp();
        for (int l = 0; l < workload.LayerCount; l++)
        {
            int fanIn = workload.Sizes[l], fanOut = workload.Sizes[l + 1];
            var weights = new float[fanOut][];
            for (int o = 0; o < fanOut; o++) weights[o] = workload.Weights[l].AsSpan(o * fanIn, fanIn).ToArray();
            network.Layers.Add(new DenseLayer(weights, (float[])workload.Biases[l].Clone()));
            if (l < workload.LayerCount - 1) network.Layers.Add(new ReluLayer());
        }
        return network;
    }

    /// <summary>The workload's first <paramref name="batch"/> inputs as the jagged array a user would hold.</summary>
    public static float[][] Samples(MlpWorkload workload, int batch) =>
        Samples(workload.Inputs, workload.InputSize, batch);

    /// <summary>Weights [out*in] and biases per dense layer, flattened to PyTorch layout for checks.</summary>
    public override (float[][] Weights, float[][] Biases) ReadParameters()
    {
        var dense = Layers.OfType<DenseLayer>().ToList();
        return ([.. dense.Select(d => d.Weights.SelectMany(row => row).ToArray())], [.. dense.Select(d => (float[])d.Bias.Clone())]);
    }
}
