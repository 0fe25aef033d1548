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
/// <remarks>
/// NetGen peer: not here yet — its LSTM/GRU layers are being written on another branch. To add it: build it in
/// <see cref="Setup"/> (the marked place), run one step and check it with
/// <c>PeerSetup.CheckTraining("NetGen", Workload, Batch, Threads, loss, parameters)</c> (the six tensors of
/// <see cref="RnnWorkload.ParameterNames"/>, PyTorch layout), dispose it in <see cref="Cleanup"/>, add one
/// <c>[Benchmark(Baseline = true)]</c> method (no other method is a baseline).
/// </remarks>
public abstract class RnnTraining
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract RnnWorkload Workload { get; }

    public const int Batch = RnnWorkload.TrainingBatch;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private HandWrittenRnn _handWritten = null!;
    private float[][][] _samples = null!;
    private int[] _labels = null!;
    private TorchSharpRnn? _torchSharp;

    [GlobalSetup]
    public void Setup()
    {
        // NetGen peer goes here (first, as in the CNN suites), once the generator has LSTM/GRU layers.

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
    public void Cleanup() => _torchSharp?.Dispose();

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
