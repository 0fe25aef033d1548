using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class DropoutFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("DropoutAttribute", Dropout, false, "dropout")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not float rate) return null;
        return new LayerSpec(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, named.Bias, rate);
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (!(layer.Rate >= 0f && layer.Rate < 1f))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.DropoutRateOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Rate) }));
        }
        return input;
    }

    public override bool KeepsLayout(int[] input) => true;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        new(input.Stride, input.Image);

    public override bool OnlyInTraining => true;

    public override string SummaryType(LayerSpec layer) => $"Dropout ({FloatLiteral.Format(layer.Rate)})";
}
