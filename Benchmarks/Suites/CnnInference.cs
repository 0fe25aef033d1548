using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of a CNN workload (W2, W6 below), checked against <see cref="CnnReference"/>; see <see cref="InferenceSuite"/>.
/// </summary>
public abstract class CnnInference : InferenceSuite
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract CnnWorkload Workload { get; }

    protected override IInferencePeer CreateNetGen() => new NetGenPeer(Workload, Batch, Threads);

    protected override IInferencePeer CreateHandWritten()
    {
        var network = HandWrittenCnn.FromWorkload(Workload);
        var samples = HandWrittenCnn.Samples(Workload, Batch);
        return new HandWrittenInference(() => network.Predict(samples));
    }

    protected override IInferencePeer CreateOnnxRuntime() => new OnnxRuntimePeer(Workload, Threads, Batch);

    protected override IInferencePeer? TryCreateTorchSharp() => PeerSetup.TryTorchSharp(Workload, Threads, Batch);

    protected override void Check(string peer, ReadOnlySpan<float> logits) => PeerSetup.CheckInference(peer, Workload, Batch, Threads, logits);
}

/// <summary>W2 (LeNet-5): see <see cref="CnnInference"/>.</summary>
public class W2Inference : CnnInference
{
    public override CnnWorkload Workload => CnnWorkload.W2;
}

/// <summary>W6: see <see cref="CnnInference"/>.</summary>
public class W6Inference : CnnInference
{
    public override CnnWorkload Workload => CnnWorkload.W6;
}
