using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class EmbeddingFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("EmbeddingAttribute", Embedding, false, "embedding")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 2 || constructor[0].Value is not int vocabulary || constructor[1].Value is not int dimension) return null;
        return new LayerSpec(declared.Kind, named.Name, dimension, named.Activation, named.LeakySlope, named.Bias, 0,
            Vocabulary: vocabulary, PaddingIndex: named.Int("PaddingIndex", -1));
    }

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (index > 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EmbeddingNotFirst, new[] { layer.Name, layers[index - 1].Name }));
            return null;
        }
        if (layer.Vocabulary <= 0 || layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.InvalidEmbeddingSize, new[] { layer.Name, Invariant(layer.Vocabulary), Invariant(layer.Units) }));
            return null;
        }
        if (layer.PaddingIndex < -1 || layer.PaddingIndex >= layer.Vocabulary)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.PaddingIndexOutOfRange, new[] { layer.Name, Invariant(layer.PaddingIndex), Invariant(layer.Vocabulary) }));
            return null;
        }
        if (input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EmbeddingInputNotTokens, new[] { layer.Name, Format(input) }));
            return null;
        }
        BigInteger padded = BufferLimit.RoundUp(layer.Units);
        if (!Fits(index, layer, layer.Vocabulary * padded, $"its table ({Invariant(layer.Vocabulary)} × {Invariant(layer.Units)})", errors)
            || !Fits(index, layer, input[0] * padded, $"its output [{Invariant(input[0])}, {Invariant(layer.Units)}], rows padded to 16 floats", errors))
        {
            return null;
        }
        parameters += layer.Vocabulary * padded;
        return new[] { input[0], layer.Units };
    }

    public override bool WorksOnSequences => true;

    /// <summary>The table [vocabulary, dimension padded]; the output one padded row per token.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        int start = parameterOffset, padded = Planner.RoundUp(layer.Units);
        parameterOffset += layer.Vocabulary * padded;
        return new LayerPlacement(input.Shape[0] * padded, WeightOffset: start, ParameterCount: layer.Vocabulary * layer.Units);
    }
}
