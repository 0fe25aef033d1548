using System.Collections.Generic;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// A stand-alone activation, element-wise on any shape (Softmax on a vector): what follows a layer without an
/// activation of its own, e.g. ReLU after a batch norm. Output layout is the input's.
/// </summary>
internal sealed partial class ActivationFamily : LayerFamily
{
    public static readonly ActivationFamily Instance = new();

    private ActivationFamily()
    {
    }

    /// <summary>The kind of Activation layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Activation = "Activation";

    public override IReadOnlyList<string> Kinds { get; } = [Activation];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => ActivationLayerEmitter.EmitMembers(w, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) =>
        [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Activation} backward")];
}
