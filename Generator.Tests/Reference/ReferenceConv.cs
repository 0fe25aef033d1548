using System.Runtime.CompilerServices;

namespace NetGen.Tests.Reference;

/// <summary>A per-sample shape [C, H, W]; 1-D signals are [C, 1, L] and vectors [N, 1, 1].</summary>
internal readonly record struct Shape(int C, int H, int W)
{
    public int Size => C * H * W;
}

internal sealed partial record ReferenceLayer
{
    /// <summary>The per-sample input shape, as declared on [Network(...)]; put it first in a network with images.</summary>
    public static ReferenceLayer Input(params int[] shape) => new(ReferenceLayerKind.Input) { Shape = shape };

    public static ReferenceLayer Conv2D(string name, int kernel, int kernelWidth = 0, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.Conv, activation, slope, name, bias)
        {
            KernelHeight = kernel, KernelWidth = kernelWidth == 0 ? kernel : kernelWidth, Stride = stride, Padding = padding, Dilation = dilation, Same = same,
        };

    public static ReferenceLayer Conv1D(string name, int kernel, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.Conv, activation, slope, name, bias)
        {
            KernelHeight = 1, KernelWidth = kernel, Stride = stride, Padding = padding, Dilation = dilation, Same = same, OneD = true,
        };

    /// <summary>Max or average pooling; <paramref name="stride"/> 0 means the window size (as on the attributes).</summary>
    public static ReferenceLayer Pool2D(ReferenceLayerKind kind, int size, int stride = 0, int padding = 0) =>
        new(kind) { KernelHeight = size, KernelWidth = size, Stride = stride == 0 ? size : stride, Padding = padding };

    public static ReferenceLayer Pool1D(ReferenceLayerKind kind, int size, int stride = 0, int padding = 0) =>
        new(kind) { KernelHeight = 1, KernelWidth = size, Stride = stride == 0 ? size : stride, Padding = padding, OneD = true };

    public static ReferenceLayer GlobalAvgPool() => new(ReferenceLayerKind.GlobalAvgPool);
}

/// <summary>
/// Convolution and pooling of the reference, straight from PyTorch's definitions on per-sample [C, H, W]
/// tensors, with loops over every output position and window tap; zero outside the input.
/// </summary>
internal sealed partial class ReferenceNetwork
{
    /// <summary>Output size and leading (top/left) padding of one spatial dimension.</summary>
    private static (int Output, int Before) Dimension(int input, int kernel, int stride, int padding, int dilation, bool same)
    {
        int span = dilation * (kernel - 1) + 1;
        if (!same) return ((input + 2 * padding - span) / stride + 1, padding);
        int output = (input + stride - 1) / stride;
        int total = Math.Max(0, (output - 1) * stride + span - input);
        return (output, total / 2);
    }

