using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Global max and average pooling over the steps of a sequence (or the length of a 1-D image).</summary>
internal sealed partial class GlobalPool1DFamily : LayerFamily
{
    public static readonly GlobalPool1DFamily Instance = new();

    private GlobalPool1DFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.GlobalMaxPool1D, LayerKind.GlobalAveragePool1D];
}
