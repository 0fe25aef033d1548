using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Flatten: an image or sequence as one vector in PyTorch's order (a rename when the input is already flat).</summary>
internal sealed partial class FlattenFamily : LayerFamily
{
    public static readonly FlattenFamily Instance = new();

    private FlattenFamily()
    {
    }

    /// <summary>The kind of Flatten layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Flatten = "Flatten";

    public override IReadOnlyList<string> Kinds { get; } = [Flatten];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        if (layer.InputImage is not null)
        {
            ImageFlattenEmitter.EmitMembers(w, layer);
            return;
        }
        int[] sequence = SequenceLayout.InputShape(plan, layer);
        SequenceFlattenEmitter.EmitMembers(w, layer, sequence[0], sequence[1]);
    }

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) => [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Kind} backward")];
}
