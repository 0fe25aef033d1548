using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Layer normalization over the features of a vector.</summary>
internal sealed partial class LayerNormFamily : LayerFamily
{
    public static readonly LayerNormFamily Instance = new();

    private LayerNormFamily()
    {
    }

    /// <summary>The kind of LayerNorm layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string LayerNorm = "LayerNorm";

    public override IReadOnlyList<string> Kinds { get; } = [LayerNorm];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => NormalizationEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        ScaleAndShift.EmitViews(w, layer);
        w.Line();
    }

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) => ScaleAndShift.Tensors(layer);

    public override void EmitFields(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"private readonly float[] _layerNormScratch{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate({NormalizationEmitter.Padded(layer)}); // {layer.Spec.Name}'s x̂ row for the parameter gradients");

    public override string TrainingBuffers(LayerPlan layer) => $", _layerNormStats{layer.Index} = []";

    public override void EmitGrowTraining(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"_layerNormStats{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * 2);");

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer) => ScaleAndShift.EmitInitialization(w, layer);

    public override string? InitializationNote => ScaleAndShift.InitializationNote;

    /// <summary>Training keeps each row's mean and σ⁻¹ for backward.</summary>
    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        return
        [
            new PassStep(ForwardPass.Describe(layer), $"{layer.Identifier}ForwardTraining(ref {pass.Input}, ref {pass.Output}, ref {Statistics(layer)}, batch);",
                $"{layer.Identifier}ForwardTraining(ref {pass.InputRows}, ref {pass.OutputRows}, ref {ForwardPass.Rows(Statistics(layer), 2)}, b1 - b0);"),
        ];
    }

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        string id = layer.Identifier, statistics = Statistics(layer);
        return
        [
            new PassStep($"{layer.Spec.Name}: input gradient",
                $"{id}InputGradient(ref {pass.Input}, ref {pass.OutputGradient}, ref {statistics}, ref {pass.InputGradient}, batch);",
                $"{id}InputGradient(ref {pass.InputRows}, ref {pass.OutputGradientRows}, ref {ForwardPass.Rows(statistics, 2)}, ref {pass.PartInputGradientRows}, b1 - b0);",
                pass.InputGradientNeeded),
            new PassStep($"{layer.Spec.Name}: γ and β gradients unless frozen (sums over the batch, on this thread)",
                $"{id}ParameterGradients(ref {pass.Input}, ref {pass.OutputGradient}, ref {statistics}, batch);", null, pass.Trained),
        ];
    }

    private static string Statistics(LayerPlan layer) => $"Data(_layerNormStats{layer.Index})";
}
