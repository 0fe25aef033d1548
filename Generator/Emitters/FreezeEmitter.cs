using System.Linq;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>
/// Freezing layers by name, for transfer learning: which layers' parameters are trained, the slices an
/// optimizer steps over, and the conditions under which Backward still does a layer's work. A frozen layer
/// gets no parameter gradient; a layer's input gradient is computed only when a trainable layer lies below
/// it or the caller asked for the network's input gradient, so a frozen base costs no backward work at all.
/// </summary>
internal static class FreezeEmitter
{
    public static void EmitMembers(SourceWriter w, NetworkPlan plan)
    {
        LayerPlan[] layers = plan.Layers.Where(l => l.HasParameters).ToArray();
        string names = string.Join(", ", layers.Select(l => l.Spec.Name));
        w.Line("// ---- freezing ----");
        w.Line();
        w.Line($"/// <summary>The slice of <see cref=\"Parameters\"/> each layer with parameters owns, in buffer order: {(layers.Length == 0 ? "none" : names)}.</summary>");
        w.Line($"private static readonly global::NetGen.ParameterRange[] s_layerRanges = [{string.Join(", ", layers.Select(l => $"new({l.ParameterStart}, {l.ParameterEnd - l.ParameterStart})"))}];");
        w.Line("private readonly bool[] _frozen = new bool[" + layers.Length + "];");
        w.Line(layers.Length == 0
            ? "private global::NetGen.ParameterRange[] _trainable = [];"
            : "private global::NetGen.ParameterRange[] _trainable = [new(0, ParameterBufferLength)];");
        bool tracksLowest = plan.Layers.Any(l => l.HasBuffer && !UpToInput(plan, l));
        if (tracksLowest)
        {
            w.Line("/// <summary>Index of the lowest layer that is trained: below it Backward computes nothing unless the input gradient is asked for.</summary>");
            w.Line($"private int _lowestTrainable = {layers[0].Index.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
        }
        w.Line();
        w.Line("/// <summary>The slices of <see cref=\"Parameters\"/> that optimizers update: all of them unless layers are frozen.</summary>");
        w.Line("public global::System.ReadOnlySpan<global::NetGen.ParameterRange> TrainableRanges => _trainable;");
        w.Line();
        w.Line($"/// <summary>Freezes or unfreezes a layer's parameters by name ({(layers.Length == 0 ? "this network has none" : names)}): frozen parameters get no gradient and no update from <see cref=\"global::NetGen.Optimizer.Step(global::NetGen.ITrainableNetwork)\"/>.</summary>");
        using (w.Open("public void SetFrozen(string layer, bool frozen)"))
        {
            w.Line("int index = LayerWithParameters(layer);");
            w.Line("EnterExclusive(nameof(SetFrozen));");
            w.Line("_frozen[index] = frozen;");
            w.Line("_trainable = global::NetGen.ParameterRange.Trainable(s_layerRanges, _frozen);");
            if (tracksLowest) w.Line($"_lowestTrainable = {LowestTrainable(layers)};");
            w.Line("ExitExclusive();");
        }
        w.Line();
        w.Line("/// <summary>Whether a layer's parameters are frozen (see <see cref=\"SetFrozen\"/>).</summary>");
        w.Line("public bool IsFrozen(string layer) => _frozen[LayerWithParameters(layer)];");
        w.Line();
        w.Line("/// <summary>The position of a layer with parameters in <see cref=\"s_layerRanges\"/>, by its name.</summary>");
        w.Line("private static int LayerWithParameters(string layer) => layer switch");
        w.Line("{");
        w.Indent();
        for (int i = 0; i < layers.Length; i++) w.Line($"\"{layers[i].Spec.Name}\" => {i},");
        string known = layers.Length == 0 ? "it has none" : "layers with parameters: " + names;
        w.Line($"_ => throw new global::System.ArgumentException($\"{plan.Spec.ClassName} has no layer named '{{layer}}' with parameters; {known}.\", nameof(layer)),");
        w.Unindent();
        w.Line("};");
        w.Line();
    }

    /// <summary>The position of <paramref name="layer"/> among the layers with parameters.</summary>
    public static int Ordinal(NetworkPlan plan, LayerPlan layer) => plan.Layers.Count(l => l.HasParameters && l.Index < layer.Index);

    /// <summary>Whether the layer's parameters get gradients: <c>!_frozen[j]</c>.</summary>
    public static string Trained(NetworkPlan plan, LayerPlan layer) => $"!_frozen[{Ordinal(plan, layer)}]";

    /// <summary>
    /// When the layer's input gradient is needed: for the network input only when asked for; above, when the
    /// caller asked for the input gradient or a trainable layer lies below. <paramref name="asked"/> is the
    /// expression that says whether the caller asked.
    /// </summary>
    public static string InputGradientNeeded(NetworkPlan plan, LayerPlan layer, string asked) =>
        UpToInput(plan, layer) ? asked : $"{asked} || _lowestTrainable < {layer.Index}";

    /// <summary>When the gradient of one input of the layer (the one <paramref name="source"/> holds; -1: the network input) is needed.</summary>
    public static string InputGradientNeeded(NetworkPlan plan, LayerPlan layer, int source, string asked) =>
        source < 0 || !ParametersBelow(plan, layer) ? asked : $"{asked} || _lowestTrainable < {layer.Index}";

    /// <summary>Whether nothing with parameters lies between the layer and the network input, so only the caller needs its input gradient.</summary>
    private static bool UpToInput(NetworkPlan plan, LayerPlan layer) => layer.Sources.All(source => source < 0) || !ParametersBelow(plan, layer);

    private static bool ParametersBelow(NetworkPlan plan, LayerPlan layer) => plan.Layers.Any(l => l.HasParameters && l.Index < layer.Index);

    /// <summary>When the layer's backward runs at all: it trains its own parameters or passes the gradient down.</summary>
    public static string BackwardNeeded(NetworkPlan plan, LayerPlan layer)
    {
        string down = InputGradientNeeded(plan, layer, "wantInput");
        return layer.HasParameters ? $"{Trained(plan, layer)} || {down}" : down;
    }

    /// <summary>A chain of conditionals giving the index of the lowest unfrozen layer, or int.MaxValue.</summary>
    private static string LowestTrainable(LayerPlan[] layers)
    {
        var chain = new System.Text.StringBuilder();
        for (int i = 0; i < layers.Length; i++) chain.Append($"!_frozen[{i}] ? {layers[i].Index} : ");
        return chain.Append("int.MaxValue").ToString();
    }
}
