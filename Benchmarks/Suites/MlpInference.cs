using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Inference of an MLP workload (W0, W1, W5 below), checked against <see cref="MlpReference"/>; see <see cref="InferenceSuite"/>.
/// </summary>
public abstract class MlpInference : InferenceSuite
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract MlpWorkload Workload { get; }

    protected override IInferencePeer CreateNetGen() => new NetGenPeer(Workload, Batch, Threads);

    protected override IInferencePeer CreateHandWritten()
    {
        var network = HandWrittenMlp.FromWorkload(Workload);
        var samples = HandWrittenMlp.Samples(Workload, Batch);
        return new HandWrittenInference(() => network.Predict(samples));
    }

    protected override IInferencePeer CreateOnnxRuntime() => new OnnxRuntimePeer(Workload, Threads, Batch);

    protected override IInferencePeer? TryCreateTorchSharp() => PeerSetup.TryTorchSharp(Workload, Threads, Batch);

    protected override void Check(string peer, ReadOnlySpan<float> logits) => PeerSetup.CheckInference(peer, Workload, Batch, Threads, logits);
}

/// <summary>W0: see <see cref="MlpInference"/>.</summary>
public class W0Inference : MlpInference
{
    public override MlpWorkload Workload => MlpWorkload.W0;
}

/// <summary>W1: see <see cref="MlpInference"/>.</summary>
public class W1Inference : MlpInference
{
    public override MlpWorkload Workload => MlpWorkload.W1;
}

/// <summary>W5 (the wide MLP): see <see cref="MlpInference"/>.</summary>
public class W5Inference : MlpInference
{
    public override MlpWorkload Workload => MlpWorkload.W5;
}
