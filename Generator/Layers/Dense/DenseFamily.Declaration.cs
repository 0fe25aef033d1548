using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class DenseFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("DenseAttribute", Dense, false, "dense")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not int units) return null;
        return new LayerSpec(declared.Kind, named.Name, units, named.Activation, named.LeakySlope, named.Bias, 0);
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.DenseNeedsFlatInput, new[] { layer.Name, Format(input) }));
            return null;
        }
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveLayerSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        // The weights are [in, out rounded up to 16]; the transposed copy for backward is [out, in rounded up].
        BigInteger padded = BufferLimit.RoundUp(layer.Units);
        if (!Fits(index, layer, padded, $"its output of {Invariant(layer.Units)} units", errors)
            || !Fits(index, layer, input[0] * padded, $"its weights ({Invariant(input[0])} × {Invariant(layer.Units)})", errors)
            || !Fits(index, layer, layer.Units * BufferLimit.RoundUp(input[0]), $"its transposed weights ({Invariant(layer.Units)} × {Invariant(input[0])}) for backward", errors))
        {
            return null;
        }
        parameters += input[0] * padded + (layer.HasBias ? padded : 0);
        return new[] { layer.Units };
    }

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        PlaceWeights(layer, input.Width, Planner.RoundUp(Product(output)), null, ref parameterOffset);

    public override string SummaryType(LayerSpec layer) =>
        layer.Activation != ActivationKind.Identity ? $"Dense ({ActivationEmitter.Describe(layer)})" : "Dense";
}
