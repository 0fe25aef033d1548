using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class ConvolutionFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } =
    [
        new("Conv2DAttribute", Conv2D, false, "conv"),
        new("Conv1DAttribute", Conv2D, true, "conv"),
    ];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 2 || constructor[0].Value is not int filters || constructor[1].Value is not int kernel) return null;
        int stride = named.Int("Stride", 1);
        return Window.Declare(declared, named, filters, kernel, stride, named.Int("StrideWidth", stride));
    }

    protected override bool IsOneD(LayerSpec layer) => WindowOptions.Of(layer).OneD;

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        WindowOptions window = WindowOptions.Of(layer);
        if (!Window.HasImageInput(index, layer, input, DeclaredName(layer), errors)) return null;
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveLayerSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        if (!Window.IsValid(index, layer, Window.Problem(layer), errors) || Window.Cover(index, layer, input, errors) is not { } geometry
            || !Window.FitsOutput(index, layer, geometry, layer.Units, errors))
        {
            return null;
        }
        // Weights [K, filters padded] with K = C·KH·KW, their transpose [filters, K padded], and the unfolded patches [positions, K padded].
        int filters = layer.Units;
        BigInteger k = (BigInteger)geometry.Channels * window.KernelHeight * window.KernelWidth, channelStride = BufferLimit.RoundUp(filters);
        if (!Fits(index, layer, k * channelStride, $"its weights ({Invariant(k)} × {Invariant(filters)})", errors)
            || !Fits(index, layer, filters * BufferLimit.RoundUp(k), $"its transposed weights ({Invariant(filters)} × {Invariant(k)}) for backward", errors)
            || !Fits(index, layer, geometry.Positions * BufferLimit.RoundUp(k), $"its unfolded input ({Invariant(geometry.Positions)} positions × {Invariant(k)})", errors))
        {
            return null;
        }
        parameters += k * channelStride + (layer.HasBias ? channelStride : 0);
        return Window.Output(index, layer, input, geometry, filters, errors);
    }

    /// <summary>Softmax would run over the filters of each position.</summary>
    public override bool SoftmaxOverChannels => true;

    public override bool WorksOnImages => true;

    /// <summary>A padding convolution's zero-bordered copy of its input.</summary>
    public override bool FitsWorkBuffers(int index, LayerSpec layer, int[] input, int[] output, int? channelStride, List<ShapeError> errors)
    {
        (int channels, int height, int width) = Image(input);
        (_, int outHeight, int outWidth) = Image(output);
        return Window.PaddedInput(layer, height, width, outHeight, outWidth) is not { } padded || Fits(index, layer,
            (BigInteger)padded.Height * padded.Width * (channelStride ?? Planner.RoundUp(channels)),
            $"its input zero-padded to {Invariant(padded.Height)}×{Invariant(padded.Width)} positions", errors);
    }

    /// <summary>Weights [C·KH·KW, filters padded] and a bias row; the output channels last.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        ImageLayout image = Window.OutputImage(output);
        WindowOptions window = WindowOptions.Of(layer);
        return PlaceWeights(layer, input.Image!.Channels * window.KernelHeight * window.KernelWidth, image.Stride, image, ref parameterOffset);
    }

    public override bool ReadsInputUnpadded => true;

    public override bool LendsReluBackward => true;

    /// <summary>
    /// The window, then stride, padding and dilation where not the defaults (one value, or height x width where the axes
    /// differ), and the activation, e.g. <c>Conv2D 3x3 s2 (ReLU)</c>, <c>Conv2D 3x3 s2x1 p1x2</c>.
    /// </summary>
    public override string SummaryType(LayerSpec layer)
    {
        WindowOptions w = WindowOptions.Of(layer);
        string stride = w.StrideHeight != 1 || w.StrideWidth != 1 ? $" s{Window.SummaryAxes(w, w.StrideHeight, w.StrideWidth)}" : "";
        string padding = w.Same ? " same" : w.PaddingHeight != 0 || w.PaddingWidth != 0 ? $" p{Window.SummaryAxes(w, w.PaddingHeight, w.PaddingWidth)}" : "";
        string dilation = w.DilationHeight != 1 || w.DilationWidth != 1 ? $" d{Window.SummaryAxes(w, w.DilationHeight, w.DilationWidth)}" : "";
        string activation = layer.Activation != ActivationKind.Identity ? $" ({ActivationEmitter.Describe(layer)})" : "";
        return $"{DeclaredName(layer)} {Window.SummaryText(w)}{stride}{padding}{dilation}{activation}";
    }
}
