using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Upsampling of a channels-last image by whole factors, nearest or bilinear, as PyTorch's <c>nn.Upsample</c>.</summary>
internal sealed partial class Upsample2DFamily : LayerFamily
{
    public static readonly Upsample2DFamily Instance = new();

    private Upsample2DFamily()
    {
    }

    public override IReadOnlyList<LayerKind> Kinds { get; } = [LayerKind.Upsample2D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => Upsample2DEmitter.EmitMembers(w, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) =>
        [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Kind} backward")];
}
