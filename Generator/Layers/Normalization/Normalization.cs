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
}
