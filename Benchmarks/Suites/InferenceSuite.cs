using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of one workload by every peer: logits for the first Batch inputs. Batch 1 is the latency case, batch 64
/// the throughput case. <see cref="Setup"/> builds each peer, runs it once and checks its logits against the
/// workload's double-precision reference before anything is timed. A workload family (MLP, CNN, recurrent) says how to
/// build its peers and which reference checks them; a workload is one class below that.
/// </summary>
/// <remarks>To add a peer: a factory method here, built and checked in <see cref="Setup"/>, disposed in <see cref="Cleanup"/>, and one [Benchmark] method.</remarks>
public abstract class InferenceSuite
{
    [Params(1, 64)]
    public int Batch { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private IInferencePeer _netGen = null!;
    private IInferencePeer _handWritten = null!;
    private IInferencePeer _onnxRuntime = null!;
    private IInferencePeer? _torchSharp;

    protected abstract IInferencePeer CreateNetGen();

    protected abstract IInferencePeer CreateHandWritten();

    protected abstract IInferencePeer CreateOnnxRuntime();

    /// <summary>TorchSharp's peer, or null where its native library does not load (see <see cref="PeerSetup"/>).</summary>
    protected abstract IInferencePeer? TryCreateTorchSharp();

    /// <summary>Throws unless <paramref name="logits"/> agree with the reference for this batch.</summary>
    protected abstract void Check(string peer, ReadOnlySpan<float> logits);

    [GlobalSetup]
    public void Setup()
    {
        _netGen = CreateNetGen();
        RunAndCheck("NetGen", _netGen);
        _handWritten = CreateHandWritten();
        RunAndCheck("HandWritten", _handWritten);
        _onnxRuntime = CreateOnnxRuntime();
        RunAndCheck("OnnxRuntime", _onnxRuntime);
        _torchSharp = TryCreateTorchSharp();
        if (_torchSharp is not null) RunAndCheck("TorchSharp", _torchSharp);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Null where Setup failed before building them.
        _netGen?.Dispose();
        _handWritten?.Dispose();
        _onnxRuntime?.Dispose();
        _torchSharp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void NetGen() => _netGen.Predict();

    [Benchmark, SingleThreaded]
    public void HandWritten() => _handWritten.Predict();

    [Benchmark, RequiresTorchSharp]
    public void TorchSharp() => _torchSharp!.Predict();

    [Benchmark]
    public void OnnxRuntime() => _onnxRuntime.Predict();

    private void RunAndCheck(string name, IInferencePeer peer)
    {
        peer.Predict();
        Check(name, peer.Output);
    }
}
