using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of an MLP workload (W0, W1, W5 below) at batch 64, SGD lr 0.01, checked against <see cref="MlpReference"/>
/// (weights and biases per layer, PyTorch layout); see <see cref="TrainingSuite"/>.
/// </summary>
public abstract class MlpTraining : TrainingSuite
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract MlpWorkload Workload { get; }

    public const int Batch = MlpWorkload.MaxBatch;

    protected override TrainingPeer CreateNetGen()
    {
        var peer = new NetGenPeer(Workload, Batch, Threads);
        return new TrainingPeer(peer.TrainStep, loss => Check("NetGen", loss, peer.ReadParameters()), peer);
    }

    protected override TrainingPeer CreateHandWritten()
    {
        var network = HandWrittenMlp.FromWorkload(Workload);
        float[][] samples = HandWrittenMlp.Samples(Workload, Batch);
        int[] labels = Workload.LabelBatch(Batch).ToArray();
        return new TrainingPeer(() => network.TrainStep(samples, labels, MlpWorkload.LearningRate), loss => Check("HandWritten", loss, network.ReadParameters()));
    }

    protected override TrainingPeer? TryCreateTorchSharp() =>
        PeerSetup.TryTorchSharp(Workload, Threads, Batch) is { } peer
            ? new TrainingPeer(peer.TrainStep, loss => Check("TorchSharp", loss, peer.ReadParameters()), peer)
            : null;

    private void Check(string peer, float loss, (float[][] Weights, float[][] Biases) parameters) =>
        PeerSetup.CheckTraining(peer, Workload, Batch, Threads, loss, parameters.Weights, parameters.Biases);
}

/// <summary>W0: see <see cref="MlpTraining"/>.</summary>
public class W0Training : MlpTraining
{
    protected override MlpWorkload Workload => MlpWorkload.W0;
}

/// <summary>W1: see <see cref="MlpTraining"/>.</summary>
public class W1Training : MlpTraining
{
    protected override MlpWorkload Workload => MlpWorkload.W1;
}

/// <summary>W5 (the wide MLP): see <see cref="MlpTraining"/>.</summary>
public class W5Training : MlpTraining
{
    protected override MlpWorkload Workload => MlpWorkload.W5;
}
