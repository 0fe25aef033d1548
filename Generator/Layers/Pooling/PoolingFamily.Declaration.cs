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
        // The stride is the window size unless set.
        int stride = named.Int("Stride", 0);
        return Window.Declare(declared, named, 0, size, stride == 0 ? size : stride);
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (!Window.HasImageInput(index, layer, input, DeclaredName(layer), errors)
            || !Window.IsValid(index, layer, Window.Problem(layer) ?? Problem(layer), errors)
            || Window.Cover(index, layer, input, errors) is not { } geometry
            || !Window.FitsOutput(index, layer, geometry, geometry.Channels, errors)
            || !Fits(index, layer, (BigInteger)layer.KernelHeight * layer.KernelWidth, $"its {Window.Text(layer)} window", errors))
        {
            return null;
        }
        return Window.Output(index, layer, input, geometry, geometry.Channels, errors);
    }

    /// <summary>What pooling does not accept beyond any window's rules: padding over half the window, or "same" padding.</summary>
    private static string? Problem(LayerSpec layer) =>
        2L * layer.Padding > System.Math.Min(layer.KernelHeight, layer.KernelWidth) && !layer.OneD ? $"padding {layer.Padding} on a {Window.Text(layer)} window; padding may be at most half the window" :
        layer.OneD && 2L * layer.Padding > layer.KernelWidth ? $"padding {layer.Padding} on a window of {layer.KernelWidth}; padding may be at most half the window" :
        layer.Same ? "Same padding, which only convolutions support" :
        null;

    public override bool WorksOnImages => true;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        ImageLayout image = Window.OutputImage(output);
        return new LayerPlacement(image.Stride, image);
    }

    /// <summary>Max pooling only: only its backward is written to make use of it.</summary>
    public override bool TilesInput(LayerPlan pool)
    {
        LayerSpec s = pool.Spec;
        ImageLayout? input = pool.InputImage, output = pool.OutputImage;
        if (s.Kind != MaxPool2D || input is null || output is null || s.Padding != 0) return false;
        int windowHeight = s.OneD ? 1 : s.KernelHeight, strideHeight = s.OneD ? 1 : s.Stride;
        return windowHeight == strideHeight && s.KernelWidth == s.Stride
            && output.Height * strideHeight == input.Height && output.Width * s.Stride == input.Width;
    }

    /// <summary>The window, then stride (where not the window) and padding, e.g. <c>MaxPool2D 2x2</c>.</summary>
    public override string SummaryType(LayerSpec layer) =>
        $"{DeclaredName(layer)} {Window.SummaryText(layer)}{(layer.Stride != layer.KernelWidth ? $" s{layer.Stride}" : "")}{(layer.Padding != 0 ? $" p{layer.Padding}" : "")}";
}
