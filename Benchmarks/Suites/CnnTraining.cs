using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of a CNN workload (W2, W6 below) at batch 64, SGD lr 0.01, checked against <see cref="CnnReference"/>
/// (weights and biases per Conv/Dense layer, PyTorch layout); see <see cref="TrainingSuite"/>.
/// </summary>
public abstract class CnnTraining : TrainingSuite
{
    /// <summary>The workload the derived suite times.</summary>
    protected abstract CnnWorkload Workload { get; }

    public const int Batch = CnnWorkload.MaxBatch;

    protected override TrainingPeer CreateNetGen()
    {
        var peer = new NetGenPeer(Workload, Batch, Threads);
        return new TrainingPeer(peer.TrainStep, loss => Check("NetGen", loss, peer.ReadParameters()), peer);
    }

    protected override TrainingPeer CreateHandWritten()
    {
        var network = HandWrittenCnn.FromWorkload(Workload);
        float[][] samples = HandWrittenCnn.Samples(Workload, Batch);
        int[] labels = Workload.LabelBatch(Batch).ToArray();
        return new TrainingPeer(() => network.TrainStep(samples, labels, CnnWorkload.LearningRate), loss => Check("HandWritten", loss, network.ReadParameters()));
    }

    protected override TrainingPeer? TryCreateTorchSharp() =>
        PeerSetup.TryTorchSharp(Workload, Threads, Batch) is { } peer
            ? new TrainingPeer(peer.TrainStep, loss => Check("TorchSharp", loss, peer.ReadParameters()), peer)
            : null;

    private void Check(string peer, float loss, (float[][] Weights, float[][] Biases) parameters) =>
        PeerSetup.CheckTraining(peer, Workload, Batch, Threads, loss, parameters.Weights, parameters.Biases);
}

/// <summary>W2: see <see cref="CnnTraining"/>.</summary>
public class W2Training : CnnTraining
{
    protected override CnnWorkload Workload => CnnWorkload.W2;
}

/// <summary>W6: see <see cref="CnnTraining"/>.</summary>
public class W6Training : CnnTraining
{
    protected override CnnWorkload Workload => CnnWorkload.W6;
}
