using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of a recurrent workload (W3 LSTM, W4 GRU below): one step at batch 32 — forward over the 32 steps,
/// softmax cross-entropy on the head's logits, backpropagation through time, SGD update (lr 0.01). Each peer's
/// first step is checked against <see cref="RnnReference"/> in <see cref="Setup"/> (loss, every updated
/// parameter and every update); the timed steps continue from there.
/// </summary>
public abstract class RnnTraining
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract RnnWorkload Workload { get; }

    public const int Batch = RnnWorkload.TrainingBatch;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private NetGenPeer _netGen = null!;
    private HandWrittenRnn _handWritten = null!;
    private float[][][] _samples = null!;
    private int[] _labels = null!;
    private TorchSharpRnn? _torchSharp;

    [GlobalSetup]
    public void Setup()
    {
        _netGen = new NetGenPeer(Workload, Batch, Threads);
        float first = _netGen.TrainStep();
        PeerSetup.CheckTraining("NetGen", Workload, Batch, Threads, first, _netGen.ReadRecurrentParameters());

        _handWritten = HandWrittenRnn.FromWorkload(Workload);
        _samples = HandWrittenRnn.Samples(Workload, Batch);
        _labels = Workload.LabelBatch(Batch).ToArray();
        float loss = _handWritten.TrainStep(_samples, _labels, RnnWorkload.LearningRate);
        PeerSetup.CheckTraining("HandWritten", Workload, Batch, Threads, loss, _handWritten.ReadParameters());

        _torchSharp = PeerSetup.TryTorchSharp(Workload, Threads, Batch);
        if (_torchSharp is not null)
        {
            loss = _torchSharp.TrainStep();
            PeerSetup.CheckTraining("TorchSharp", Workload, Batch, Threads, loss, _torchSharp.ReadParameters());
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _netGen?.Dispose(); // null when Setup failed before building it
        _torchSharp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float NetGen() => _netGen.TrainStep();

    [Benchmark, SingleThreaded]
    public float HandWritten() => _handWritten.TrainStep(_samples, _labels, RnnWorkload.LearningRate);

    [Benchmark, RequiresTorchSharp]
    public float TorchSharp() => _torchSharp!.TrainStep();
}

/// <summary>W3 (LSTM): see <see cref="RnnTraining"/>.</summary>
public class W3Training : RnnTraining
{
    public override RnnWorkload Workload => RnnWorkload.W3;
}

/// <summary>W4 (GRU): see <see cref="RnnTraining"/>.</summary>
public class W4Training : RnnTraining
{
    public override RnnWorkload Workload => RnnWorkload.W4;
}
