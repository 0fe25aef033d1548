using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Layer normalization over the features of a vector.</summary>
internal sealed partial class LayerNormFamily : LayerFamily
{
    public static readonly LayerNormFamily Instance = new();

    private LayerNormFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.LayerNorm];
}
