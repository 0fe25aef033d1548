using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Flatten: an image or sequence as one vector in PyTorch's order (a rename when the input is already flat).</summary>
internal sealed partial class FlattenFamily : LayerFamily
{
    public static readonly FlattenFamily Instance = new();

    private FlattenFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Flatten];
}
