using System.Collections.Concurrent;
using NetGen.Reference;

namespace NetGen.Benchmarks.Workloads;

/// <summary>
/// The workload's CNN on the shared reference (<see cref="Network"/>, double precision, plain loops): every CNN
/// peer is checked against it before it is timed. Conv (stride 1, zero padding), ReLU, MaxPool 2×2 stride 2,
/// Flatten and Linear as PyTorch's modules; training as <see cref="ReferenceStep.Train"/>. Results are memoized per
/// (workload, batch), since every peer of every case asks for the same ones.
/// </summary>
public static class CnnReference
{
    private static readonly ConcurrentDictionary<(CnnWorkload, int), double[]> s_forward = new();
    private static readonly ConcurrentDictionary<(CnnWorkload, int, float), (double, double[][], double[][])> s_trainStep = new();

    /// <summary>Logits [batch, OutputSize] for the workload's first <paramref name="batch"/> inputs.</summary>
    public static double[] Forward(CnnWorkload workload, int batch)
        => s_forward.GetOrAdd((workload, batch), key => Load(key.Item1).Forward(ReferenceStep.Inputs(key.Item1.InputBatch(key.Item2)), key.Item2));

    /// <summary>
    /// One SGD training step from the workload's initial weights on its first <paramref name="batch"/>
    /// samples; returns the loss before the update and the updated weights and biases (per Conv/Dense layer,
    /// PyTorch layout).
    /// </summary>
    public static (double Loss, double[][] Weights, double[][] Biases) TrainStep(CnnWorkload workload, int batch, float learningRate)
        => s_trainStep.GetOrAdd((workload, batch, learningRate), key =>
        {
            (CnnWorkload w, int b, float lr) = key;
            (double loss, Dictionary<string, double[]> updated) = ReferenceStep.Train(Load(w), ReferenceStep.Inputs(w.InputBatch(b)), w.LabelBatch(b), lr);
            int count = w.ParameterLayers.Count;
            return (loss, [.. Enumerable.Range(0, count).Select(p => updated[$"layer{p}.weight"])], [.. Enumerable.Range(0, count).Select(p => updated[$"layer{p}.bias"])]);
        });

    /// <summary>The reference network with the workload's initial parameters, the Conv/Dense layer of parameter index p named layer{p}.</summary>
    private static Network Load(CnnWorkload workload)
    {
        var network = new Network(new Shape(workload.InputShape.Channels, workload.InputShape.Height, workload.InputShape.Width), [.. workload.Layers.Select(layer => layer.Kind switch
        {
            CnnLayerKind.Conv => Layer.Conv2D($"layer{layer.Parameter}", layer.Out.Channels, layer.Kernel, padding: layer.Padding),
            CnnLayerKind.Relu => Layer.Activate(NetGen.Reference.Activation.ReLU),
            CnnLayerKind.MaxPool => Layer.Pool2D(LayerKind.MaxPool, 2),
            CnnLayerKind.Flatten => Layer.Flatten(),
            CnnLayerKind.Dense => Layer.Dense($"layer{layer.Parameter}", layer.Out.Size),
            _ => throw new InvalidOperationException($"no reference for {layer.Kind}"),
        })]);
        for (int p = 0; p < workload.ParameterLayers.Count; p++)
        {
            ReferenceStep.Copy(workload.Weights[p], network.Parameters[$"layer{p}.weight"]);
            ReferenceStep.Copy(workload.Biases[p], network.Parameters[$"layer{p}.bias"]);
        }
        return network;
    }
}
