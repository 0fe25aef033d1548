using NetGen.Benchmarks.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGen.Benchmarks.Peers;

/// <summary>
/// The workload's recurrent network as a TorchSharp user writes it: <c>nn.LSTM</c> or <c>nn.GRU</c> with
/// <c>batchFirst</c> and a zero initial state, <c>nn.Linear</c> on the last hidden state h_n, inference under
/// <c>no_grad</c>, training with <c>CrossEntropyLoss</c> and <c>optim.SGD</c>. Input [batch, T, F] and label
/// tensors are made once, in setup, for one batch size.
/// </summary>
/// <remarks>
/// <c>torch.set_num_threads</c> is process-wide: the last peer constructed sets it for all. Call
/// <see cref="TorchSharpProbe.Unavailable"/> first; without the newer C++ runtime every TorchSharp call throws.
/// </remarks>
public sealed class TorchSharpRnn : IInferencePeer
{
    private readonly RnnCell _cell;
    private readonly TorchSharp.Modules.LSTM? _lstm;
    private readonly TorchSharp.Modules.GRU? _gru;
    private readonly TorchSharp.Modules.Linear _head;
    private readonly nn.Module _recurrent;
    private readonly nn.Module<Tensor, Tensor, Tensor> _loss = nn.CrossEntropyLoss();
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor _input;   // [batch, T, F]
    private readonly Tensor _labels;  // [batch] int64
    private readonly float[] _output; // [batch, out]

    public int Batch { get; }

    /// <summary>The last <see cref="Predict"/>'s logits, [batch, out].</summary>
    public ReadOnlySpan<float> Output => _output;

    public TorchSharpRnn(RnnWorkload workload, int threads, int batch)
    {
        torch.set_num_threads(threads);
        Batch = batch;
        _cell = workload.Cell;

        if (_cell == RnnCell.Lstm) _recurrent = _lstm = nn.LSTM(workload.InputSize, workload.HiddenSize, batchFirst: true);
        else _recurrent = _gru = nn.GRU(workload.InputSize, workload.HiddenSize, batchFirst: true);
        _head = nn.Linear(workload.HiddenSize, workload.OutputSize);

        int rows = workload.Gates * workload.HiddenSize;
        var parameters = _recurrent.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (torch.no_grad())
        {
            Load(parameters["weight_ih_l0"], workload.WeightIh, [rows, workload.InputSize]);
            Load(parameters["weight_hh_l0"], workload.WeightHh, [rows, workload.HiddenSize]);
            Load(parameters["bias_ih_l0"], workload.BiasIh, [rows]);
            Load(parameters["bias_hh_l0"], workload.BiasHh, [rows]);
            Load(_head.weight!, workload.HeadWeight, [workload.OutputSize, workload.HiddenSize]);
            Load(_head.bias!, workload.HeadBias, [workload.OutputSize]);
        }
        _optimizer = optim.SGD(_recurrent.parameters().Concat(_head.parameters()), RnnWorkload.LearningRate);

        _input = torch.tensor(workload.InputBatch(batch).ToArray(), [batch, workload.Steps, workload.InputSize]);
        _labels = torch.tensor(Array.ConvertAll(workload.LabelBatch(batch).ToArray(), v => (long)v), [batch]);
        _output = new float[batch * workload.OutputSize];
    }

    private static void Load(Tensor parameter, float[] values, long[] shape)
    {
        using var source = torch.tensor(values, shape);
        parameter.copy_(source);
    }

    /// <summary>Logits [batch, out]: the head on h_n [1, batch, H] of the last layer.</summary>
    private Tensor Forward()
    {
        Tensor hLast = _cell == RnnCell.Lstm ? _lstm!.forward(_input).Item2 : _gru!.forward(_input).Item2;
        return _head.forward(hLast[0]);
    }

    /// <summary>Inference on the setup batch; the logits are copied to <see cref="Output"/>.</summary>
    public void Predict()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Forward().data<float>().CopyTo(_output);
    }

    /// <summary>zero_grad, forward, cross-entropy, backward, SGD step; returns the loss before the step.</summary>
    public float TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = _loss.forward(Forward(), _labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>The six parameters in <see cref="RnnWorkload.ParameterNames"/> order, PyTorch layout, for checks.</summary>
    public float[][] ReadParameters()
    {
        var parameters = _recurrent.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        return
        [
            parameters["weight_ih_l0"].data<float>().ToArray(),
            parameters["weight_hh_l0"].data<float>().ToArray(),
            parameters["bias_ih_l0"].data<float>().ToArray(),
            parameters["bias_hh_l0"].data<float>().ToArray(),
            _head.weight!.data<float>().ToArray(),
            _head.bias!.data<float>().ToArray(),
        ];
    }

    public void Dispose()
    {
        _input.Dispose();
        _labels.Dispose();
        _optimizer.Dispose();
        _loss.Dispose();
        _head.Dispose();
        _recurrent.Dispose();
    }
}
