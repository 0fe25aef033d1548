using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Dropout: random masks in training, the identity at inference.</summary>
internal sealed partial class DropoutFamily : LayerFamily
{
    public static readonly DropoutFamily Instance = new();

    private DropoutFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Dropout];
}
