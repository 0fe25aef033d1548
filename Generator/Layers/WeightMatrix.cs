using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// What Dense layers and convolutions share: a weight matrix [rows, filters padded to 16] (input-major) with an
/// optional bias in the parameter buffer, its views, initializers, weight-file tensors and backward steps.
/// </summary>
internal static class WeightMatrix
{
    public static void EmitViews(SourceWriter w, LayerPlan layer, int rows, string fileShape)
    {
        string n = layer.Identifier;
        int filters = layer.Spec.Units, padded = Planner.RoundUp(filters);
        int weightLength = rows * padded;
        string padding = padded > filters ? $"; columns {filters}..{padded - 1} are zero padding" : "";
        w.Line($"/// <summary>{layer.Spec.Name}'s weights as [{rows} inputs, {padded}] (input-major{padding}). Weight files hold the transpose, [{fileShape}].</summary>");
        w.Line($"public global::System.Span<float> {n}Weight => View(_parameters, {layer.WeightOffset}, {weightLength});");
        w.Line($"/// <summary>Gradient of <see cref=\"{n}Weight\"/>.</summary>");
        w.Line($"public global::System.Span<float> {n}WeightGradient => View(_gradients, {layer.WeightOffset}, {weightLength});");
        EmitBiasViews(w, layer);
        w.Line();
    }

    /// <summary>The bias view and its gradient's, [filters], of a layer with a bias.</summary>
    public static void EmitBiasViews(SourceWriter w, LayerPlan layer)
    {
        if (!layer.Spec.HasBias) return;
        string n = layer.Identifier;
        int filters = layer.Spec.Units;
        w.Line($"/// <summary>{layer.Spec.Name}'s bias, [{filters}].</summary>");
        w.Line($"public global::System.Span<float> {n}Bias => View(_parameters, {layer.BiasOffset}, {filters});");
        w.Line($"/// <summary>Gradient of <see cref=\"{n}Bias\"/>.</summary>");
        w.Line($"public global::System.Span<float> {n}BiasGradient => View(_gradients, {layer.BiasOffset}, {filters});");
    }

    /// <summary>He-uniform before ReLU-family activations, Glorot-uniform otherwise, row by row (biases stay zero).</summary>
    /// <remarks>PyTorch's fans: a convolution's weight rows are inputs × kernel taps, its outputs filters × taps.</remarks>
    public static void EmitInitialization(SourceWriter w, LayerPlan layer, int fanIn, int fanOut)
    {
        bool he = layer.Spec.Activation is ActivationKind.ReLU or ActivationKind.LeakyReLU;
        string init = he
            ? $"global::NetGen.Initializers.HeUniform(row, {fanIn}, random)"
            : $"global::NetGen.Initializers.GlorotUniform(row, {fanIn}, {fanOut}, random)";
        using (w.Open($"for (int k = 0; k < {fanIn}; k++)"))
        {
            w.Line($"global::System.Span<float> row = View(_parameters, {layer.WeightOffset} + k * {Planner.RoundUp(layer.Spec.Units)}, {layer.Spec.Units});");
            w.Line(init + ";");
        }
    }

    /// <summary>The weight (stored transposed with respect to the file) and the bias.</summary>
    public static IEnumerable<WeightTensor> Tensors(LayerPlan layer, string fileShape, string extraLayout = "")
    {
        string name = layer.Spec.Name;
        yield return new WeightTensor($"{name}.weight", fileShape, $"Offset: {layer.WeightOffset}, Stride: {Planner.RoundUp(layer.Spec.Units)}, Transposed: true{extraLayout}");
        if (layer.Spec.HasBias)
        {
            yield return new WeightTensor($"{name}.bias", $"{layer.Spec.Units}", $"Offset: {layer.BiasOffset}, Stride: {layer.Spec.Units}, Transposed: false");
        }
    }

    /// <summary>The input gradient multiplies by Wᵀ, made once per Backward that needs it.</summary>
    public static void EmitBackwardStart(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"if ({FreezeEmitter.InputGradientNeeded(plan, layer, "wantInput")}) {layer.Identifier}TransposeWeights();");

    /// <summary>The activation's backward (unless fused elsewhere), then weight, bias and input gradients in one call.</summary>
    public static IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        if (ActivationEmitter.HasLayerBackward(layer))
        {
            yield return new PassStep($"{layer.Spec.Name}: {layer.Spec.Activation} backward",
                $"{layer.Identifier}ActivationBackward(ref {pass.Output}, ref {pass.OutputGradient}, batch);",
                $"{layer.Identifier}ActivationBackward(ref {pass.OutputRows}, ref {pass.OutputGradientRows}, b1 - b0);",
                pass.Needed);
        }
        yield return new PassStep($"{layer.Spec.Name}: weight and bias gradients unless frozen, input gradient when needed",
            $"{layer.Identifier}Gradients(ref {pass.Input}, ref {pass.OutputGradient}, ref {pass.InputGradient}, batch, 0, 1, {pass.InputGradientNeeded}, {pass.Trained});",
            $"{layer.Identifier}Gradients(ref {pass.Input}, ref {pass.OutputGradient}, ref {pass.PartInputGradient}, batch, part, parts, {pass.PartInputGradientNeeded}, {pass.Trained});",
            pass.Needed);
    }
}
