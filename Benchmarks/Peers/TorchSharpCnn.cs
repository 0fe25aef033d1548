using NetGen.Benchmarks.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The workload's CNN as a TorchSharp user writes it: <c>nn.Sequential</c> of <c>Conv2d</c> / <c>ReLU</c> /
/// <c>MaxPool2d</c> / <c>Flatten</c> / <c>Linear</c>, inference under <c>no_grad</c>, training with
/// <c>CrossEntropyLoss</c> and <c>optim.SGD</c>. Input [batch, C, H, W] and label tensors are made once, in
/// setup, for one batch size.
/// </summary>
/// <remarks>
/// <c>torch.set_num_threads</c> is process-wide: the last peer constructed sets it for all. Call
/// <see cref="TorchSharpProbe.Unavailable"/> first; without the newer C++ runtime every TorchSharp call throws.
/// </remarks>
public sealed class TorchSharpCnn : IInferencePeer
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly List<(TorchSharp.Modules.Parameter Weight, TorchSharp.Modules.Parameter Bias)> _parameters = [];
    private readonly nn.Module<Tensor, Tensor, Tensor> _loss = nn.CrossEntropyLoss();
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _input;   // [batch, C, H, W]
    private readonly Tensor _labels;  // [batch] int64
    private readonly float[] _output; // [batch, out]

    public int Batch { get; }

    /// <summary>The last <see cref="Predict"/>'s logits, [batch, out].</summary>
    public ReadOnlySpan<float> Output => _output;

    public TorchSharpCnn(CnnWorkload workload, int threads, int batch)
    {
        torch.set_num_threads(threads);
        Batch = batch;

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int l = 0; l < workload.Layers.Count; l++)
        {
            CnnLayer layer = workload.Layers[l];
            switch (layer.Kind)
            {
                case CnnLayerKind.Conv:
                {
                    var conv = nn.Conv2d(layer.In.Channels, layer.Out.Channels, layer.Kernel, stride: 1, padding: layer.Padding);
                    Load(conv.weight!, conv.bias!, workload, layer, [layer.Out.Channels, layer.In.Channels, layer.Kernel, layer.Kernel]);
                    layers.Add(($"conv{l}", conv));
                    break;
                }
                case CnnLayerKind.Dense:
                {
                    var linear = nn.Linear(layer.In.Size, layer.Out.Size);
                    Load(linear.weight!, linear.bias!, workload, layer, [layer.Out.Size, layer.In.Size]);
                    layers.Add(($"fc{l}", linear));
                    break;
                }
                case CnnLayerKind.Relu:
                    layers.Add(($"relu{l}", nn.ReLU()));
                    break;
                case CnnLayerKind.MaxPool:
                    layers.Add(($"pool{l}", nn.MaxPool2d(2, 2)));
                    break;
                case CnnLayerKind.Flatten:
                    layers.Add(($"flatten{l}", nn.Flatten()));
                    break;
            }
        }
        _model = nn.Sequential(layers);
        _optimizer = optim.SGD(_model.parameters(), CnnWorkload.LearningRate);

        CnnShape shape = workload.InputShape;
        _input = torch.tensor(workload.InputBatch(batch).ToArray(), [batch, shape.Channels, shape.Height, shape.Width]);
        _labels = torch.tensor(Array.ConvertAll(workload.LabelBatch(batch).ToArray(), v => (long)v), [batch]);
        _output = new float[batch * workload.OutputSize];
    }

    private void Load(TorchSharp.Modules.Parameter weight, TorchSharp.Modules.Parameter bias, CnnWorkload workload, CnnLayer layer, long[] weightShape)
    {
        using (torch.no_grad())
        {
            using var w = torch.tensor(workload.Weights[layer.Parameter], weightShape);
            using var b = torch.tensor(workload.Biases[layer.Parameter], [layer.Out.Channels]);
            weight.copy_(w);
            bias.copy_(b);
        }
        _parameters.Add((weight, bias));
    }

    /// <summary>Inference on the setup batch; the logits are copied to <see cref="Output"/>.</summary>
    public void Predict()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor logits = _model.forward(_input);
        logits.data<float>().CopyTo(_output);
    }

    /// <summary>zero_grad, forward, cross-entropy, backward, SGD step; returns the loss before the step.</summary>
    public float TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        Tensor logits = _model.forward(_input);
        Tensor loss = _loss.forward(logits, _labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Weights and biases per Conv2d/Linear, in order, in PyTorch layout, for checks.</summary>
    public (float[][] Weights, float[][] Biases) ReadParameters()
        => ([.. _parameters.Select(p => p.Weight.data<float>().ToArray())], [.. _parameters.Select(p => p.Bias.data<float>().ToArray())]);

    public void Dispose()
    {
        _input.Dispose();
        _labels.Dispose();
        _optimizer.Dispose();
        _loss.Dispose();
        _model.Dispose();
    }
}
