using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>A shape problem found by <see cref="ShapeInference"/>, for the parser to turn into a diagnostic at the layer's attribute.</summary>
internal readonly record struct ShapeError(int LayerIndex, Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string[] Arguments);

/// <summary>
/// Shape inference over the whole network: each layer's family gives its output shape from its input shape (and what it
/// cannot accept); here are the loop and the rules across layers (activations, loss, sequences, buffers). The planner and
/// the diagnostics both use it.
/// </summary>
internal static partial class ShapeInference
{
    /// <summary>
    /// Output shapes of every layer (index i is the shape after layer i). Stops at the first layer
    /// whose input does not fit and reports it; later layers are then not checked. Every size is worked out
    /// without overflow and held to <see cref="BufferLimit"/>, so the planner's int arithmetic never wraps.
    /// </summary>
    public static int[][] Infer(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, LossKindSpec loss, List<ShapeError> errors)
    {
        var shapes = new List<int[]>();
        int[] networkInput = ToArray(inputShape);
        int before = errors.Count;
        int[][] inputs = LayerGraph.Inputs(layers, errors);
        if (errors.Count > before) return shapes.ToArray();
        // The parameter buffer as the planner lays it out: weight rows and biases padded to whole vectors.
        BigInteger parameters = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            LayerFamily family = LayerCatalog.For(layer);
            int[]? next = family.Merges
                ? family.MergedShape(i, layers, inputs[i].Select(t => (LayerGraph.Name(layers, t), t < 0 ? networkInput : shapes[t])).ToArray(), errors)
                : family.OutputShape(i, layers, inputs[i][0] < 0 ? networkInput : shapes[inputs[i][0]], errors, ref parameters);
            if (next is null || !Fits(i, layer, parameters, "the network's parameters (rows padded to 16 floats)", errors)) break;
            // Every layer with an activation: a NaN or infinite slope would be emitted as a literal that does not exist.
            if (layer.Activation == ActivationKind.LeakyReLU && !(layer.LeakySlope >= 0f && layer.LeakySlope < 1f))
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.LeakySlopeOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.LeakySlope) }));
            }
            if (family.SoftmaxOverChannels && layer.Activation == ActivationKind.Softmax)
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.SoftmaxOverChannels, new[] { layer.Name, family.DeclaredName(layer) }));
            }
            else if (layer.Activation == ActivationKind.Softmax && i < layers.Count - 1)
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.SoftmaxNotLast, new[] { layer.Name, layers[i + 1].Name }));
            }
            shapes.Add(next);
        }
        if (shapes.Count == layers.Count && layers.Count > 0)
        {
            CheckEveryOutputRead(layers, inputs, errors);
            CheckLoss(layers, loss, shapes[shapes.Count - 1], errors);
            CheckSequencesWithoutImages(layers, errors);
            CheckInputsOfSequenceNetwork(networkInput, layers, inputs, shapes, errors);
            CheckBuffers(inputShape, layers, inputs, shapes, errors);
        }
        return shapes.ToArray();
    }

    /// <summary>The shape of what layer <paramref name="index"/> reads first: the network input or an earlier layer's output.</summary>
    private static int[] FirstInputShape(int[] networkInput, int[][] inputs, IReadOnlyList<int[]> shapes, int index) =>
        inputs[index][0] < 0 ? networkInput : shapes[inputs[index][0]];

    /// <summary>Every layer but the last feeds a later one (NG0045): a branch nothing reads would get no gradient.</summary>
    private static void CheckEveryOutputRead(EquatableArray<LayerSpec> layers, int[][] inputs, List<ShapeError> errors)
    {
        List<int>[] readers = LayerGraph.Readers(inputs);
        for (int i = 0; i < layers.Count - 1; i++)
        {
            if (readers[i + 1].Count == 0) errors.Add(new ShapeError(i, DiagnosticDescriptors.OutputNeverRead, new[] { layers[i].Name, layers[layers.Count - 1].Name }));
        }
    }

    /// <summary>Number of floats in a shape (held to <see cref="BufferLimit"/> where shapes are made).</summary>
    public static int Product(int[] shape) => (int)Floats(shape);

    /// <summary>Number of floats in a shape, exactly, whatever its dimensions.</summary>
    public static BigInteger Floats(IEnumerable<int> shape)
    {
        BigInteger product = 1;
        foreach (int dimension in shape) product *= dimension;
        return product;
    }

    public static string Format(int[] shape) => string.Join(", ", shape);

    /// <summary>True when <paramref name="floats"/> fit <see cref="BufferLimit"/>; otherwise reports NG0018 at the layer, naming the exact count.</summary>
    internal static bool Fits(int index, LayerSpec layer, BigInteger floats, string what, List<ShapeError> errors)
    {
        if (BufferLimit.Fits(floats)) return true;
        errors.Add(new ShapeError(index, DiagnosticDescriptors.NetworkTooLarge, new[] { layer.Name, BufferLimit.Format(floats), what }));
        return false;
    }

    /// <summary>[channels, height, width] of an image shape, or [channels, 1, length] for a 1-D layer's [channels, length].</summary>
    public static (int Channels, int Height, int Width) Image(int[] shape) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2]) : (shape[0], 1, shape[1]);

    /// <inheritdoc cref="Window.PaddedInput"/>
    public static (long Height, long Width)? PaddedInput(LayerSpec layer, long height, long width, long outHeight, long outWidth) =>
        Window.PaddedInput(layer, height, width, outHeight, outWidth);

    private static void CheckLoss(EquatableArray<LayerSpec> layers, LossKindSpec loss, int[] output, List<ShapeError> errors)
    {
        int last = layers.Count - 1;
        LayerSpec lastLayer = layers[last];
        if (loss == LossKindSpec.SoftmaxCrossEntropy)
        {
            if (output.Length != 1 || output[0] < 2)
            {
                errors.Add(new ShapeError(last, DiagnosticDescriptors.LossDoesNotFitOutput,
                    new[] { "SoftmaxCrossEntropy", "a vector of at least 2 class scores", Format(output) }));
            }
            if (lastLayer.Activation is ActivationKind.Softmax or ActivationKind.Sigmoid)
            {
                errors.Add(new ShapeError(last, DiagnosticDescriptors.ActivationBeforeLogitsLoss,
                    new[] { lastLayer.Name, lastLayer.Activation.ToString(), "SoftmaxCrossEntropy", "softmax" }));
            }
        }
        else if (loss == LossKindSpec.BinaryCrossEntropyWithLogits)
        {
            // Element-wise on any output shape (multi-label vectors, or images).
            if (lastLayer.Activation is ActivationKind.Softmax or ActivationKind.Sigmoid)
            {
                errors.Add(new ShapeError(last, DiagnosticDescriptors.ActivationBeforeLogitsLoss,
                    new[] { lastLayer.Name, lastLayer.Activation.ToString(), "BinaryCrossEntropyWithLogits", "the sigmoid" }));
            }
        }
    }

    private static int[] ToArray(EquatableArray<int> shape)
    {
        var array = new int[shape.Count];
        for (int i = 0; i < array.Length; i++) array[i] = shape[i];
        return array;
    }

    internal static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Invariant(BigInteger value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
