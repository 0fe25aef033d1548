using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class Upsample2DFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("Upsample2DAttribute", Upsample2D, false, "upsample")];

    /// <summary>The factors and mode go to <see cref="UpsampleOptions"/> (ScaleWidth 0: the height's).</summary>
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not int scale) return null;
        int width = named.Int("ScaleWidth", 0);
        return new LayerSpec(declared.Kind, named.Name, 0, ActivationKind.Identity, named.LeakySlope, false, 0,
            Options: new UpsampleOptions(scale, width == 0 ? scale : width, named.Int("Mode", 0) == 1));
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        UpsampleOptions scale = UpsampleOptions.Of(layer);
        if (input.Length != 3)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage, new[] { layer.Name, Format(input), "Upsample2D", "[channels, height, width]" }));
            return null;
        }
        if (scale.ScaleHeight <= 0 || scale.ScaleWidth <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidWindow,
                new[] { layer.Name, $"scale {Invariant(scale.ScaleHeight)}×{Invariant(scale.ScaleWidth)}; each factor must be at least 1" }));
            return null;
        }
        BigInteger height = (BigInteger)input[1] * scale.ScaleHeight, width = (BigInteger)input[2] * scale.ScaleWidth;
        string shape = $"{Invariant(input[0])}, {Invariant(height)}, {Invariant(width)}";
        if (!Fits(index, layer, height * width * BufferLimit.RoundUp(input[0]), $"its output [{shape}] laid out channels last, each position padded to 16 floats", errors)) return null;
        return new[] { input[0], (int)height, (int)width };
    }

    public override bool WorksOnImages => true;

    /// <summary>Positions keep the input's channel stride, so each output position is a copy or a blend of input positions.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        ImageLayout image = new(output[0], output[1], output[2], input.Image!.ChannelStride);
        return new LayerPlacement(image.Stride, image);
    }

    public override string SummaryType(LayerSpec layer)
    {
        UpsampleOptions scale = UpsampleOptions.Of(layer);
        string factors = scale.ScaleHeight == scale.ScaleWidth ? $"{scale.ScaleHeight}" : $"{scale.ScaleHeight}x{scale.ScaleWidth}";
        return $"Upsample2D ×{factors} {(scale.Bilinear ? "bilinear" : "nearest")}";
    }
}
