using System;
using System.Collections.Generic;
using System.Numerics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

/// <summary>
/// What convolutions and poolings share: a window of kernel rows and columns moved over an image by a stride, with
/// dilation and zero padding, each set per axis (<see cref="WindowOptions"/>) — its declaration, its arithmetic and the
/// shape checks of both families. 1-D layers are 2-D ones whose window is one row high, over an input of height 1.
/// </summary>
internal static class Window
{
    /// <summary>
    /// A windowed layer as its attribute declares it: the kernel as given (one size, or a height and a KernelWidth; one row
    /// high in 1-D), the strides the family has read, the padding ("same", or explicit with a PaddingWidth) and the
    /// dilation (with a DilationWidth). A width setting not written is the height's; 1-D attributes have none.
    /// </summary>
    public static LayerSpec Declare(LayerAttribute declared, LayerArguments named, int units, int kernel, int stride, int strideWidth)
    {
        int padding = named.Int("Padding", 0), dilation = named.Int("Dilation", 1), kernelWidth = named.Int("KernelWidth", 0);
        bool same = named.Bool("Same", false);
        WindowOptions window = declared.OneD
            ? new WindowOptions(1, kernel, 1, stride, 0, padding, same, 1, dilation, OneD: true)
            : new WindowOptions(kernel, kernelWidth == 0 ? kernel : kernelWidth, stride, strideWidth, padding, named.Int("PaddingWidth", padding), same,
                dilation, named.Int("DilationWidth", dilation), OneD: false);
        return new LayerSpec(declared.Kind, named.Name, units, named.Activation, named.LeakySlope, named.Bias, 0, Options: window);
    }

    /// <summary>Rows (or columns) one window spans along an axis, dilation included.</summary>
    public static long Span(WindowOptions.Axis axis) => (long)axis.Dilation * (axis.Kernel - 1) + 1;

    /// <summary>Padding before the first row/column along an axis: explicit, or "same" (the output is ⌈input / stride⌉, extra padding after).</summary>
    public static long PaddingBefore(WindowOptions window, WindowOptions.Axis axis, long input) =>
        window.Same ? SamePaddingTotal(axis, input) / 2 : axis.Padding;

    /// <summary>Padding before and after along an axis (none across a 1-D layer's single row, whose axis has neither padding nor span).</summary>
    private static long PaddingTotal(WindowOptions window, WindowOptions.Axis axis, long input) =>
        window.Same ? SamePaddingTotal(axis, input) : 2L * axis.Padding;

    private static long SamePaddingTotal(WindowOptions.Axis axis, long input)
    {
        long output = (input + axis.Stride - 1) / axis.Stride;
        return Math.Max(0, (output - 1) * axis.Stride + Span(axis) - input);
    }

    /// <summary>
    /// The rows and columns of the zero-bordered copy of a convolution's input that its windows read: from the
    /// top-left padding to the last row and column any window reaches ("same" may pad only the bottom or right);
    /// null when every window stays inside the input, which is then read in place.
    /// </summary>
    public static (long Height, long Width)? PaddedInput(LayerSpec layer, long height, long width, long outHeight, long outWidth)
    {
        WindowOptions window = WindowOptions.Of(layer);
        long top = PaddingBefore(window, window.Height, height), left = PaddingBefore(window, window.Width, width);
        long reachHeight = (outHeight - 1) * window.StrideHeight + Span(window.Height);
        long reachWidth = (outWidth - 1) * window.StrideWidth + Span(window.Width);
        if (top == 0 && left == 0 && reachHeight <= height && reachWidth <= width) return null;
        return (Math.Max(height + top, reachHeight), Math.Max(width + left, reachWidth));
    }

    /// <summary>The window as diagnostics name it: <c>3×3</c>, or <c>3</c> in 1-D.</summary>
    public static string Text(WindowOptions window) => window.OneD ? Invariant(window.KernelWidth) : $"{Invariant(window.KernelHeight)}×{Invariant(window.KernelWidth)}";

    /// <summary>The window as the summary names it: <c>3x3</c>, or <c>3</c> in 1-D.</summary>
    public static string SummaryText(WindowOptions window) => window.OneD ? Invariant(window.KernelWidth) : $"{Invariant(window.KernelHeight)}x{Invariant(window.KernelWidth)}";

    /// <summary>A setting as diagnostics and kernel comments name it: one value when both axes have it (and in 1-D), else <c>height×width</c>.</summary>
    public static string Axes(WindowOptions window, long height, long width) =>
        window.OneD || height == width ? Invariant(width) : $"{Invariant(height)}×{Invariant(width)}";

    /// <summary>A setting as the summary names it: one value when both axes have it (and in 1-D), else <c>heightxwidth</c>, e.g. <c>s2x1</c>.</summary>
    public static string SummaryAxes(WindowOptions window, int height, int width) =>
        window.OneD || height == width ? Invariant(width) : $"{Invariant(height)}x{Invariant(width)}";

    /// <summary>The channels-last layout of a windowed layer's output, each position's channels padded to whole vectors.</summary>
    public static ImageLayout OutputImage(int[] output)
    {
        (int channels, int height, int width) = Image(output);
        return new ImageLayout(channels, height, width, Planner.RoundUp(channels));
    }

