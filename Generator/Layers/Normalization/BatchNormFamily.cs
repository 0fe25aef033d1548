using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Batch normalization: per feature of a vector or per channel of an image, running statistics in the state.</summary>
internal sealed partial class BatchNormFamily : LayerFamily
{
    public static readonly BatchNormFamily Instance = new();

    private BatchNormFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.BatchNorm];
}
