using System.Collections.Generic;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>Sequences [steps, features] across layers: which layers make them, and what does not mix with them yet.</summary>
internal static partial class ShapeInference
{
    /// <summary>Whether a layer reads or writes sequences of steps.</summary>
    public static bool IsSequenceLayer(LayerSpec layer) => LayerCatalog.For(layer).WorksOnSequences;

    /// <summary>SimpleRNN, LSTM or GRU.</summary>
    public static bool IsRecurrent(LayerSpec layer) => LayerCatalog.For(layer) == RecurrentFamily.Instance;

    /// <inheritdoc cref="RecurrentFamily.Gates"/>
    public static int Gates(LayerSpec layer) => RecurrentFamily.Gates(layer);

    /// <summary>GlobalMaxPool1D or GlobalAveragePool1D.</summary>
    public static bool IsGlobalPool1D(LayerSpec layer) => LayerCatalog.For(layer) == GlobalPool1DFamily.Instance;

    /// <summary>
    /// Whether the network has embeddings or recurrent layers: its rank-2 shapes are then sequences [steps, features],
    /// otherwise 1-D images [channels, length].
    /// </summary>
    public static bool IsSequenceNetwork(EquatableArray<LayerSpec> layers)
    {
        foreach (LayerSpec layer in layers)
        {
            if (IsSequenceLayer(layer)) return true;
        }
        return false;
    }

    /// <summary>
    /// In a network with sequence layers a rank-2 shape is [steps, features]; reports the first layer that cannot read its
    /// input as that (batch norm would read it as [channels, length]).
    /// </summary>
    private static void CheckInputsOfSequenceNetwork(int[] networkInput, EquatableArray<LayerSpec> layers, int[][] inputs, List<int[]> shapes, List<ShapeError> errors)
    {
        if (!IsSequenceNetwork(layers)) return;
        for (int i = 0; i < layers.Count; i++)
        {
            int[] input = FirstInputShape(networkInput, inputs, shapes, i);
            if (LayerCatalog.For(layers[i]).InSequenceNetwork(i, layers[i], input) is not { } error) continue;
            errors.Add(error);
            return;
        }
    }

    /// <summary>Convolutions and pooling read rank-2 inputs as [channels, length], not as sequences: the two do not mix yet.</summary>
    private static void CheckSequencesWithoutImages(EquatableArray<LayerSpec> layers, List<ShapeError> errors)
    {
        LayerSpec? sequence = null;
        foreach (LayerSpec layer in layers)
        {
            if (IsSequenceLayer(layer))
            {
                sequence = layer;
                break;
            }
        }
        if (sequence is null) return;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            if (!Planner.IsImageLayer(layer)) continue;
            errors.Add(new ShapeError(i, DiagnosticDescriptors.SequenceWithImageLayers,
                new[] { layer.Name, LayerCatalog.For(layer).DeclaredName(layer), LayerCatalog.For(sequence).DeclaredName(sequence), sequence.Name }));
            return;
        }
    }
}