    /// <summary>True when the input is an image of the layer's rank ([channels, height, width], or [channels, length] in 1-D); otherwise reports it.</summary>
    public static bool HasImageInput(int index, LayerSpec layer, int[] input, string what, List<ShapeError> errors)
    {
        bool oneD = WindowOptions.Of(layer).OneD;
        if (input.Length == (oneD ? 2 : 3)) return true;
        errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage,
            new[] { layer.Name, Format(input), what, oneD ? "[channels, length]" : "[channels, height, width]" }));
        return false;
    }

    /// <summary>What no windowed layer accepts in its kernel, stride, dilation or padding along either axis, or null.</summary>
    public static string? Problem(LayerSpec layer)
    {
        WindowOptions w = WindowOptions.Of(layer);
        return w.KernelHeight <= 0 || w.KernelWidth <= 0 ? $"a kernel of {Text(w)}; it must be at least 1" :
            w.StrideHeight <= 0 || w.StrideWidth <= 0 ? $"stride {Axes(w, w.StrideHeight, w.StrideWidth)}; it must be at least 1" :
            w.DilationHeight <= 0 || w.DilationWidth <= 0 ? $"dilation {Axes(w, w.DilationHeight, w.DilationWidth)}; it must be at least 1" :
            w.PaddingHeight < 0 || w.PaddingWidth < 0 ? $"padding {Axes(w, w.PaddingHeight, w.PaddingWidth)}; it cannot be negative" :
            null;
    }

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

    /// <summary>Where the windows go over a valid layer's image input; null when one window is larger than the padded input along an axis, which is reported.</summary>
    public static Geometry? Cover(int index, LayerSpec layer, int[] input, List<ShapeError> errors)
    {
        WindowOptions w = WindowOptions.Of(layer);
        (int channels, int height, int width) = Image(input);
        long spanHeight = Span(w.Height), spanWidth = Span(w.Width);
        long padHeight = PaddingTotal(w, w.Height, height), padWidth = PaddingTotal(w, w.Width, width);
        if (spanHeight > height + padHeight || spanWidth > width + padWidth)
        {
            string window = w.OneD ? Invariant(spanWidth) : $"{Invariant(spanHeight)}×{Invariant(spanWidth)}";
            string padded = w.OneD ? Invariant(width + padWidth) : $"{Invariant(height + padHeight)}×{Invariant(width + padWidth)}";
            // "Same" padding always fits the window, so the padding named is the explicit one.
            errors.Add(new ShapeError(index, DiagnosticDescriptors.WindowLargerThanInput,
                new[] { layer.Name, window, Format(input), Axes(w, w.PaddingHeight, w.PaddingWidth), padded }));
            return null;
        }
        long outHeight = (height + padHeight - spanHeight) / w.StrideHeight + 1;
        long outWidth = (width + padWidth - spanWidth) / w.StrideWidth + 1;
        return new Geometry(channels, height, width, spanHeight, spanWidth, padHeight, padWidth, outHeight, outWidth);
    }

    /// <summary>True when the layer's output of <paramref name="outChannels"/> channels fits the buffer limit, laid out channels last; otherwise reports it.</summary>
    public static bool FitsOutput(int index, LayerSpec layer, Geometry geometry, int outChannels, List<ShapeError> errors)
    {
        BigInteger channelStride = BufferLimit.RoundUp(outChannels);
        string outputShape = WindowOptions.Of(layer).OneD
            ? $"{Invariant(outChannels)}, {Invariant(geometry.OutWidth)}"
            : $"{Invariant(outChannels)}, {Invariant(geometry.OutHeight)}, {Invariant(geometry.OutWidth)}";
        return Fits(index, layer, geometry.Positions * channelStride,
            $"its output [{outputShape}] laid out channels last, {Invariant(channelStride)} floats per position", errors);
    }

    /// <summary>
    /// The output shape, warning (NG0021) when windows skip real input rows or columns past the last one they read: only
    /// the zero padding after the input may be skipped silently. Rows are checked first, with the height's stride.
    /// </summary>
    public static int[] Output(int index, LayerSpec layer, int[] input, Geometry geometry, int outChannels, List<ShapeError> errors)
    {
        WindowOptions w = WindowOptions.Of(layer);
        int[] output = w.OneD
            ? new[] { outChannels, (int)geometry.OutWidth }
            : new[] { outChannels, (int)geometry.OutHeight, (int)geometry.OutWidth };
        long skippedHeight = SkippedRealRows(w, w.Height, geometry.Height, geometry.PadHeight, geometry.SpanHeight);
        long skippedWidth = SkippedRealRows(w, w.Width, geometry.Width, geometry.PadWidth, geometry.SpanWidth);
        if (skippedHeight != 0 || skippedWidth != 0)
        {
            bool rows = skippedHeight != 0;
            errors.Add(new ShapeError(index, DiagnosticDescriptors.OutputSizeNotWhole, new[]
            {
                layer.Name, Invariant(rows ? geometry.Height : geometry.Width), Invariant(rows ? geometry.SpanHeight : geometry.SpanWidth),
                Invariant(rows ? w.StrideHeight : w.StrideWidth), Invariant(rows ? skippedHeight : skippedWidth), Format(input), Format(output),
            }));
        }
        return output;
    }

    /// <summary>
    /// Real input rows (or columns) no window reads along an axis: the padded input's rows past the last window, less the
    /// padding after the input (zeros, or ignored by pooling), which holds no input.
    /// </summary>
    private static long SkippedRealRows(WindowOptions window, WindowOptions.Axis axis, long input, long padding, long span)
    {
        // A window narrower than its stride skips rows everywhere by design (ResNet's 1×1 stride-2 projection): the last
        // ones are not singled out.
        if (span < axis.Stride) return 0;
        long unread = (input + padding - span) % axis.Stride;
        long paddingAfter = padding - (window.Same ? padding / 2 : axis.Padding);
        return Math.Max(0, unread - paddingAfter);
    }
}
