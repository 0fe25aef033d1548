using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>Convolutions, 2-D and 1-D (a 1-D one is a 2-D one whose window is one row high), unfolded into matrix products or direct.</summary>
internal sealed partial class ConvolutionFamily : LayerFamily
{
    public static readonly ConvolutionFamily Instance = new();

    private ConvolutionFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Conv2D];
}
