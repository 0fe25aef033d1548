using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class LayerNormFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("LayerNormAttribute", LayerNorm, false, "layernorm")];

    // No activation, always a shift (β), and no running statistics, so no momentum.
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, ActivationKind.Identity, named.LeakySlope, true, 0, Epsilon: named.Float("Epsilon", 1e-5f));

    /// <summary>Layer norm takes a vector and keeps it; γ and β, one per feature (padded to 16 in the buffer).</summary>
    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.LayerNormNeedsFlatInput, new[] { layer.Name, Format(input) }));
            return null;
        }
        Normalization.CheckEpsilon(index, layer, errors);
        parameters += Normalization.Parameters(input);
        return input;
    }

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        Normalization.Place(input, output, ref parameterOffset);
}
