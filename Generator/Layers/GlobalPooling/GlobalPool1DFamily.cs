using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Global max and average pooling over the steps of a sequence (or the length of a 1-D image).</summary>
internal sealed partial class GlobalPool1DFamily : LayerFamily
{
    public static readonly GlobalPool1DFamily Instance = new();

    private GlobalPool1DFamily()
    {
    }

    /// <summary>The kind of GlobalMaxPool1D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string GlobalMaxPool1D = "GlobalMaxPool1D";

    /// <summary>The kind of GlobalAveragePool1D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string GlobalAveragePool1D = "GlobalAveragePool1D";

    public override IReadOnlyList<string> Kinds { get; } = [GlobalMaxPool1D, GlobalAveragePool1D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => GlobalPoolEmitter.EmitMembers(w, plan, layer);

    protected override string ForwardArguments(ForwardPass pass, bool part) => Lengths(pass.Plan, pass.Layer, pass.Lengths, part);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) =>
        [pass.Standard($"{pass.Layer.Spec.Name}: {pass.Layer.Spec.Kind} backward", Lengths(pass.Plan, pass.Layer, "_trainingLengths", part: false), Lengths(pass.Plan, pass.Layer, "_trainingLengths", part: true))];

    /// <summary>In a VariableLength network the pooling also takes the lengths of its rows (a part's from its first row).</summary>
    private static string Lengths(NetworkPlan plan, LayerPlan layer, string lengths, bool part)
    {
        if (!GlobalPoolEmitter.TakesLengths(plan, layer)) return "";
        string start = $"ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference({lengths})";
        return part ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add({start}, b0)" : $", {start}";
    }
}
