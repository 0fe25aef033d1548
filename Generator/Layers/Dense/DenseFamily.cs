using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Fully connected layers: y = activation(x·W + b) over a flat input.</summary>
internal sealed partial class DenseFamily : LayerFamily
{
    public static readonly DenseFamily Instance = new();

    private DenseFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Dense];
}
