using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// One training step of one workload by every peer that trains: forward, softmax cross-entropy, backward and an SGD
/// update on a fixed batch. <see cref="Setup"/> builds each peer and checks its first step (loss, every updated
/// parameter) against the workload's double-precision reference; the timed steps continue from there. A workload
/// family (MLP, CNN, recurrent) says how to build its peers and read their parameters; a workload is one class below
/// that.
/// </summary>
/// <remarks>To add a peer: a factory method here, built and checked in <see cref="Setup"/>, disposed in <see cref="Cleanup"/>, and one [Benchmark] method.</remarks>
public abstract class TrainingSuite
{
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private TrainingPeer _netGen = null!;
    private TrainingPeer _handWritten = null!;
    private TrainingPeer? _torchSharp;

    protected abstract TrainingPeer CreateNetGen();

    protected abstract TrainingPeer CreateHandWritten();

    /// <summary>TorchSharp's peer, or null where its native library does not load (see <see cref="PeerSetup"/>).</summary>
    protected abstract TrainingPeer? TryCreateTorchSharp();

    [GlobalSetup]
    public void Setup()
    {
        _netGen = CreateNetGen();
        _netGen.Check(_netGen.Step());
        _handWritten = CreateHandWritten();
        _handWritten.Check(_handWritten.Step());
        _torchSharp = TryCreateTorchSharp();
        _torchSharp?.Check(_torchSharp.Step());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Null where Setup failed before building them.
        _netGen?.Dispose();
        _handWritten?.Dispose();
        _torchSharp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float NetGen() => _netGen.Step();

    [Benchmark, SingleThreaded]
    public float HandWritten() => _handWritten.Step();

    [Benchmark, RequiresTorchSharp]
    public float TorchSharp() => _torchSharp!.Step();
}