    private static (Shape Output, int Top, int Left) Geometry(ReferenceLayer layer, Shape input, int filters)
    {
        if (layer.Kind == ReferenceLayerKind.GlobalAvgPool) return (new Shape(input.C, 1, 1), 0, 0);
        (int oh, int top) = layer.OneD ? (1, 0) : Dimension(input.H, layer.KernelHeight, layer.Stride, layer.Padding, layer.Dilation, layer.Same);
        (int ow, int left) = Dimension(input.W, layer.KernelWidth, layer.Stride, layer.Padding, layer.Dilation, layer.Same);
        return (new Shape(layer.Kind == ReferenceLayerKind.Conv ? filters : input.C, oh, ow), top, left);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the plain loops run hundreds of times in finite-difference checks
    private (double[] Output, Shape Shape) SpatialForward(ReferenceLayer layer, double[] x, Shape s, int batch)
    {
        TensorLayout? weight = null, bias = null;
        if (layer.Kind == ReferenceLayerKind.Conv)
        {
            (weight, bias) = Tensors(layer);
            Assert.Equal(s.C * layer.KernelHeight * layer.KernelWidth, weight.Columns);
        }
        (Shape o, int top, int left) = Geometry(layer, s, weight?.Rows ?? 0);
        var y = new double[batch * o.Size];
        for (int n = 0; n < batch; n++)
        {
            int xs = n * s.Size, ys = n * o.Size;
            for (int f = 0; f < o.C; f++)
            {
                for (int oh = 0; oh < o.H; oh++)
                {
                    for (int ow = 0; ow < o.W; ow++)
                    {
                        double value;
                        switch (layer.Kind)
                        {
                            case ReferenceLayerKind.Conv:
                                value = bias is null ? 0 : Parameters[bias.IndexOf(0, f)];
                                for (int c = 0; c < s.C; c++)
                                    for (int kh = 0; kh < layer.KernelHeight; kh++)
                                        for (int kw = 0; kw < layer.KernelWidth; kw++)
                                        {
                                            int h = oh * layer.Stride - top + kh * layer.Dilation, w = ow * layer.Stride - left + kw * layer.Dilation;
                                            if (h < 0 || h >= s.H || w < 0 || w >= s.W) continue;
                                            value += Parameters[weight!.IndexOf(f, (c * layer.KernelHeight + kh) * layer.KernelWidth + kw)] * x[xs + (c * s.H + h) * s.W + w];
                                        }
                                break;
                            case ReferenceLayerKind.MaxPool:
                                value = double.NegativeInfinity;
                                foreach ((int h, int w) in Window(layer, s, oh, ow, top, left)) value = Math.Max(value, x[xs + (f * s.H + h) * s.W + w]);
                                break;
                            case ReferenceLayerKind.AvgPool:
                                value = 0;
                                foreach ((int h, int w) in Window(layer, s, oh, ow, top, left)) value += x[xs + (f * s.H + h) * s.W + w];
                                value /= layer.KernelHeight * layer.KernelWidth; // padding counts (count_include_pad)
                                break;
                            default: // global average
                                value = 0;
                                for (int i = 0; i < s.H * s.W; i++) value += x[xs + f * s.H * s.W + i];
                                value /= s.H * s.W;
                                break;
                        }
                        y[ys + (f * o.H + oh) * o.W + ow] = value;
                    }
                }
            }
            if (layer.Kind == ReferenceLayerKind.Conv) Activate(layer, y.AsSpan(ys, o.Size));
        }
        return (y, o);
    }

    /// <summary>The in-bounds positions of a pooling window, in row-major window order.</summary>
    private static IEnumerable<(int H, int W)> Window(ReferenceLayer layer, Shape s, int oh, int ow, int top, int left)
    {
        for (int kh = 0; kh < layer.KernelHeight; kh++)
            for (int kw = 0; kw < layer.KernelWidth; kw++)
            {
                int h = oh * layer.Stride - top + kh, w = ow * layer.Stride - left + kw;
                if (h >= 0 && h < s.H && w >= 0 && w < s.W) yield return (h, w);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double[] SpatialBackward(ReferenceLayer layer, double[] x, Shape s, double[] y, double[] dy, int batch)
    {
        TensorLayout? weight = null, bias = null;
        if (layer.Kind == ReferenceLayerKind.Conv) (weight, bias) = Tensors(layer);
        (Shape o, int top, int left) = Geometry(layer, s, weight?.Rows ?? 0);
        var dx = new double[batch * s.Size];
        for (int n = 0; n < batch; n++)
        {
            int xs = n * s.Size, ys = n * o.Size;
            var dz = new double[o.Size];
            if (layer.Kind == ReferenceLayerKind.Conv) ActivationBackward(layer, y.AsSpan(ys, o.Size), dy.AsSpan(ys, o.Size), dz);
            else dy.AsSpan(ys, o.Size).CopyTo(dz);
            for (int f = 0; f < o.C; f++)
            {
                for (int oh = 0; oh < o.H; oh++)
                {
                    for (int ow = 0; ow < o.W; ow++)
                    {
                        double g = dz[(f * o.H + oh) * o.W + ow];
                        switch (layer.Kind)
                        {
                            case ReferenceLayerKind.Conv:
                                if (bias is not null) ParameterGradients[bias.IndexOf(0, f)] += g;
                                for (int c = 0; c < s.C; c++)
                                    for (int kh = 0; kh < layer.KernelHeight; kh++)
                                        for (int kw = 0; kw < layer.KernelWidth; kw++)
                                        {
                                            int h = oh * layer.Stride - top + kh * layer.Dilation, w = ow * layer.Stride - left + kw * layer.Dilation;
                                            if (h < 0 || h >= s.H || w < 0 || w >= s.W) continue;
                                            int wi = weight!.IndexOf(f, (c * layer.KernelHeight + kh) * layer.KernelWidth + kw), xi = xs + (c * s.H + h) * s.W + w;
                                            ParameterGradients[wi] += g * x[xi];
                                            dx[xi] += g * Parameters[wi];
                                        }
                                break;
                            case ReferenceLayerKind.MaxPool:
                                // PyTorch: the whole gradient goes to the first maximum in row-major window order.
                                int best = -1;
                                foreach ((int h, int w) in Window(layer, s, oh, ow, top, left))
                                {
                                    int xi = xs + (f * s.H + h) * s.W + w;
                                    if (best < 0 || x[xi] > x[best]) best = xi;
                                }
                                dx[best] += g;
                                break;
                            case ReferenceLayerKind.AvgPool:
                                foreach ((int h, int w) in Window(layer, s, oh, ow, top, left)) dx[xs + (f * s.H + h) * s.W + w] += g / (layer.KernelHeight * layer.KernelWidth);
                                break;
                            default:
                                for (int i = 0; i < s.H * s.W; i++) dx[xs + f * s.H * s.W + i] += g / (s.H * s.W);
                                break;
                        }
                    }
                }
            }
        }
        return dx;
    }
}
