using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Windowed max and average pooling, 2-D and 1-D.</summary>
internal sealed partial class PoolingFamily : LayerFamily
{
    public static readonly PoolingFamily Instance = new();

    private PoolingFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.MaxPool2D, LayerKind.AvgPool2D];
}
