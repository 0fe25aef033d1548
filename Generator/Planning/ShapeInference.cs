using System;
using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>A shape problem found by <see cref="ShapeInference"/>, for the parser to turn into a diagnostic at the layer's attribute.</summary>
internal readonly record struct ShapeError(int LayerIndex, Microsoft.CodeAnalysis.DiagnosticDescriptor Descriptor, string[] Arguments);

/// <summary>
/// The shape rules of every layer family, in one place: the output shape of each layer from the
/// input shape, and every declaration that cannot work. The planner and the diagnostics both use it.
/// </summary>
internal static class ShapeInference
{
    /// <summary>
    /// Output shapes of every layer (index i is the shape after layer i). Stops at the first layer
    /// whose input does not fit and reports it; later layers are then not checked.
    /// </summary>
    /// <summary>The most floats one buffer (input, a layer's output or the parameters) may hold.</summary>
    public const long MaxFloats = 1L << 28;

    public static int[][] Infer(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, LossKindSpec loss, List<ShapeError> errors)
    {
        var shapes = new List<int[]>();
        int[] current = ToArray(inputShape);
        long parameters = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            int[]? next = layer.Kind switch
            {
                LayerKind.Dense => DenseShape(i, layer, current, errors, ref parameters),
                LayerKind.Dropout => DropoutShape(i, layer, current, errors),
                LayerKind.Flatten => new[] { Product(current) },
                _ => null,
            };
            if (next is null) break;
            if (layer.Activation == ActivationKind.Softmax && i < layers.Count - 1)
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.SoftmaxNotLast, new[] { layer.Name, layers[i + 1].Name }));
            }
            shapes.Add(next);
            current = next;
        }
        if (shapes.Count == layers.Count && layers.Count > 0)
        {
            CheckLoss(layers, loss, current, errors);
        }
        return shapes.ToArray();
    }

    /// <summary>Number of floats in a shape (checked against <see cref="MaxFloats"/> where shapes are made).</summary>
    public static int Product(int[] shape) => (int)LongProduct(shape);

    /// <summary>Number of floats in a shape, without overflow for any shape of positive int dimensions.</summary>
    public static long LongProduct(IEnumerable<int> shape)
    {
        long product = 1;
        foreach (int dimension in shape)
        {
            product *= dimension;
            if (product > MaxFloats) return MaxFloats + 1;
        }
        return product;
    }

    public static string Format(int[] shape) => string.Join(", ", shape);

    private static int[]? DenseShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref long parameters)
    {
        if (input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.DenseNeedsFlatInput, new[] { layer.Name, Format(input) }));
            return null;
        }
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveLayerSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        // The weights are [in, out rounded up to 16]; the transposed copy for backward is [out, in rounded up].
        long padded = (layer.Units + 15L) / 16 * 16;
        long weights = Math.Max(input[0] * padded, layer.Units * ((input[0] + 15L) / 16 * 16));
        parameters += input[0] * padded + padded;
        if (weights > MaxFloats || parameters > MaxFloats)
        {
            string what = weights > MaxFloats ? $"its weights ({input[0]} × {layer.Units})" : "the network's parameters";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NetworkTooLarge, new[] { layer.Name, Math.Max(weights, parameters).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), what }));
            return null;
        }
        if (layer.Activation == ActivationKind.LeakyReLU && !(layer.LeakySlope >= 0f && layer.LeakySlope < 1f))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.LeakySlopeOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.LeakySlope) }));
        }
        return new[] { layer.Units };
    }

    private static int[] DropoutShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors)
    {
        if (!(layer.Rate >= 0f && layer.Rate < 1f))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.DropoutRateOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Rate) }));
        }
        return input;
    }

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
            if (output.Length != 1)
            {
                errors.Add(new ShapeError(last, DiagnosticDescriptors.LossDoesNotFitOutput,
                    new[] { "BinaryCrossEntropyWithLogits", "a vector of logits", Format(output) }));
            }
            if (lastLayer.Activation is ActivationKind.Softmax or ActivationKind.Sigmoid)
            {
                errors.Add(new ShapeError(last, DiagnosticDescriptors.ActivationBeforeLogitsLoss,
                    new[] { lastLayer.Name, lastLayer.Activation.ToString(), "BinaryCrossEntropyWithLogits", "the sigmoid" }));
            }
        }
        else if (loss == LossKindSpec.MeanSquaredError && output.Length != 1)
        {
            errors.Add(new ShapeError(last, DiagnosticDescriptors.LossDoesNotFitOutput,
                new[] { "MeanSquaredError", "a vector output", Format(output) }));
        }
    }

    private static int[] ToArray(EquatableArray<int> shape)
    {
        var array = new int[shape.Count];
        for (int i = 0; i < array.Length; i++) array[i] = shape[i];
        return array;
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
