using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Dropout: random masks in training, the identity at inference.</summary>
internal sealed partial class DropoutFamily : LayerFamily
{
    public static readonly DropoutFamily Instance = new();

    private DropoutFamily()
    {
    }

    /// <summary>The kind of Dropout layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Dropout = "Dropout";

    public override IReadOnlyList<string> Kinds { get; } = [Dropout];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => DropoutEmitter.EmitMembers(w, layer);

    public override string TrainingBuffers(LayerPlan layer) => $", _mask{layer.Index} = []";

    public override void EmitGrowTraining(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"_mask{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {layer.OutputStride});");

    public override bool IdentityAtInference => true;

    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        // Masks are drawn in one sequence, so dropout stays on the calling thread.
        return [new PassStep(ForwardPass.Describe(layer) + " (masks drawn in order, on this thread)", $"{layer.Identifier}Forward(ref {pass.Input}, ref {pass.Output}, ref {Mask(layer)}, batch);", null)];
    }

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        return
        [
            new PassStep($"{layer.Spec.Name}: dropout backward",
                $"{layer.Identifier}Backward(ref {pass.OutputGradient}, ref {Mask(layer)}, ref {pass.InputGradient}, batch);",
                $"{layer.Identifier}Backward(ref {pass.OutputGradientRows}, ref {ForwardPass.Rows(Mask(layer), layer.OutputStride)}, ref {pass.PartInputGradientRows}, b1 - b0);",
                pass.Needed),
        ];
    }

    private static string Mask(LayerPlan layer) => $"Data(_mask{layer.Index})";
}
