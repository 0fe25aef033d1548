using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Global average pooling of an image: one mean per channel.</summary>
internal sealed partial class GlobalAveragePool2DFamily : LayerFamily
{
    public static readonly GlobalAveragePool2DFamily Instance = new();

    private GlobalAveragePool2DFamily()
    {
    }

    /// <summary>The kind of GlobalAveragePool2D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string GlobalAveragePool2D = "GlobalAveragePool2D";

    public override IReadOnlyList<string> Kinds { get; } = [GlobalAveragePool2D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => GlobalAveragePool2DEmitter.EmitMembers(w, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) => [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Kind} backward")];
}
