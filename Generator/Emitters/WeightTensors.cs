using System.Collections.Generic;
using NetGen.Generator.Model;
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
        foreach (LayerPlan layer in plan.Layers)
        {
            string name = layer.Spec.Name;
            if (layer.Spec.Kind == LayerKind.Embedding)
            {
                tensors.Add(new WeightTensor($"{name}.weight", $"{layer.Spec.Vocabulary}, {layer.Spec.Units}", $"Offset: {layer.WeightOffset}, Stride: {EmbeddingEmitter.Padded(layer)}, Transposed: false"));
            }
            if (ShapeInference.IsRecurrent(layer.Spec))
            {
                foreach ((string tensor, string shape, string layout) in RecurrentEmitter.Tensors(RecurrentPlan.Of(plan, layer))) tensors.Add(new WeightTensor(tensor, shape, layout));
            }
            if (layer.Spec.Kind is LayerKind.BatchNorm or LayerKind.LayerNorm)
            {
                int features = NormalizationEmitter.Features(layer);
                tensors.Add(new WeightTensor($"{name}.weight", $"{features}", $"Offset: {layer.WeightOffset}, Stride: {features}, Transposed: false"));
                tensors.Add(new WeightTensor($"{name}.bias", $"{features}", $"Offset: {layer.BiasOffset}, Stride: {features}, Transposed: false"));
                if (layer.Spec.Kind != LayerKind.BatchNorm) continue;
                tensors.Add(new WeightTensor($"{name}.running_mean", $"{features}", $"Offset: {layer.StateOffset}, Stride: {features}, Transposed: false, Buffer: global::NetGen.TensorBuffer.State"));
                tensors.Add(new WeightTensor($"{name}.running_var", $"{features}", $"Offset: {layer.StateOffset + NormalizationEmitter.Padded(layer)}, Stride: {features}, Transposed: false, Buffer: global::NetGen.TensorBuffer.State"));
                continue;
            }
            if (layer.Spec.Kind is not (LayerKind.Dense or LayerKind.Conv2D)) continue;
            string channels = layer.Spec.Kind == LayerKind.Conv2D ? $", Channels: {layer.InputImage!.Channels}" : "";
            tensors.Add(new WeightTensor($"{name}.weight", FileWeightShape(layer), $"Offset: {layer.WeightOffset}, Stride: {Planner.RoundUp(layer.Spec.Units)}, Transposed: true{channels}"));
            if (layer.Spec.HasBias)
            {
                tensors.Add(new WeightTensor($"{name}.bias", $"{layer.Spec.Units}", $"Offset: {layer.BiasOffset}, Stride: {layer.Spec.Units}, Transposed: false"));
            }
        }
        return tensors;
    }

    /// <summary>The weight's shape in files: [out, in], or [filters, channels, kernel height, kernel width] ([filters, channels, kernel] in 1-D).</summary>
    public static string FileWeightShape(LayerPlan layer)
    {
        if (layer.Spec.Kind != LayerKind.Conv2D) return $"{layer.Spec.Units}, {layer.InputWidth}";
        int channels = layer.InputImage!.Channels;
        return layer.Spec.OneD
            ? $"{layer.Spec.Units}, {channels}, {layer.Spec.KernelWidth}"
            : $"{layer.Spec.Units}, {channels}, {layer.Spec.KernelHeight}, {layer.Spec.KernelWidth}";
    }
}
