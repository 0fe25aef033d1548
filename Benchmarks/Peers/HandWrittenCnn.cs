using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

// The CNN a C# developer writes by hand: the same List<Layer> with virtual Forward/Backward as
// HandWrittenMlp (DenseLayer and ReluLayer are reused), plus a convolution and a max-pool layer. One sample
// at a time, a sample being a flat float[] in [C, H, W] order; a new array per layer per call; the convolution
// is the textbook six nested loops with a bounds test per tap. No flatten layer: on a flat CHW array it has
// nothing to do. Naive but correct, and not slowed on purpose.

/// <summary>2-D convolution, stride 1, zero padding; weight [F, C, K, K] and bias [F] as flat arrays (PyTorch layout).</summary>
public sealed class Conv2dLayer : Layer
{
    public float[] Weights { get; }
    public float[] Bias { get; }
    private readonly int _channels, _height, _width, _filters, _kernel, _padding, _outHeight, _outWidth;
    private readonly float[] _weightGrad;
    private readonly float[] _biasGrad;
    private float[] _lastInput = [];

    public Conv2dLayer(int channels, int height, int width, int filters, int kernel, int padding, float[] weights, float[] bias)
    {
        (_channels, _height, _width, _filters, _kernel, _padding) = (channels, height, width, filters, kernel, padding);
        _outHeight = height + 2 * padding - kernel + 1;
        _outWidth = width + 2 * padding - kernel + 1;
        Weights = weights;
        Bias = bias;
        _weightGrad = new float[weights.Length];
        _biasGrad = new float[bias.Length];
    }

    public override float[] Forward(float[] x)
    {
        _lastInput = x;
        var y = new float[_filters * _outHeight * _outWidth];
        for (int f = 0; f < _filters; f++)
        {
            for (int oy = 0; oy < _outHeight; oy++)
            {
                for (int ox = 0; ox < _outWidth; ox++)
                {
                    float sum = Bias[f];
                    for (int c = 0; c < _channels; c++)
                    {
                        for (int ky = 0; ky < _kernel; ky++)
                        {
                            for (int kx = 0; kx < _kernel; kx++)
                            {
                                int iy = oy + ky - _padding, ix = ox + kx - _padding;
                                if (iy < 0 || iy >= _height || ix < 0 || ix >= _width) continue;
                                sum += Weights[((f * _channels + c) * _kernel + ky) * _kernel + kx] * x[(c * _height + iy) * _width + ix];
                            }
                        }
                    }
                    y[(f * _outHeight + oy) * _outWidth + ox] = sum;
                }
            }
        }
        return y;
    }

