using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class GlobalAveragePool2DFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } =
        [new("GlobalAveragePool2DAttribute", GlobalAveragePool2D, false, "globalavgpool")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, named.Bias, 0);

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        if (input.Length != 3)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SpatialLayerNeedsImage,
                new[] { layers[index].Name, Format(input), "GlobalAveragePool2D", "[channels, height, width]" }));
            return null;
        }
        return new[] { input[0] };
    }

    public override bool WorksOnImages => true;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        new(Planner.RoundUp(Product(output)));

    public override string SummaryType(LayerSpec layer) => "GlobalAvgPool2D";
}
