using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of an MLP workload (W0, W1 below): one step at batch 64 — forward, softmax cross-entropy,
/// backward, SGD update (lr 0.01). Each peer's first step is checked against the reference in
/// <see cref="Setup"/> (loss and every updated parameter); the timed steps continue from there.
/// </summary>
/// <remarks>To add a peer: build and check it in <see cref="Setup"/>, dispose it in <see cref="Cleanup"/>, add one [Benchmark] method.</remarks>
public abstract class MlpTraining
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract MlpWorkload Workload { get; }

    public const int Batch = MlpWorkload.MaxBatch;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private HandWrittenMlp _handWritten = null!;
    private float[][] _samples = null!;
    private int[] _labels = null!;
    private TorchSharpMlp? _torchSharp;
    private NetGenPeer _netGen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handWritten = HandWrittenMlp.FromWorkload(Workload);
        _samples = HandWrittenMlp.Samples(Workload, Batch);
        _labels = Workload.LabelBatch(Batch).ToArray();
        float loss = _handWritten.TrainStep(_samples, _labels, MlpWorkload.LearningRate);
        var (weights, biases) = _handWritten.ReadParameters();
        PeerSetup.CheckTraining("HandWritten", Workload, Batch, Threads, loss, weights, biases);

        _netGen = new NetGenPeer(Workload, Batch, Threads);
        loss = _netGen.TrainStep();
        (weights, biases) = _netGen.ReadParameters();
        PeerSetup.CheckTraining("NetGen", Workload, Batch, Threads, loss, weights, biases);

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
    public float HandWritten() => _handWritten.TrainStep(_samples, _labels, MlpWorkload.LearningRate);

    [Benchmark, RequiresTorchSharp]
    public float TorchSharp() => _torchSharp!.TrainStep();
}

/// <summary>W0: see <see cref="MlpTraining"/>.</summary>
public class W0Training : MlpTraining
{
    protected override MlpWorkload Workload => MlpWorkload.W0;
}

/// <summary>W1: see <see cref="MlpTraining"/>.</summary>
public class W1Training : MlpTraining
{
    protected override MlpWorkload Workload => MlpWorkload.W1;
}