    public override float[] Backward(float[] dy)
    {
        var dx = new float[_lastInput.Length];
        for (int f = 0; f < _filters; f++)
        {
            for (int oy = 0; oy < _outHeight; oy++)
            {
                for (int ox = 0; ox < _outWidth; ox++)
                {
                    float g = dy[(f * _outHeight + oy) * _outWidth + ox];
                    _biasGrad[f] += g;
                    for (int c = 0; c < _channels; c++)
                    {
                        for (int ky = 0; ky < _kernel; ky++)
                        {
                            for (int kx = 0; kx < _kernel; kx++)
                            {
                                int iy = oy + ky - _padding, ix = ox + kx - _padding;
                                if (iy < 0 || iy >= _height || ix < 0 || ix >= _width) continue;
                                int w = ((f * _channels + c) * _kernel + ky) * _kernel + kx, i = (c * _height + iy) * _width + ix;
                                _weightGrad[w] += g * _lastInput[i];
                                dx[i] += g * Weights[w];
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    public override void Update(float learningRate)
    {
        for (int i = 0; i < Weights.Length; i++)
        {
            Weights[i] -= learningRate * _weightGrad[i];
            _weightGrad[i] = 0;
        }
        for (int f = 0; f < Bias.Length; f++)
        {
            Bias[f] -= learningRate * _biasGrad[f];
            _biasGrad[f] = 0;
        }
    }
}

/// <summary>2x2 max pooling, stride 2; backward sends the gradient to the window's first maximum.</summary>
public sealed class MaxPool2dLayer(int channels, int height, int width) : Layer
{
    private readonly int _outHeight = height / 2, _outWidth = width / 2;
    private int[] _argMax = [];
    private int _inputLength;

    public override float[] Forward(float[] x)
    {
        _inputLength = x.Length;
        var y = new float[channels * _outHeight * _outWidth];
        _argMax = new int[y.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < _outHeight; oy++)
            {
                for (int ox = 0; ox < _outWidth; ox++)
                {
                    int best = (c * height + 2 * oy) * width + 2 * ox;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            int i = (c * height + 2 * oy + dy) * width + 2 * ox + dx;
                            if (x[i] > x[best]) best = i;
                        }
                    }
                    int o = (c * _outHeight + oy) * _outWidth + ox;
                    y[o] = x[best];
                    _argMax[o] = best;
                }
            }
        }
        return y;
    }

    public override float[] Backward(float[] dy)
    {
        var dx = new float[_inputLength];
        for (int o = 0; o < dy.Length; o++) dx[_argMax[o]] += dy[o];
        return dx;
    }
}

/// <summary>A List&lt;Layer&gt; of conv/pool/dense/ReLU layers with predict and a softmax cross-entropy SGD training step.</summary>
public sealed class HandWrittenCnn : HandWrittenNetwork
{
    /// <summary>The workload's layers, each with a copy of its weights.</summary>
    public static HandWrittenCnn FromWorkload(CnnWorkload workload)
    {
        var network = new HandWrittenCnn();
        foreach (CnnLayer layer in workload.Layers)
        {
            switch (layer.Kind)
            {
                case CnnLayerKind.Conv:
                    network.Layers.Add(new Conv2dLayer(layer.In.Channels, layer.In.Height, layer.In.Width, layer.Out.Channels, layer.Kernel, layer.Padding,
                        (float[])workload.Weights[layer.Parameter].Clone(), (float[])workload.Biases[layer.Parameter].Clone()));
                    break;
                case CnnLayerKind.Relu:
                    network.Layers.Add(new ReluLayer());
                    break;
                case CnnLayerKind.MaxPool:
                    network.Layers.Add(new MaxPool2dLayer(layer.In.Channels, layer.In.Height, layer.In.Width));
                    break;
                case CnnLayerKind.Flatten:
                    break; // samples are already flat CHW arrays
                case CnnLayerKind.Dense:
                    int fanIn = layer.In.Size, fanOut = layer.Out.Size;
                    var weights = new float[fanOut][];
                    for (int o = 0; o < fanOut; o++) weights[o] = workload.Weights[layer.Parameter].AsSpan(o * fanIn, fanIn).ToArray();
                    network.Layers.Add(new DenseLayer(weights, (float[])workload.Biases[layer.Parameter].Clone()));
                    break;
            }
        }
        return network;
    }

    /// <summary>The workload's first <paramref name="batch"/> inputs, one flat [C*H*W] array per sample.</summary>
    public static float[][] Samples(CnnWorkload workload, int batch) =>
        Samples(workload.Inputs, workload.InputSize, batch);

    /// <summary>Weights and biases per conv/dense layer, in order, flattened to PyTorch layout for checks.</summary>
    public override (float[][] Weights, float[][] Biases) ReadParameters()
    {
        var weights = new List<float[]>();
        var biases = new List<float[]>();
        foreach (Layer layer in Layers)
        {
            switch (layer)
            {
                case Conv2dLayer conv:
                    weights.Add((float[])conv.Weights.Clone());
                    biases.Add((float[])conv.Bias.Clone());
                    break;
                case DenseLayer dense:
                    weights.Add(dense.Weights.SelectMany(row => row).ToArray());
                    biases.Add((float[])dense.Bias.Clone());
                    break;
            }
        }
        return ([.. weights], [.. biases]);
    }
}
