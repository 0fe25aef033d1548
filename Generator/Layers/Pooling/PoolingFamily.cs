using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Windowed max and average pooling, 2-D and 1-D.</summary>
internal sealed partial class PoolingFamily : LayerFamily
{
    public static readonly PoolingFamily Instance = new();

    private PoolingFamily()
    {
    }

    /// <summary>The kind of MaxPool2D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string MaxPool2D = "MaxPool2D";

    /// <summary>The kind of AvgPool2D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string AvgPool2D = "AvgPool2D";

    public override IReadOnlyList<string> Kinds { get; } = [MaxPool2D, AvgPool2D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => PoolEmitter.EmitMembers(w, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        string fused = layer.ReluBackwardInPool ? $", with {pass.Plan.Layers[layer.Source].Spec.Name}'s ReLU backward" : "";
        return [pass.Standard($"{layer.Spec.Name}: {layer.Spec.Kind} backward{fused}")];
    }
}
