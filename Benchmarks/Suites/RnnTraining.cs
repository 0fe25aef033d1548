using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Training of a recurrent workload (W3 LSTM, W4 GRU below) at batch 32: forward over the 32 steps, softmax
/// cross-entropy on the head's logits, backpropagation through time, SGD lr 0.01; checked against
/// <see cref="RnnReference"/> (the loss, every updated parameter and every update); see <see cref="TrainingSuite"/>.
/// </summary>
public abstract class RnnTraining : TrainingSuite
{
    /// <summary>The workload the derived suite times.</summary>
    public abstract RnnWorkload Workload { get; }

    public const int Batch = RnnWorkload.TrainingBatch;

    protected override TrainingPeer CreateNetGen()
    {
        var peer = new NetGenPeer(Workload, Batch, Threads);
        return new TrainingPeer(peer.TrainStep, loss => Check("NetGen", loss, peer.ReadRecurrentParameters()), peer);
    }

    protected override TrainingPeer CreateHandWritten()
    {
        var network = HandWrittenRnn.FromWorkload(Workload);
        float[][][] samples = HandWrittenRnn.Samples(Workload, Batch);
        int[] labels = Workload.LabelBatch(Batch).ToArray();
        return new TrainingPeer(() => network.TrainStep(samples, labels, RnnWorkload.LearningRate), loss => Check("HandWritten", loss, network.ReadParameters()));
    }

    protected override TrainingPeer? TryCreateTorchSharp() =>
        PeerSetup.TryTorchSharp(Workload, Threads, Batch) is { } peer
            ? new TrainingPeer(peer.TrainStep, loss => Check("TorchSharp", loss, peer.ReadParameters()), peer)
            : null;

    private void Check(string peer, float loss, float[][] parameters) => PeerSetup.CheckTraining(peer, Workload, Batch, Threads, loss, parameters);
}

/// <summary>W3 (LSTM): see <see cref="RnnTraining"/>.</summary>
public class W3Training : RnnTraining
{
    public override RnnWorkload Workload => RnnWorkload.W3;
}

/// <summary>W4 (GRU): see <see cref="RnnTraining"/>.</summary>
public class W4Training : RnnTraining
{
    public override RnnWorkload Workload => RnnWorkload.W4;
}
