using System;
using System.Collections.Generic;
using System.Numerics;
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
    /// whose input does not fit and reports it; later layers are then not checked. Every size is worked out
    /// without overflow and held to <see cref="BufferLimit"/>, so the planner's int arithmetic never wraps.
    /// </summary>
    public static int[][] Infer(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, LossKindSpec loss, List<ShapeError> errors)
    {
        var shapes = new List<int[]>();
        int[] current = ToArray(inputShape);
        // The parameter buffer as the planner lays it out: weight rows and biases padded to whole vectors.
        BigInteger parameters = 0;
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
            if (next is null || !Fits(i, layer, parameters, "the network's parameters (rows padded to 16 floats)", errors)) break;
            // Every layer with an activation: a NaN or infinite slope would be emitted as a literal that does not exist.
            if (layer.Activation == ActivationKind.LeakyReLU && !(layer.LeakySlope >= 0f && layer.LeakySlope < 1f))
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.LeakySlopeOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.LeakySlope) }));
            }
            if (layer.Kind == LayerKind.Conv2D && layer.Activation == ActivationKind.Softmax)
            {
                errors.Add(new ShapeError(i, DiagnosticDescriptors.SoftmaxOverChannels, new[] { layer.Name, layer.OneD ? "Conv1D" : "Conv2D" }));
            }
            else if (layer.Activation == ActivationKind.Softmax && i < layers.Count - 1)
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
            CheckBuffers(inputShape, layers, shapes, errors);
        }
        return shapes.ToArray();
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
    private static bool Fits(int index, LayerSpec layer, BigInteger floats, string what, List<ShapeError> errors)
    {
        if (BufferLimit.Fits(floats)) return true;
        errors.Add(new ShapeError(index, DiagnosticDescriptors.NetworkTooLarge, new[] { layer.Name, BufferLimit.Format(floats), what }));
        return false;
    }

    private static int[]? DenseShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref BigInteger parameters)
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
        BigInteger padded = BufferLimit.RoundUp(layer.Units);
        if (!Fits(index, layer, padded, $"its output of {Invariant(layer.Units)} units", errors)
            || !Fits(index, layer, input[0] * padded, $"its weights ({Invariant(input[0])} × {Invariant(layer.Units)})", errors)
            || !Fits(index, layer, layer.Units * BufferLimit.RoundUp(input[0]), $"its transposed weights ({Invariant(layer.Units)} × {Invariant(input[0])}) for backward", errors))
        {
            return null;
        }
        parameters += input[0] * padded + (layer.HasBias ? padded : 0);
        return new[] { layer.Units };
    }

    /// <summary>[channels, height, width] of an image shape, or [channels, 1, length] for a 1-D layer's [channels, length].</summary>
    public static (int Channels, int Height, int Width) Image(int[] shape) =>
        shape.Length == 3 ? (shape[0], shape[1], shape[2]) : (shape[0], 1, shape[1]);

    /// <summary>Rows (or columns) one window spans, dilation included.</summary>
    private static long Span(LayerSpec layer, int kernel) => (long)layer.Dilation * (kernel - 1) + 1;

    /// <summary>Padding before the first row/column in one direction: explicit, or "same" (the output is ⌈input / stride⌉, extra padding after).</summary>
    public static long PaddingBefore(LayerSpec layer, long input, int kernel) =>
        layer.Same ? SamePaddingTotal(layer, input, kernel) / 2 : layer.Padding;

    /// <summary>Padding before and after in one direction (none across a 1-D layer's single row).</summary>
    private static long PaddingTotal(LayerSpec layer, long input, int kernel, bool across) =>
        across ? 0 : layer.Same ? SamePaddingTotal(layer, input, kernel) : 2L * layer.Padding;

    private static long SamePaddingTotal(LayerSpec layer, long input, int kernel)
    {
        long output = (input + layer.Stride - 1) / layer.Stride;
        return Math.Max(0, (output - 1) * layer.Stride + Span(layer, kernel) - input);
    }

    /// <summary>
    /// The rows and columns of the zero-bordered copy of a convolution's input that its windows read: from the
    /// top-left padding to the last row and column any window reaches ("same" may pad only the bottom or right);
    /// null when every window stays inside the input, which is then read in place.
    /// </summary>
    public static (long Height, long Width)? PaddedInput(LayerSpec layer, long height, long width, long outHeight, long outWidth)
    {
        long top = layer.OneD ? 0 : PaddingBefore(layer, height, layer.KernelHeight);
        long left = PaddingBefore(layer, width, layer.KernelWidth);
        long reachHeight = (outHeight - 1) * layer.Stride + Span(layer, layer.KernelHeight);
        long reachWidth = (outWidth - 1) * layer.Stride + Span(layer, layer.KernelWidth);
        if (top == 0 && left == 0 && reachHeight <= height && reachWidth <= width) return null;
        return (Math.Max(height + top, reachHeight), Math.Max(width + left, reachWidth));
    }

    private static int[]? WindowShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref BigInteger parameters)
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
            layer.Kind != LayerKind.Conv2D && 2L * layer.Padding > Math.Min(layer.KernelHeight, layer.KernelWidth) && !layer.OneD ? $"padding {layer.Padding} on a {Window(layer)} window; padding may be at most half the window" :
            layer.Kind != LayerKind.Conv2D && layer.OneD && 2L * layer.Padding > layer.KernelWidth ? $"padding {layer.Padding} on a window of {layer.KernelWidth}; padding may be at most half the window" :
            layer.Same && layer.Kind != LayerKind.Conv2D ? "Same padding, which only convolutions support" :
            null;
        if (invalid is not null)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidWindow, new[] { layer.Name, invalid }));
            return null;
        }
        (int channels, int height, int width) = Image(input);
        long spanHeight = Span(layer, layer.KernelHeight), spanWidth = Span(layer, layer.KernelWidth);
        long padHeight = PaddingTotal(layer, height, layer.KernelHeight, layer.OneD), padWidth = PaddingTotal(layer, width, layer.KernelWidth, false);
        if (spanHeight > height + padHeight || spanWidth > width + padWidth)
        {
            string window = layer.OneD ? Invariant(spanWidth) : $"{Invariant(spanHeight)}×{Invariant(spanWidth)}";
            string padded = layer.OneD ? Invariant(width + padWidth) : $"{Invariant(height + padHeight)}×{Invariant(width + padWidth)}";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.WindowLargerThanInput,
                new[] { layer.Name, window, Format(input), Invariant(layer.Same ? padWidth : layer.Padding), padded }));
            return null;
        }
        long outHeight = layer.OneD ? 1 : (height + padHeight - spanHeight) / layer.Stride + 1;
        long outWidth = (width + padWidth - spanWidth) / layer.Stride + 1;
        int outChannels = layer.Kind == LayerKind.Conv2D ? layer.Units : channels;
        BigInteger positions = (BigInteger)outHeight * outWidth, channelStride = BufferLimit.RoundUp(outChannels);
        string outputShape = layer.OneD ? $"{Invariant(outChannels)}, {Invariant(outWidth)}" : $"{Invariant(outChannels)}, {Invariant(outHeight)}, {Invariant(outWidth)}";
        if (!Fits(index, layer, positions * channelStride, $"its output [{outputShape}] laid out channels last, {Invariant(channelStride)} floats per position", errors)) return null;
        if (layer.Kind == LayerKind.Conv2D)
        {
            // Weights [K, filters padded] with K = C·KH·KW, their transpose [filters, K padded], and the unfolded patches [positions, K padded].
            BigInteger k = (BigInteger)channels * layer.KernelHeight * layer.KernelWidth;
            if (!Fits(index, layer, k * channelStride, $"its weights ({Invariant(k)} × {Invariant(outChannels)})", errors)
                || !Fits(index, layer, outChannels * BufferLimit.RoundUp(k), $"its transposed weights ({Invariant(outChannels)} × {Invariant(k)}) for backward", errors)
                || !Fits(index, layer, positions * BufferLimit.RoundUp(k), $"its unfolded input ({Invariant(positions)} positions × {Invariant(k)})", errors))
            {
                return null;
            }
            parameters += k * channelStride + (layer.HasBias ? channelStride : 0);
        }
        else if (!Fits(index, layer, (BigInteger)layer.KernelHeight * layer.KernelWidth, $"its {Window(layer)} window", errors))
        {
            return null;
        }
        int[] output = layer.OneD ? new[] { outChannels, (int)outWidth } : new[] { outChannels, (int)outHeight, (int)outWidth };
        // Windows may skip rows past the last one they read; only the zero padding after the input may be skipped silently.
        long skippedHeight = layer.OneD ? 0 : SkippedRealRows(layer, height, padHeight, spanHeight);
        long skippedWidth = SkippedRealRows(layer, width, padWidth, spanWidth);
        if (skippedHeight != 0 || skippedWidth != 0)
        {
            bool rows = skippedHeight != 0;
            errors.Add(new ShapeError(index, DiagnosticDescriptors.OutputSizeNotWhole, new[]
            {
                layer.Name, Invariant(rows ? height : width), Invariant(rows ? spanHeight : spanWidth), Invariant(layer.Stride),
                Invariant(rows ? skippedHeight : skippedWidth), Format(input), Format(output),
            }));
        }
        return output;
    }

    /// <summary>
    /// Real input rows (or columns) no window reads: the padded input's rows past the last window, less the padding
    /// after the input (zeros, or ignored by pooling), which holds no input.
    /// </summary>
    private static long SkippedRealRows(LayerSpec layer, long input, long padding, long span)
    {
        long unread = (input + padding - span) % layer.Stride;
        long paddingAfter = padding - (layer.Same ? padding / 2 : layer.Padding);
        return Math.Max(0, unread - paddingAfter);
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
    private static int[]? NormalizationShape(int index, LayerSpec layer, int[] input, List<ShapeError> errors, ref BigInteger parameters)
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
        // γ and β (and for batch norm the running statistics, as much state again), padded per feature or channel;
        // batch norm also keeps six such rows of batch statistics and work slots.
        BigInteger padded = BufferLimit.RoundUp(input[0]);
        if (layer.Kind == LayerKind.BatchNorm && !Fits(index, layer, 6 * padded, $"its batch statistics (6 × {Invariant(input[0])})", errors)) return null;
        parameters += 2 * padded;
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

    private static string Invariant(BigInteger value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
