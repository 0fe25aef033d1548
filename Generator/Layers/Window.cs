using System;
using System.Collections.Generic;
using System.Numerics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

/// <summary>
/// What convolutions and poolings share: a window of kernel rows and columns moved over an image by a stride, with
/// dilation and zero padding — its declaration, its arithmetic and the shape checks of both families. 1-D layers are
/// 2-D ones whose window is one row high, over an input of height 1.
/// </summary>
internal static class Window
{
    /// <summary>
    /// A windowed layer as its attribute declares it: the kernel as given (one size, or a height and a KernelWidth; one row
    /// high in 1-D), the stride, padding ("same" or explicit) and dilation.
    /// </summary>
    public static LayerSpec Declare(LayerAttribute declared, LayerArguments named, int units, int kernel, int stride)
    {
        int kernelWidth = named.Int("KernelWidth", 0);
        int height = declared.OneD ? 1 : kernel;
        int width = declared.OneD || kernelWidth == 0 ? kernel : kernelWidth;
        return new LayerSpec(declared.Kind, named.Name, units, named.Activation, named.LeakySlope, named.Bias, 0, height, width, stride,
            named.Int("Padding", 0), named.Bool("Same", false), named.Int("Dilation", 1), declared.OneD);
    }

    /// <summary>Rows (or columns) one window spans, dilation included.</summary>
    public static long Span(LayerSpec layer, int kernel) => (long)layer.Dilation * (kernel - 1) + 1;

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

    /// <summary>The window as diagnostics name it: <c>3×3</c>, or <c>3</c> in 1-D.</summary>
    public static string Text(LayerSpec layer) => layer.OneD ? Invariant(layer.KernelWidth) : $"{layer.KernelHeight}×{layer.KernelWidth}";

    /// <summary>The window as the summary names it: <c>3x3</c>, or <c>3</c> in 1-D.</summary>
    public static string SummaryText(LayerSpec layer) => layer.OneD ? $"{layer.KernelWidth}" : $"{layer.KernelHeight}x{layer.KernelWidth}";

    /// <summary>The channels-last layout of a windowed layer's output, each position's channels padded to whole vectors.</summary>
    public static ImageLayout OutputImage(int[] output)
    {
        (int channels, int height, int width) = Image(output);
        return new ImageLayout(channels, height, width, Planner.RoundUp(channels));
    }

    /// <summary>True when the input is an image of the layer's rank ([channels, height, width], or [channels, length] in 1-D); otherwise reports it.</summary>
    public static bool HasImageInput(int index, LayerSpec layer, int[] input, string what, List<ShapeError> errors)
    {
        if (input.Length == (layer.OneD ? 2 : 3)) return true;
        errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage,
            new[] { layer.Name, Format(input), what, layer.OneD ? "[channels, length]" : "[channels, height, width]" }));
        return false;
    }

    /// <summary>What no windowed layer accepts in its kernel, stride, dilation or padding, or null.</summary>
    public static string? Problem(LayerSpec layer) =>
        layer.KernelHeight <= 0 || layer.KernelWidth <= 0 ? $"a kernel of {Text(layer)}; it must be at least 1" :
        layer.Stride <= 0 ? $"stride {layer.Stride}; it must be at least 1" :
        layer.Dilation <= 0 ? $"dilation {layer.Dilation}; it must be at least 1" :
        layer.Padding < 0 ? $"padding {layer.Padding}; it cannot be negative" :
        null;

    /// <summary>True without a problem; otherwise reports it.</summary>
    public static bool IsValid(int index, LayerSpec layer, string? problem, List<ShapeError> errors)
    {
        if (problem is null) return true;
        errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidWindow, new[] { layer.Name, problem }));
        return false;
    }

    /// <summary>How the windows of a layer cover its input: its sizes, the span of a window and the padding in each direction, and the output positions.</summary>
    public readonly record struct Geometry(int Channels, int Height, int Width, long SpanHeight, long SpanWidth, long PadHeight, long PadWidth, long OutHeight, long OutWidth)
    {
        public BigInteger Positions => (BigInteger)OutHeight * OutWidth;
    }

    /// <summary>Where the windows go over a valid layer's image input; null when one window is larger than the padded input, which is reported.</summary>
    public static Geometry? Cover(int index, LayerSpec layer, int[] input, List<ShapeError> errors)
    {
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
        return new Geometry(channels, height, width, spanHeight, spanWidth, padHeight, padWidth, outHeight, outWidth);
    }

    /// <summary>True when the layer's output of <paramref name="outChannels"/> channels fits the buffer limit, laid out channels last; otherwise reports it.</summary>
    public static bool FitsOutput(int index, LayerSpec layer, Geometry geometry, int outChannels, List<ShapeError> errors)
    {
        BigInteger channelStride = BufferLimit.RoundUp(outChannels);
        string outputShape = layer.OneD
            ? $"{Invariant(outChannels)}, {Invariant(geometry.OutWidth)}"
            : $"{Invariant(outChannels)}, {Invariant(geometry.OutHeight)}, {Invariant(geometry.OutWidth)}";
        return Fits(index, layer, geometry.Positions * channelStride,
            $"its output [{outputShape}] laid out channels last, {Invariant(channelStride)} floats per position", errors);
    }

    /// <summary>
    /// The output shape, warning (NG0021) when windows skip real input rows or columns past the last one they read: only
    /// the zero padding after the input may be skipped silently.
    /// </summary>
    public static int[] Output(int index, LayerSpec layer, int[] input, Geometry geometry, int outChannels, List<ShapeError> errors)
    {
        int[] output = layer.OneD
            ? new[] { outChannels, (int)geometry.OutWidth }
            : new[] { outChannels, (int)geometry.OutHeight, (int)geometry.OutWidth };
        long skippedHeight = layer.OneD ? 0 : SkippedRealRows(layer, geometry.Height, geometry.PadHeight, geometry.SpanHeight);
        long skippedWidth = SkippedRealRows(layer, geometry.Width, geometry.PadWidth, geometry.SpanWidth);
        if (skippedHeight != 0 || skippedWidth != 0)
        {
            bool rows = skippedHeight != 0;
            errors.Add(new ShapeError(index, DiagnosticDescriptors.OutputSizeNotWhole, new[]
            {
                layer.Name, Invariant(rows ? geometry.Height : geometry.Width), Invariant(rows ? geometry.SpanHeight : geometry.SpanWidth), Invariant(layer.Stride),
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
        // A window narrower than its stride skips rows everywhere by design (ResNet's 1×1 stride-2 projection): the last
        // ones are not singled out.
        if (span < layer.Stride) return 0;
        long unread = (input + padding - span) % layer.Stride;
        long paddingAfter = padding - (layer.Same ? padding / 2 : layer.Padding);
        return Math.Max(0, unread - paddingAfter);
    }
}
