using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Peers;

/// <summary>W3 of DESIGN.md: an LSTM over 32 steps of 16 features, hidden 128, and a Dense 10 on the last state.</summary>
[Network(32, 16, Loss = LossKind.SoftmaxCrossEntropy)]
[LSTM(128, Name = "rnn")]
[Dense(10, Name = "fc")]
public partial class W3Network;

/// <summary>W4 of DESIGN.md: W3 with a GRU.</summary>
[Network(32, 16, Loss = LossKind.SoftmaxCrossEntropy)]
[GRU(128, Name = "rnn")]
[Dense(10, Name = "fc")]
public partial class W4Network;

/// <summary>
/// A generated recurrent network driven the way a user would: the workload's PyTorch-layout tensors written
/// to a safetensors stream and loaded by name, preallocated buffers, SGD from the runtime.
/// </summary>
public sealed class NetGenRnnPeer : IDisposable
{
    /// <summary>The network's tensor names for <see cref="RnnWorkload.ParameterNames"/>, in that order.</summary>
    private static readonly string[] s_names = ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "fc.weight", "fc.bias"];

    private readonly INetwork _network;
    private readonly float[] _inputs, _outputs, _targets, _outputGradient;
    private readonly Sgd _optimizer = new(RnnWorkload.LearningRate);
    private readonly ParallelRunner? _runner;
    private readonly int _batch;

    public NetGenRnnPeer(RnnWorkload workload, int batch, int threads = 1)
    {
        _network = workload.Name switch
        {
            "W3" => new W3Network(),
            "W4" => new W4Network(),
            _ => throw new ArgumentException($"no NetGen network for {workload.Name}"),
        };
        var file = new SafetensorsWriter();
        float[][] values = workload.Parameters;
        for (int i = 0; i < s_names.Length; i++)
        {
            TensorLayout layout = _network.Tensors.Single(t => t.Name == s_names[i]);
            file.Add(s_names[i], layout.Shape, values[i]);
        }
        using (var stream = new MemoryStream())
        {
            file.WriteTo(stream);
            stream.Position = 0;
            _network.LoadWeights(stream);
        }
        if (threads > 1) _network.Runner = _runner = new ParallelRunner(threads);
        _batch = batch;
        _inputs = workload.InputBatch(batch).ToArray();
        _outputs = new float[batch * _network.OutputSize];
        _outputGradient = new float[_outputs.Length];
        _targets = new float[_outputs.Length];
        ReadOnlySpan<int> labels = workload.LabelBatch(batch);
        for (int b = 0; b < batch; b++) _targets[b * _network.OutputSize + labels[b]] = 1;
    }

    public float[] Output => _outputs;

    public void Dispose() => _runner?.Dispose();

    public void Predict() => _network.Predict(_inputs, _outputs, _batch);

    public float TrainStep()
    {
        _network.ZeroGradients();
        _network.Forward(_inputs, _outputs, _batch);
        float loss = _network.ComputeLoss(_outputs, _targets, _outputGradient, _batch);
        _network.Backward(_outputGradient, Span<float>.Empty, _batch);
        _optimizer.Step(_network);
        return loss;
    }

    /// <summary>The six tensors of <see cref="RnnWorkload.ParameterNames"/>, PyTorch layout, read back through a weight file.</summary>
    public float[][] ReadParameters()
    {
        using var stream = new MemoryStream();
        _network.SaveWeights(stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);
        return s_names.Select(name => file[name].ToSingleArray()).ToArray();
    }
}
