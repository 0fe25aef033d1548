using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of an MLP workload (W0, W1 below): logits for the first Batch inputs. Batch 1 is the latency
/// case, batch 64 the throughput case. Each peer is checked against the reference in <see cref="Setup"/>.
/// </summary>
/// <remarks>To add a peer: build and check it in <see cref="Setup"/>, dispose it in <see cref="Cleanup"/>, add one [Benchmark] method.</remarks>
public abstract class MlpInference
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract MlpWorkload Workload { get; }

    [Params(1, 64)]
    public int Batch { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private HandWrittenMlp _handWritten = null!;
    private float[][] _samples = null!;
    private OnnxRuntimePeer _onnxRuntime = null!;
    private TorchSharpMlp? _torchSharp;
    private NetGenPeer _netGen = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handWritten = HandWrittenMlp.FromWorkload(Workload);
        _samples = HandWrittenMlp.Samples(Workload, Batch);
        PeerSetup.CheckInference("HandWritten", Workload, Batch, Threads, _handWritten.Predict(_samples).SelectMany(s => s).ToArray());

        _netGen = new NetGenPeer(Workload, Batch, Threads);
        _netGen.Predict();
        PeerSetup.CheckInference("NetGen", Workload, Batch, Threads, _netGen.Output);

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

/// <summary>W0: see <see cref="MlpInference"/>.</summary>
public class W0Inference : MlpInference
{
    protected override MlpWorkload Workload => MlpWorkload.W0;
}

/// <summary>W1: see <see cref="MlpInference"/>.</summary>
public class W1Inference : MlpInference
{
    protected override MlpWorkload Workload => MlpWorkload.W1;
}
