using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>One named tensor of a network's weight files: its name, its shape in the file (e.g. "128, 784") and where it lives in the network's buffers.</summary>
/// <param name="Layout">The arguments of the runtime's TensorLayout after name and shape, e.g. "Offset: 0, Stride: 128, Transposed: true".</param>
internal readonly record struct WeightTensor(string Name, string Shape, string Layout);

/// <summary>
/// The tensors of a network's weight files, in the order the generated <c>s_tensors</c> lists them: the one place that
/// decides their names and shapes, read by the weight-file emitter, the XML doc's tensor list and the build-time check
/// of embedded weights.
/// </summary>
internal static class WeightTensors
{
    public static List<WeightTensor> Of(NetworkPlan plan)
    {
        var tensors = new List<WeightTensor>();
        foreach (LayerPlan layer in plan.Layers) tensors.AddRange(LayerCatalog.For(layer.Spec).Tensors(plan, layer));
        return tensors;
    }
}
