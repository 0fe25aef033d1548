using System.Collections.Concurrent;
using NetGen.Reference;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The workload's MLP on the shared reference (<see cref="Network"/>, double precision, plain loops): every peer
/// is checked against it before it is timed. Linear → ReLU → … → Linear, no activation after the last layer;
/// training is one SGD step on the mean softmax cross-entropy (<see cref="ReferenceStep.Train"/>). Results are memoized
/// per (workload, batch), since every peer asks for the same ones.
/// </summary>
public static class MlpReference
{
    private static readonly ConcurrentDictionary<(MlpWorkload, int), double[]> s_forward = new();
    private static readonly ConcurrentDictionary<(MlpWorkload, int, float), (double, double[][], double[][])> s_trainStep = new();

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(MlpWorkload workload, int batch)
        => s_forward.GetOrAdd((workload, batch), key => Load(key.Item1).Forward(ReferenceStep.Inputs(key.Item1.InputBatch(key.Item2)), key.Item2));

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the updated weights and biases.
    /// </summary>
    public static (double Loss, double[][] Weights, double[][] Biases) TrainStep(MlpWorkload workload, int batch, float learningRate)
        => s_trainStep.GetOrAdd((workload, batch, learningRate), key =>
        {
            (MlpWorkload w, int b, float lr) = key;
            Network network = Load(w);
            (double loss, Dictionary<string, double[]> updated) = ReferenceStep.Train(network, ReferenceStep.Inputs(w.InputBatch(b)), w.LabelBatch(b), lr);
            return (loss, [.. Enumerable.Range(0, w.LayerCount).Select(l => updated[$"fc{l}.weight"])], [.. Enumerable.Range(0, w.LayerCount).Select(l => updated[$"fc{l}.bias"])]);
        });

    /// <summary>The reference network with the workload's initial parameters, layer l named fc{l}.</summary>
    private static Network Load(MlpWorkload workload)
    {
        var network = new Network(Shape.Vector(workload.InputSize),
            [.. Enumerable.Range(0, workload.LayerCount).Select(l => Layer.Dense($"fc{l}", workload.Sizes[l + 1], l < workload.LayerCount - 1 ? NetGen.Reference.Activation.ReLU : NetGen.Reference.Activation.Identity))]);
        for (int l = 0; l < workload.LayerCount; l++)
        {
            ReferenceStep.Copy(workload.Weights[l], network.Parameters[$"fc{l}.weight"]);
            ReferenceStep.Copy(workload.Biases[l], network.Parameters[$"fc{l}.bias"]);
        }
        return network;
    }
}
