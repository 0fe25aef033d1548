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
        new("MaxPool2DAttribute", LayerKind.MaxPool2D, false, "maxpool"),
        new("MaxPool1DAttribute", LayerKind.MaxPool2D, true, "maxpool"),
        new("AvgPool2DAttribute", LayerKind.AvgPool2D, false, "avgpool"),
        new("AvgPool1DAttribute", LayerKind.AvgPool2D, true, "avgpool"),
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
        if (!Window.ReadsImage(index, layer, input, DeclaredName(layer), errors)
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
}
