using System;
using System.Collections.Generic;
using System.Numerics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>The shape rules of embeddings and recurrent layers: sequences are [steps, features].</summary>
internal static partial class ShapeInference
{
    /// <summary>Whether a layer reads or writes sequences of steps.</summary>
    public static bool IsSequenceLayer(LayerSpec layer) => layer.Kind is LayerKind.Embedding || IsRecurrent(layer);

    /// <summary>SimpleRNN, LSTM or GRU.</summary>
    public static bool IsRecurrent(LayerSpec layer) => layer.Kind is LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU;

    /// <summary>Gate blocks stacked in a recurrent layer's weights: 1 (SimpleRNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).</summary>
    public static int Gates(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.LSTM => 4,
        LayerKind.GRU => 3,
        _ => 1,
    };

    private static int[]? EmbeddingShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (index > 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EmbeddingNotFirst, new[] { layer.Name, layers[index - 1].Name }));
            return null;
        }
        if (layer.Vocabulary <= 0 || layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidEmbeddingSize, new[] { layer.Name, Invariant(layer.Vocabulary), Invariant(layer.Units) }));
            return null;
        }
        if (layer.PaddingIndex < -1 || layer.PaddingIndex >= layer.Vocabulary)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.PaddingIndexOutOfRange, new[] { layer.Name, Invariant(layer.PaddingIndex), Invariant(layer.Vocabulary) }));
            return null;
        }
        if (input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EmbeddingInputNotTokens, new[] { layer.Name, Format(input) }));
            return null;
        }
        BigInteger padded = BufferLimit.RoundUp(layer.Units);
        if (!Fits(index, layer, layer.Vocabulary * padded, $"its table ({Invariant(layer.Vocabulary)} × {Invariant(layer.Units)})", errors)
            || !Fits(index, layer, input[0] * padded, $"its output [{Invariant(input[0])}, {Invariant(layer.Units)}], rows padded to 16 floats", errors))
        {
            return null;
        }
        parameters += layer.Vocabulary * padded;
        return new[] { input[0], layer.Units };
    }

    private static int[]? RecurrentShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 2)
        {
            string hint = input.Length == 1 && index > 0 && IsRecurrent(layers[index - 1])
                ? $"; set ReturnSequences = true on '{layers[index - 1].Name}' to pass it every step"
                : input.Length == 1 ? "; declare the network input as [steps, features], e.g. [Network(32, 16)]" : "";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.RecurrentNeedsSequence, new[] { layer.Name, Format(input), layer.Kind.ToString(), hint }));
            return null;
        }
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveHiddenSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        // Per direction: weights [features + hidden, gates·hidden padded] and two biases; their transposes [gates·hidden,
        // features padded] and [gates·hidden, hidden padded] for backward; per sample the gate values of every step.
        int steps = input[0], features = input[1], hidden = layer.Units;
        BigInteger gates = (BigInteger)Gates(layer) * hidden, columns = BufferLimit.RoundUp(gates);
        string cell = $"{Invariant(features)} features, {Invariant(hidden)} hidden";
        if (!Fits(index, layer, (features + (BigInteger)hidden + 2) * columns, $"its weights and biases ({cell}, {Invariant(gates)} gate columns)", errors)
            || !Fits(index, layer, gates * BufferLimit.RoundUp(features), $"its transposed input weights ({Invariant(gates)} × {Invariant(features)}) for backward", errors)
            || !Fits(index, layer, gates * BufferLimit.RoundUp(hidden), $"its transposed recurrent weights ({Invariant(gates)} × {Invariant(hidden)}) for backward", errors)
            || !Fits(index, layer, steps * columns, $"its gates ({Invariant(steps)} steps × {Invariant(gates)})", errors))
        {
            return null;
        }
        parameters += (layer.Bidirectional ? 2 : 1) * (features + (BigInteger)hidden + 2) * columns;
        int outputs = layer.Bidirectional ? 2 * layer.Units : layer.Units;
        return layer.ReturnSequences ? new[] { input[0], outputs } : new[] { outputs };
    }

    /// <summary>GlobalMaxPool1D or GlobalAveragePool1D.</summary>
    public static bool IsGlobalPool1D(LayerSpec layer) => layer.Kind is LayerKind.GlobalMaxPool1D or LayerKind.GlobalAveragePool1D;

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
    /// A global 1-D pooling reduces over the steps of a sequence [steps, features] → [features], or, in a network without
    /// sequence layers, over the positions of a 1-D image [channels, length] → [channels].
    /// </summary>
    private static int[]? GlobalPool1DShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 2)
        {
            string hint =
                input.Length == 1 && index > 0 && IsRecurrent(layers[index - 1]) ? $"; set ReturnSequences = true on '{layers[index - 1].Name}' to pool every step" :
                input.Length == 3 && layer.Kind == LayerKind.GlobalAveragePool1D ? "; use GlobalAveragePool2D for a [channels, height, width] image" :
                "";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.GlobalPool1DNeedsSequence, new[] { layer.Name, Format(input), layer.Kind.ToString(), hint }));
            return null;
        }
        return new[] { IsSequenceNetwork(layers) ? input[1] : input[0] };
    }

    /// <summary>
    /// In a network with sequence layers a rank-2 shape is [steps, features], which BatchNorm would read as
    /// [channels, length]: per-step normalization of sequences is not offered yet, so it is an error.
    /// </summary>
    private static void CheckBatchNormOfSequences(int[] networkInput, EquatableArray<LayerSpec> layers, List<int[]> shapes, List<ShapeError> errors)
    {
        bool sequenceNetwork = false;
        foreach (LayerSpec layer in layers) sequenceNetwork |= IsSequenceLayer(layer);
        if (!sequenceNetwork) return;
        for (int i = 0; i < layers.Count; i++)
        {
            int[] input = i == 0 ? networkInput : shapes[i - 1];
            if (layers[i].Kind != LayerKind.BatchNorm || input.Length < 2) continue;
            errors.Add(new ShapeError(i, DiagnosticDescriptors.BatchNormOfSequence, new[] { layers[i].Name, Format(input) }));
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
            string kind = layer.OneD ? layer.Kind.ToString().Replace("2D", "1D") : layer.Kind.ToString();
            errors.Add(new ShapeError(i, DiagnosticDescriptors.SequenceWithImageLayers, new[] { layer.Name, kind, sequence.Kind.ToString(), sequence.Name }));
            return;
        }
    }
}
