using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of a CNN workload (W2, W6 below): one step at batch 64 — forward, softmax
/// cross-entropy, backward, SGD update (lr 0.01). Each peer's first step is checked against
/// <see cref="CnnReference"/> in <see cref="Setup"/> (loss and every updated parameter); the timed steps
/// continue from there.
/// </summary>
/// <remarks>
/// To add a peer (NetGen): build it in <see cref="Setup"/>, run one step and check it with
/// <c>PeerSetup.CheckTraining("NetGen", Workload, Batch, Threads, loss, weights, biases)</c> (weights and biases
/// per Conv/Dense layer, PyTorch layout), dispose it in <see cref="Cleanup"/>, add one [Benchmark] method
/// (NetGen's is the Baseline; no other method is).
/// </remarks>
public abstract class CnnTraining
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract CnnWorkload Workload { get; }

    public const int Batch = CnnWorkload.MaxBatch;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private HandWrittenCnn _handWritten = null!;
    private NetGenPeer _netGen = null!;
    private float[][] _samples = null!;
    private int[] _labels = null!;
    private TorchSharpCnn? _torchSharp;

    [GlobalSetup]
    public void Setup()
    {
        _netGen = new NetGenPeer(Workload, Batch, Threads);
        float netGenLoss = _netGen.TrainStep();
        var (netGenWeights, netGenBiases) = _netGen.ReadParameters();
        PeerSetup.CheckTraining("NetGen", Workload, Batch, Threads, netGenLoss, netGenWeights, netGenBiases);

        _handWritten = HandWrittenCnn.FromWorkload(Workload);
        _samples = HandWrittenCnn.Samples(Workload, Batch);
        _labels = Workload.LabelBatch(Batch).ToArray();
        float loss = _handWritten.TrainStep(_samples, _labels, CnnWorkload.LearningRate);
        var (weights, biases) = _handWritten.ReadParameters();
        PeerSetup.CheckTraining("HandWritten", Workload, Batch, Threads, loss, weights, biases);

        _torchSharp = PeerSetup.TryTorchSharp(Workload, Threads, Batch);
        if (_torchSharp is not null)
        {
            loss = _torchSharp.TrainStep();
            (weights, biases) = _torchSharp.ReadParameters();
            PeerSetup.CheckTraining("TorchSharp", Workload, Batch, Threads, loss, weights, biases);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _netGen?.Dispose();
        _torchSharp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float NetGen() => _netGen.TrainStep();

    [Benchmark, SingleThreaded]
    public float HandWritten() => _handWritten.TrainStep(_samples, _labels, CnnWorkload.LearningRate);

    [Benchmark, RequiresTorchSharp]
    public float TorchSharp() => _torchSharp!.TrainStep();
}

/// <summary>W2: see <see cref="CnnTraining"/>.</summary>
public class W2Training : CnnTraining
{
    protected override CnnWorkload Workload => CnnWorkload.W2;
}

/// <summary>W6: see <see cref="CnnTraining"/>.</summary>
public class W6Training : CnnTraining
{
    protected override CnnWorkload Workload => CnnWorkload.W6;
}
