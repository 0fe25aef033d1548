using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of a recurrent workload (W3 LSTM, W4 GRU below), checked against <see cref="RnnReference"/>; see
/// <see cref="InferenceSuite"/>. The "Weight GB/s" column (<see cref="WeightBandwidthColumn"/>) gives, at batch 1, the
/// recurrent and input weight bytes a call reads (<see cref="RnnWorkload.RecurrentWeightBytesPerSequence"/>) over its
/// mean time.
/// </summary>
public abstract class RnnInference : InferenceSuite
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract RnnWorkload Workload { get; }

    protected override IInferencePeer CreateNetGen() => new NetGenPeer(Workload, Batch, Threads);

    protected override IInferencePeer CreateHandWritten()
    {
        var network = HandWrittenRnn.FromWorkload(Workload);
        var samples = HandWrittenRnn.Samples(Workload, Batch);
        return new HandWrittenInference(() => network.Predict(samples));
    }

    protected override IInferencePeer CreateOnnxRuntime() => new OnnxRuntimePeer(Workload, Threads, Batch);

    protected override IInferencePeer? TryCreateTorchSharp() => PeerSetup.TryTorchSharp(Workload, Threads, Batch);

    protected override void Check(string peer, ReadOnlySpan<float> logits) => PeerSetup.CheckInference(peer, Workload, Batch, Threads, logits);
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
