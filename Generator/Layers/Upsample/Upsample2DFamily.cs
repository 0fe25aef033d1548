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

    /// <summary>The kind of Upsample2D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Upsample2D = "Upsample2D";

    public override IReadOnlyList<string> Kinds { get; } = [Upsample2D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => Upsample2DEmitter.EmitMembers(w, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) =>
        [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Kind} backward")];
}
