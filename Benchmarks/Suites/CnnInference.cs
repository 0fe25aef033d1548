using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of a CNN workload (W2, W6 below): logits for the first Batch inputs Batch 1 is the
/// latency case, batch 64 the throughput case. Each peer is checked against <see cref="CnnReference"/> in
/// <see cref="Setup"/>.
/// </summary>
/// <remarks>
/// To add a peer (NetGen): build it in <see cref="Setup"/> and check it with
/// <c>PeerSetup.CheckInference("NetGen", Workload, Batch, Threads, _netGen.Output)</c>, dispose it in
/// <see cref="Cleanup"/>, add one [Benchmark] method (NetGen's is the Baseline; no other method is).
/// </remarks>
public abstract class CnnInference
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract CnnWorkload Workload { get; }

    [Params(1, 64)]
    public int Batch { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private HandWrittenCnn _handWritten = null!;
    private NetGenPeer _netGen = null!;
    private float[][] _samples = null!;
    private OnnxRuntimePeer _onnxRuntime = null!;
    private TorchSharpCnn? _torchSharp;

    [GlobalSetup]
    public void Setup()
    {
        _netGen = new NetGenPeer(Workload, Batch, Threads);
        _netGen.Predict();
        PeerSetup.CheckInference("NetGen", Workload, Batch, Threads, _netGen.Output);

        _handWritten = HandWrittenCnn.FromWorkload(Workload);
        _samples = HandWrittenCnn.Samples(Workload, Batch);
        PeerSetup.CheckInference("HandWritten", Workload, Batch, Threads, _handWritten.Predict(_samples).SelectMany(s => s).ToArray());

        _onnxRuntime = new OnnxRuntimePeer(Workload, Threads, Batch);
        _onnxRuntime.Predict();
        PeerSetup.CheckInference("OnnxRuntime", Workload, Batch, Threads, _onnxRuntime.Output);

        _torchSharp = PeerSetup.TryTorchSharp(Workload, Threads, Batch);
        if (_torchSharp is not null)
        {
            _torchSharp.Predict();
            PeerSetup.CheckInference("TorchSharp", Workload, Batch, Threads, _torchSharp.Output);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _netGen?.Dispose();
        _onnxRuntime?.Dispose(); // null when Setup failed before building it
        _torchSharp?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void NetGen() => _netGen.Predict();

    [Benchmark, SingleThreaded]
    public float[][] HandWritten() => _handWritten.Predict(_samples);

    [Benchmark, RequiresTorchSharp]
    public void TorchSharp() => _torchSharp!.Predict();

    [Benchmark]
    public void OnnxRuntime() => _onnxRuntime.Predict();
}

/// <summary>W2: see <see cref="CnnInference"/>.</summary>
public class W2Inference : CnnInference
{
    protected override CnnWorkload Workload => CnnWorkload.W2;
}

/// <summary>W6: see <see cref="CnnInference"/>.</summary>
public class W6Inference : CnnInference
{
    protected override CnnWorkload Workload => CnnWorkload.W6;
}
