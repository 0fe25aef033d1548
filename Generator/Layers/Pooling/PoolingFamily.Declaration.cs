using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class PoolingFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } =
    [
        new("MaxPool2DAttribute", MaxPool2D, false, "maxpool"),
        new("MaxPool1DAttribute", MaxPool2D, true, "maxpool"),
        new("AvgPool2DAttribute", AvgPool2D, false, "avgpool"),
        new("AvgPool1DAttribute", AvgPool2D, true, "avgpool"),
    ];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not int size) return null;
        // A stride of 0 is the window size; the width's, unless set, is the height's.
        int stride = named.Int("Stride", 0), strideWidth = named.Int("StrideWidth", stride);
        return Window.Declare(declared, named, 0, size, stride == 0 ? size : stride, strideWidth == 0 ? size : strideWidth);
    }

    protected override bool IsOneD(LayerSpec layer) => WindowOptions.Of(layer).OneD;

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        WindowOptions window = WindowOptions.Of(layer);
        if (!Window.HasImageInput(index, layer, input, DeclaredName(layer), errors)
            || !Window.IsValid(index, layer, Window.Problem(layer) ?? Problem(layer), errors)
            || Window.Cover(index, layer, input, errors) is not { } geometry
            || !Window.FitsOutput(index, layer, geometry, geometry.Channels, errors)
            || !Fits(index, layer, (BigInteger)window.KernelHeight * window.KernelWidth, $"its {Window.Text(window)} window", errors))
        {
            return null;
        }
        return Window.Output(index, layer, input, geometry, geometry.Channels, errors);
    }

    /// <summary>What pooling does not accept beyond any window's rules: padding over half the window along an axis (as PyTorch), or "same" padding.</summary>
    private static string? Problem(LayerSpec layer)
    {
        WindowOptions w = WindowOptions.Of(layer);
        string window = w.OneD ? $"a window of {w.KernelWidth}" : $"a {Window.Text(w)} window";
        return 2L * w.PaddingHeight > w.KernelHeight || 2L * w.PaddingWidth > w.KernelWidth
                ? $"padding {Window.Axes(w, w.PaddingHeight, w.PaddingWidth)} on {window}; padding may be at most half the window" :
            w.Same ? "Same padding, which only convolutions support" :
            null;
    }

    public override bool WorksOnImages => true;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        ImageLayout image = Window.OutputImage(output);
        return new LayerPlacement(image.Stride, image);
    }

    /// <summary>Max pooling only: only its backward is written to make use of it.</summary>
    public override bool TilesInput(LayerPlan pool)
    {
        WindowOptions s = WindowOptions.Of(pool.Spec);
        ImageLayout? input = pool.InputImage, output = pool.OutputImage;
        if (pool.Spec.Kind != MaxPool2D || input is null || output is null || s.PaddingHeight != 0 || s.PaddingWidth != 0) return false;
        return s.KernelHeight == s.StrideHeight && s.KernelWidth == s.StrideWidth
            && output.Height * s.StrideHeight == input.Height && output.Width * s.StrideWidth == input.Width;
    }

    /// <summary>The window, then stride (where not the window) and padding, one value or height x width, e.g. <c>MaxPool2D 2x2</c>, <c>MaxPool2D 3x3 s2x1 p1x0</c>.</summary>
    public override string SummaryType(LayerSpec layer)
    {
        WindowOptions w = WindowOptions.Of(layer);
        string stride = w.StrideHeight != w.KernelHeight || w.StrideWidth != w.KernelWidth ? $" s{Window.SummaryAxes(w, w.StrideHeight, w.StrideWidth)}" : "";
        string padding = w.PaddingHeight != 0 || w.PaddingWidth != 0 ? $" p{Window.SummaryAxes(w, w.PaddingHeight, w.PaddingWidth)}" : "";
        return $"{DeclaredName(layer)} {Window.SummaryText(w)}{stride}{padding}";
    }
}
