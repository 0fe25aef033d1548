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
internal static partial class ShapeInference
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
                LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D => WindowShape(i, layer, current, errors, ref parameters),
                LayerKind.GlobalAveragePool2D => GlobalPoolShape(i, layer, current, errors),
                LayerKind.GlobalMaxPool1D or LayerKind.GlobalAveragePool1D => GlobalPool1DShape(i, layers, current, errors),
                LayerKind.Embedding => EmbeddingShape(i, layers, current, errors, ref parameters),
                LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU => RecurrentShape(i, layers, current, errors, ref parameters),
                LayerKind.BatchNorm or LayerKind.LayerNorm => NormalizationShape(i, layer, current, errors, ref parameters),
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
            CheckSequencesWithoutImages(layers, errors);
            CheckBatchNormOfSequences(inputShape.ToArray(), layers, shapes, errors);
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

    /// <summary>[channels, height, width] of an image shape, or [channels, 1, length] for a 1-D layer's [channels, length].</summary>
    public static (int Channels, int Height, int Width) Image(int[] shape) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2]) : (shape[0], 1, shape[1]);

    /// <summary>Padding before the first row/column in one direction: explicit, or "same" (the output is ⌈input / stride⌉, extra padding after).</summary>
    public static int PaddingBefore(LayerSpec layer, int input, int kernel) =>
        layer.Same ? SamePaddingTotal(layer, input, kernel) / 2 : layer.Padding;

    /// <summary>Output size in one direction (PyTorch's rule; "same" gives ⌈input / stride⌉).</summary>
    public static int OutputSize(LayerSpec layer, int input, int kernel) =>
        layer.Same ? (input + layer.Stride - 1) / layer.Stride : (input + 2 * layer.Padding - layer.Dilation * (kernel - 1) - 1) / layer.Stride + 1;

    private static int SamePaddingTotal(LayerSpec layer, int input, int kernel)
    {
        int output = (input + layer.Stride - 1) / layer.Stride;
        return Math.Max(0, (output - 1) * layer.Stride + layer.Dilation * (kernel - 1) + 1 - input);
    }

    private static int[]? WindowShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref long parameters)
    {
        string what = layer.Kind switch
        {
            LayerKind.Conv2D => layer.OneD ? "Conv1D" : "Conv2D",
            LayerKind.MaxPool2D => layer.OneD ? "MaxPool1D" : "MaxPool2D",
            _ => layer.OneD ? "AvgPool1D" : "AvgPool2D",
        };
        int rank = layer.OneD ? 2 : 3;
        if (input.Length != rank)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage,
                new[] { layer.Name, Format(input), what, layer.OneD ? "[channels, length]" : "[channels, height, width]" }));
            return null;
        }
        if (layer.Kind == LayerKind.Conv2D && layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveLayerSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        string? invalid =
            layer.KernelHeight <= 0 || layer.KernelWidth <= 0 ? $"a kernel of {Window(layer)}; it must be at least 1" :
            layer.Stride <= 0 ? $"stride {layer.Stride}; it must be at least 1" :
            layer.Dilation <= 0 ? $"dilation {layer.Dilation}; it must be at least 1" :
            layer.Padding < 0 ? $"padding {layer.Padding}; it cannot be negative" :
            layer.Kind != LayerKind.Conv2D && layer.Padding * 2 > Math.Min(layer.KernelHeight, layer.KernelWidth) && !layer.OneD ? $"padding {layer.Padding} on a {Window(layer)} window; padding may be at most half the window" :
            layer.Kind != LayerKind.Conv2D && layer.OneD && layer.Padding * 2 > layer.KernelWidth ? $"padding {layer.Padding} on a window of {layer.KernelWidth}; padding may be at most half the window" :
            layer.Same && layer.Kind != LayerKind.Conv2D ? "Same padding, which only convolutions support" :
            null;
        if (invalid is not null)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidWindow, new[] { layer.Name, invalid }));
            return null;
        }
        (int channels, int height, int width) = Image(input);
        int spanHeight = layer.Dilation * (layer.KernelHeight - 1) + 1, spanWidth = layer.Dilation * (layer.KernelWidth - 1) + 1;
        int padHeight = layer.OneD ? 0 : layer.Same ? SamePaddingTotal(layer, height, layer.KernelHeight) : 2 * layer.Padding;
        int padWidth = layer.Same ? SamePaddingTotal(layer, width, layer.KernelWidth) : 2 * layer.Padding;
        if (spanHeight > height + padHeight || spanWidth > width + padWidth)
        {
            string window = layer.OneD ? Invariant(spanWidth) : $"{spanHeight}×{spanWidth}";
            string padded = layer.OneD ? Invariant(width + padWidth) : $"{height + padHeight}×{width + padWidth}";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.WindowLargerThanInput,
                new[] { layer.Name, window, Format(input), Invariant(layer.Same ? padWidth : layer.Padding), padded }));
            return null;
        }
        int outHeight = layer.OneD ? 1 : (height + padHeight - spanHeight) / layer.Stride + 1;
        int outWidth = (width + padWidth - spanWidth) / layer.Stride + 1;
        int outChannels = layer.Kind == LayerKind.Conv2D ? layer.Units : channels;
        int[] output = layer.OneD ? new[] { outChannels, outWidth } : new[] { outChannels, outHeight, outWidth };
        int droppedHeight = layer.OneD || layer.Same ? 0 : (height + padHeight - spanHeight) % layer.Stride;
        int droppedWidth = layer.Same ? 0 : (width + padWidth - spanWidth) % layer.Stride;
        if (droppedHeight != 0 || droppedWidth != 0)
        {
            bool rows = droppedHeight != 0;
            errors.Add(new ShapeError(index, DiagnosticDescriptors.OutputSizeNotWhole, new[]
            {
                layer.Name, Invariant(rows ? height : width), Invariant(rows ? spanHeight : spanWidth), Invariant(layer.Stride),
                Invariant(rows ? droppedHeight : droppedWidth), Format(input), Format(output),
            }));
        }
        if (layer.Kind == LayerKind.Conv2D)
        {
            long k = (long)channels * layer.KernelHeight * layer.KernelWidth;
            long padded = (layer.Units + 15L) / 16 * 16;
            parameters += k * padded + padded;
            long activations = (long)outHeight * outWidth * padded;
            long columns = (long)outHeight * outWidth * ((k + 15) / 16 * 16);
            if (parameters > MaxFloats || activations > MaxFloats || columns > MaxFloats)
            {
                errors.Add(new ShapeError(index, DiagnosticDescriptors.NetworkTooLarge, new[]
                {
                    layer.Name, Math.Max(parameters, Math.Max(activations, columns)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), "its weights, output or unfolded input",
                }));
                return null;
            }
        }
        return output;
    }

    private static int[]? GlobalPoolShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors)
    {
        if (input.Length != 3)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage,
                new[] { layer.Name, Format(input), "GlobalAveragePool2D", "[channels, height, width]" }));
            return null;
        }
        return new[] { input[0] };
    }

    /// <summary>
    /// Batch norm keeps any shape: a vector is normalized per feature, an image ([C, H, W] or [C, L]) per channel.
    /// Layer norm takes a vector. Both have γ and β, one per feature or channel (padded to 16 in the buffer).
    /// </summary>
    private static int[]? NormalizationShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref long parameters)
    {
        if (layer.Kind == LayerKind.LayerNorm && input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.LayerNormNeedsFlatInput, new[] { layer.Name, Format(input) }));
            return null;
        }
        if (!(layer.Epsilon > 0f) || float.IsInfinity(layer.Epsilon))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EpsilonOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Epsilon) }));
        }
        if (layer.Kind == LayerKind.BatchNorm && !(layer.Momentum > 0f && layer.Momentum <= 1f))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.MomentumOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Momentum) }));
        }
        parameters += 2 * ((input[0] + 15L) / 16 * 16);
        return input;
    }

    private static string Window(LayerSpec layer) => layer.OneD ? Invariant(layer.KernelWidth) : $"{layer.KernelHeight}×{layer.KernelWidth}";

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

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
