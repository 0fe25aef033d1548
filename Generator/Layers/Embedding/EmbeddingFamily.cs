using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Embedding tables: token ids in, one learned vector per step out.</summary>
internal sealed partial class EmbeddingFamily : LayerFamily
{
    public static readonly EmbeddingFamily Instance = new();

    private EmbeddingFamily()
    {
    }

    /// <summary>The kind of Embedding layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Embedding = "Embedding";

    public override IReadOnlyList<string> Kinds { get; } = [Embedding];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => EmbeddingEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer) => EmbeddingEmitter.EmitParameterView(w, layer);

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) =>
        [new WeightTensor($"{layer.Spec.Name}.weight", $"{layer.Spec.Vocabulary}, {layer.Spec.Units}", $"Offset: {layer.WeightOffset}, Stride: {EmbeddingEmitter.Padded(layer)}, Transposed: false")];

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer) => EmbeddingEmitter.EmitInitialization(w, layer);

    public override bool ReadsTokens => true;

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        return
        [
            new PassStep($"{layer.Spec.Name}: table gradient unless frozen",
                $"{layer.Identifier}Gradients(ref {pass.Input}, ref {pass.OutputGradient}, batch, 0, 1);",
                $"{layer.Identifier}Gradients(ref {pass.Input}, ref {pass.OutputGradient}, batch, part, parts);",
                pass.Trained),
        ];
    }
}
