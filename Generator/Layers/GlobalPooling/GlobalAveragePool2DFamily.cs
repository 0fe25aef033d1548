using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Global average pooling of an image: one mean per channel.</summary>
internal sealed partial class GlobalAveragePool2DFamily : LayerFamily
{
    public static readonly GlobalAveragePool2DFamily Instance = new();

    private GlobalAveragePool2DFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.GlobalAveragePool2D];
}
