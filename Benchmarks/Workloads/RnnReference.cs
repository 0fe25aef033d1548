using System.Collections.Concurrent;
using NetGen.Reference;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The workload's LSTM or GRU and its head on the shared reference (<see cref="Network"/>, double precision, plain
/// loops; equations and BPTT in <see cref="RecurrentCell"/>): every recurrent peer is checked against it before it
/// is timed. One layer from zero state over [T, F], then Linear on h_T; training as <see cref="ReferenceStep.Train"/>.
/// Results are memoized per (workload, batch), since every peer of every case asks for the same ones.
/// </summary>
public static class RnnReference
{
    private static readonly ConcurrentDictionary<(RnnWorkload, int), double[]> s_forward = new();
    private static readonly ConcurrentDictionary<(RnnWorkload, int, float), (double, double[][])> s_trainStep = new();

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(RnnWorkload workload, int batch)
        => s_forward.GetOrAdd((workload, batch), key => Load(key.Item1).Forward(ReferenceStep.Inputs(key.Item1.InputBatch(key.Item2)), key.Item2));

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the six updated parameters in
    /// <see cref="RnnWorkload.ParameterNames"/> order.
    /// </summary>
    public static (double Loss, double[][] Parameters) TrainStep(RnnWorkload workload, int batch, float learningRate)
        => s_trainStep.GetOrAdd((workload, batch, learningRate), key =>
        {
            (RnnWorkload w, int b, float lr) = key;
            (double loss, Dictionary<string, double[]> updated) = ReferenceStep.Train(Load(w), ReferenceStep.Inputs(w.InputBatch(b)), w.LabelBatch(b), lr);
            return (loss, [.. TensorNames.Select(name => updated[name])]);
        });

    /// <summary>The reference's names of <see cref="RnnWorkload.ParameterNames"/>, in that order: the recurrent layer is named rnn, the head fc.</summary>
    private static string[] TensorNames => [.. RnnWorkload.ParameterNames.Select(name => name.StartsWith("fc.", StringComparison.Ordinal) ? name : $"rnn.{name}")];

    private static Network Load(RnnWorkload workload)
    {
        var network = new Network(Shape.Vector(workload.SampleSize),
            Layer.Recurrent(workload.Cell == RnnCell.Lstm ? LayerKind.LSTM : LayerKind.GRU, "rnn", workload.InputSize, workload.HiddenSize),
            Layer.Dense("fc", workload.OutputSize));
        string[] names = TensorNames;
        for (int p = 0; p < names.Length; p++) ReferenceStep.Copy(workload.Parameters[p], network.Parameters[names[p]]);
        return network;
    }
}
