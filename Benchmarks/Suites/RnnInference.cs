using BenchmarkDotNet.Attributes;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of a recurrent workload (W3 LSTM, W4 GRU below): logits for the first Batch sequences. Batch 1 is the
/// latency case, batch 64 the throughput case. Each peer is checked against <see cref="RnnReference"/> in
/// <see cref="Setup"/>. The "Weight GB/s" column (<see cref="WeightBandwidthColumn"/>) gives, at batch 1, the
/// recurrent and input weight bytes a call reads (<see cref="RnnWorkload.RecurrentWeightBytesPerSequence"/>)
/// over its mean time.
/// </summary>
public abstract class RnnInference
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract RnnWorkload Workload { get; }

    [Params(1, 64)]
    public int Batch { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => BenchmarkSettings.ThreadCounts;

    private NetGenPeer _netGen = null!;
    private HandWrittenRnn _handWritten = null!;
    private float[][][] _samples = null!;
    private OnnxRuntimePeer _onnxRuntime = null!;
    private TorchSharpRnn? _torchSharp;

    [GlobalSetup]
    public void Setup()
    {
        _netGen = new NetGenPeer(Workload, Batch, Threads);
        _netGen.Predict();
        PeerSetup.CheckInference("NetGen", Workload, Batch, Threads, _netGen.Output);

        _handWritten = HandWrittenRnn.FromWorkload(Workload);
        _samples = HandWrittenRnn.Samples(Workload, Batch);
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
        _netGen?.Dispose(); // null when Setup failed before building it
        _onnxRuntime?.Dispose();
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

/// <summary>W3 (LSTM): see <see cref="RnnInference"/>.</summary>
public class W3Inference : RnnInference
{
    public override RnnWorkload Workload => RnnWorkload.W3;
}

/// <summary>W4 (GRU): see <see cref="RnnInference"/>.</summary>
public class W4Inference : RnnInference
{
    public override RnnWorkload Workload => RnnWorkload.W4;
}
