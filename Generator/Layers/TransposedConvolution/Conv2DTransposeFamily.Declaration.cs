using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class Conv2DTransposeFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("Conv2DTransposeAttribute", Conv2DTranspose, false, "deconv")];

    /// <summary>
    /// The window goes to <see cref="ConvTransposeOptions"/>, per axis: a width setting not written is the height's
    /// (KernelWidth 0 too, as on Conv2D).
    /// </summary>
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 2 || constructor[0].Value is not int filters || constructor[1].Value is not int kernel) return null;
        // A width setting not written is the height's (the attribute's getters say so too); written, it is checked as given.
        int kernelWidth = named.Int("KernelWidth", 0), stride = named.Int("Stride", 1), strideWidth = named.Int("StrideWidth", stride);
        int padding = named.Int("Padding", 0), paddingWidth = named.Int("PaddingWidth", padding);
        int outputPadding = named.Int("OutputPadding", 0), outputPaddingWidth = named.Int("OutputPaddingWidth", outputPadding);
        int dilation = named.Int("Dilation", 1), dilationWidth = named.Int("DilationWidth", dilation);
        var options = new ConvTransposeOptions(
            new ConvTransposeAxis(kernel, stride, padding, outputPadding, dilation),
            new ConvTransposeAxis(kernelWidth == 0 ? kernel : kernelWidth, strideWidth, paddingWidth, outputPaddingWidth, dilationWidth));
        return new LayerSpec(declared.Kind, named.Name, filters, named.Activation, named.LeakySlope, named.Bias, 0, Options: options);
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        ConvTransposeOptions window = ConvTransposeOptions.Of(layer);
        if (input.Length != 3)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage, new[] { layer.Name, Format(input), "Conv2DTranspose", "[channels, height, width]" }));
            return null;
        }
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveLayerSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        if (Problem(window, input) is { } problem)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidWindow, new[] { layer.Name, problem }));
            return null;
        }
        int channels = input[0], filters = layer.Units;
        // Held to the limit before padding crops it, so every row and column index of the kernels is far from int overflow.
        BigInteger fullHeight = window.Height.Output(input[1]) + 2 * (BigInteger)window.Height.Padding, fullWidth = window.Width.Output(input[2]) + 2 * (BigInteger)window.Width.Padding;
        if (!Fits(index, layer, fullHeight * fullWidth, $"its output before padding crops it ({Invariant(fullHeight)}×{Invariant(fullWidth)} positions)", errors)) return null;
        BigInteger height = window.Height.Output(input[1]), width = window.Width.Output(input[2]);
        BigInteger row = BufferLimit.RoundUp((BigInteger)window.Taps * filters);
        string shape = $"{Invariant(filters)}, {Invariant(height)}, {Invariant(width)}";
        if (!Fits(index, layer, height * width * BufferLimit.RoundUp(filters), $"its output [{shape}] laid out channels last, each position padded to 16 floats", errors)
            || !Fits(index, layer, channels * row, $"its weights ({Invariant(channels)} × {Invariant(window.Taps)}·{Invariant(filters)})", errors))
        {
            return null;
        }
        parameters += channels * row + (layer.HasBias ? BufferLimit.RoundUp(filters) : 0);
        return new[] { filters, (int)height, (int)width };
    }

    /// <summary>What PyTorch would refuse in the window, or an output without rows or columns; null when it can run.</summary>
    private static string? Problem(ConvTransposeOptions window, int[] input)
    {
        ConvTransposeAxis h = window.Height, w = window.Width;
        if (h.Kernel <= 0 || w.Kernel <= 0) return $"a kernel of {Both(h.Kernel, w.Kernel)}; it must be at least 1";
        if (h.Stride <= 0 || w.Stride <= 0) return $"stride {Both(h.Stride, w.Stride)}; it must be at least 1";
        if (h.Dilation <= 0 || w.Dilation <= 0) return $"dilation {Both(h.Dilation, w.Dilation)}; it must be at least 1";
        if (h.Padding < 0 || w.Padding < 0) return $"padding {Both(h.Padding, w.Padding)}; it cannot be negative";
        if (h.OutputPadding < 0 || w.OutputPadding < 0) return $"output padding {Both(h.OutputPadding, w.OutputPadding)}; it cannot be negative";
        foreach (ConvTransposeAxis axis in new[] { h, w })
        {
            if (axis.OutputPadding >= axis.Stride && axis.OutputPadding >= axis.Dilation)
            {
                return $"output padding {Both(h.OutputPadding, w.OutputPadding)} with stride {Both(h.Stride, w.Stride)} and dilation {Both(h.Dilation, w.Dilation)}; output padding must be smaller than the stride or the dilation (PyTorch's rule)";
            }
        }
        BigInteger height = h.Output(input[1]), width = w.Output(input[2]);
        if (height <= 0 || width <= 0)
        {
            return $"padding {Both(h.Padding, w.Padding)}, which leaves an output of {Invariant(height)}×{Invariant(width)} from input [{Format(input)}]";
        }
        return null;
    }

    /// <summary>A setting of both axes as messages name it, e.g. <c>2×1</c>.</summary>
    private static string Both(int height, int width) => $"{Invariant(height)}×{Invariant(width)}";

    /// <summary>Softmax would run over the filters of each position.</summary>
    public override bool SoftmaxOverChannels => true;

    public override bool WorksOnImages => true;

    /// <summary>Weights [C, KH·KW·F] (rows padded to 16 floats) and a bias row; the output channels last.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        int channels = input.Image!.Channels, filters = layer.Units, taps = ConvTransposeOptions.Of(layer).Taps;
        var image = new ImageLayout(filters, output[1], output[2], Planner.RoundUp(filters));
        int weightOffset = parameterOffset, biasOffset = -1, count = channels * taps * filters;
        parameterOffset += channels * Planner.RoundUp(taps * filters);
        if (layer.HasBias)
        {
            biasOffset = parameterOffset;
            parameterOffset += Planner.RoundUp(filters);
            count += filters;
        }
        return new LayerPlacement(image.Stride, image, WeightOffset: weightOffset, BiasOffset: biasOffset, ParameterCount: count);
    }

    /// <summary>The kernel, then stride, padding, output padding and dilation where not the defaults, and the activation, e.g. <c>Conv2DTranspose 4x4 s2 p1 (ReLU)</c>.</summary>
    public override string SummaryType(LayerSpec layer)
    {
        ConvTransposeOptions o = ConvTransposeOptions.Of(layer);
        string Pair(int height, int width) => height == width ? $"{height}" : $"{height}x{width}";
        var text = new System.Text.StringBuilder($"Conv2DTranspose {o.Height.Kernel}x{o.Width.Kernel}");
        if (o.Height.Stride != 1 || o.Width.Stride != 1) text.Append(" s").Append(Pair(o.Height.Stride, o.Width.Stride));
        if (o.Height.Padding != 0 || o.Width.Padding != 0) text.Append(" p").Append(Pair(o.Height.Padding, o.Width.Padding));
        if (o.Height.OutputPadding != 0 || o.Width.OutputPadding != 0) text.Append(" op").Append(Pair(o.Height.OutputPadding, o.Width.OutputPadding));
        if (o.Height.Dilation != 1 || o.Width.Dilation != 1) text.Append(" d").Append(Pair(o.Height.Dilation, o.Width.Dilation));
        if (layer.Activation != ActivationKind.Identity) text.Append(" (").Append(ActivationEmitter.Describe(layer)).Append(')');
        return text.ToString();
    }
}
