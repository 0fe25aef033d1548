using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// Which tensors each layer reads. Tensor -1 is the network input, tensor i layer i's output. A layer reads the layer
/// above unless it names its input (<c>Input = "block1"</c>, or <c>"input"</c>); a merge (Add, Concatenate) reads the
/// layers it names, and with one name the layer above first. Layers may read only earlier layers, so the declaration
/// order is a topological order and the graph has no cycles.
/// </summary>
internal static class LayerGraph
{
    /// <summary>The name by which layers read the network's input.</summary>
    public const string NetworkInput = "input";

    /// <summary>The tensor index of the network input.</summary>
    public const int InputTensor = -1;

    /// <summary>Whether every layer reads the layer above: the network is the chain its attributes list.</summary>
    public static bool IsChain(EquatableArray<LayerSpec> layers) => layers.All(layer => layer.Inputs.Count == 0);

    /// <summary>
    /// The tensors each layer reads, in order. A name that is no earlier layer is reported (NG0043) and read as the layer
    /// above, so the rest of the network is still checked.
    /// </summary>
    public static int[][] Inputs(EquatableArray<LayerSpec> layers, List<ShapeError>? errors)
    {
        var inputs = new int[layers.Count][];
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            EquatableArray<string> names = layer.Inputs;
            var read = new List<int>();
            if (names.Count == 0 || names.Count == 1 && LayerCatalog.For(layer).Merges) read.Add(i - 1);
            foreach (string name in names) read.Add(Resolve(layers, i, name, errors));
            inputs[i] = read.ToArray();
        }
        return inputs;
    }

    /// <summary>The layers that read each tensor (index t + 1 for tensor t), in declaration order, once per input slot.</summary>
    public static List<int>[] Readers(int[][] inputs)
    {
        var readers = new List<int>[inputs.Length + 1];
        for (int t = 0; t < readers.Length; t++) readers[t] = new List<int>();
        for (int i = 0; i < inputs.Length; i++)
        {
            foreach (int tensor in inputs[i]) readers[tensor + 1].Add(i);
        }
        return readers;
    }

    /// <summary>The name of a tensor as diagnostics and comments give it.</summary>
    public static string Name(EquatableArray<LayerSpec> layers, int tensor) => tensor == InputTensor ? NetworkInput : layers[tensor].Name;

    private static int Resolve(EquatableArray<LayerSpec> layers, int index, string name, List<ShapeError>? errors)
    {
        if (name == NetworkInput) return InputTensor;
        for (int j = 0; j < index; j++)
        {
            if (layers[j].Name == name) return j;
        }
        if (errors is not null)
        {
            int later = -1;
            for (int j = index; j < layers.Count && later < 0; j++)
            {
                if (layers[j].Name == name) later = j;
            }
            string earlier = index == 0 ? "only \"input\"" : "\"input\", " + string.Join(", ", Enumerable.Range(0, index).Select(j => $"\"{layers[j].Name}\""));
            string reason = later == index ? "which is the layer itself"
                : later > index ? "which is declared after it; a layer reads only the network input and layers above it, so the graph has no cycles"
                : "which no layer is named";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.UnknownLayerInput, new[] { layers[index].Name, name, reason, earlier }));
        }
        return index - 1;
    }
}
