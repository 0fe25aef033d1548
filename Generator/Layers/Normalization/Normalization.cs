using System.Collections.Generic;
using System.Numerics;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>What batch and layer normalization share: ε, and a scale γ and a shift β per feature or channel.</summary>
internal static class Normalization
{
    /// <summary>Reports an ε that is not a positive finite number.</summary>
    public static void CheckEpsilon(int index, LayerSpec layer, List<ShapeError> errors)
    {
        if (!(layer.Epsilon > 0f) || float.IsInfinity(layer.Epsilon))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.EpsilonOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Epsilon) }));
        }
    }

    /// <summary>γ and β in the parameter buffer, each padded to whole vectors: one per feature of a vector, or per channel of an image.</summary>
    public static BigInteger Parameters(int[] input) => 2 * BufferLimit.RoundUp(input[0]);

    /// <summary>The features normalized: the channels of an image input, else the input's floats.</summary>
    public static int Features(LayerInput input) => input.Image?.Channels ?? input.Width;

    /// <summary>
    /// Same layout out as in (a flat output padded to whole vectors); γ and β, one per feature or channel, placed at
    /// <paramref name="offset"/>, which moves past them.
    /// </summary>
    public static LayerPlacement Place(LayerInput input, int[] output, ref int offset)
    {
        int features = Features(input), padded = Planner.RoundUp(features);
        var placement = new LayerPlacement(input.Image is null ? Planner.RoundUp(ShapeInference.Product(output)) : input.Stride, input.Image,
            WeightOffset: offset, BiasOffset: offset + padded, ParameterCount: 2 * features);
        offset += 2 * padded;
        return placement;
    }
}
