using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>What batch and layer norm share: a scale γ and a shift β per feature (or channel), their views, tensors and initializers.</summary>
internal static class ScaleAndShift
{
    public static void EmitViews(SourceWriter w, LayerPlan layer)
    {
        string id = layer.Identifier;
        int features = NormalizationEmitter.Features(layer);
        w.Line($"/// <summary>{layer.Spec.Name}'s scale γ, [{features}] ({layer.Spec.Name}.weight).</summary>");
        w.Line($"public global::System.Span<float> {id}Weight => View(_parameters, {layer.WeightOffset}, {features});");
        w.Line($"/// <summary>Gradient of <see cref=\"{id}Weight\"/>.</summary>");
        w.Line($"public global::System.Span<float> {id}WeightGradient => View(_gradients, {layer.WeightOffset}, {features});");
        w.Line($"/// <summary>{layer.Spec.Name}'s shift β, [{features}] ({layer.Spec.Name}.bias).</summary>");
        w.Line($"public global::System.Span<float> {id}Bias => View(_parameters, {layer.BiasOffset}, {features});");
        w.Line($"/// <summary>Gradient of <see cref=\"{id}Bias\"/>.</summary>");
        w.Line($"public global::System.Span<float> {id}BiasGradient => View(_gradients, {layer.BiasOffset}, {features});");
    }

    public static IEnumerable<WeightTensor> Tensors(LayerPlan layer)
    {
        int features = NormalizationEmitter.Features(layer);
        yield return new WeightTensor($"{layer.Spec.Name}.weight", $"{features}", $"Offset: {layer.WeightOffset}, Stride: {features}, Transposed: false");
        yield return new WeightTensor($"{layer.Spec.Name}.bias", $"{features}", $"Offset: {layer.BiasOffset}, Stride: {features}, Transposed: false");
    }

    /// <summary>γ starts at one (β stays zero from the cleared buffer).</summary>
    public static void EmitInitialization(SourceWriter w, LayerPlan layer) =>
        w.Line($"View(_parameters, {layer.WeightOffset}, {NormalizationEmitter.Features(layer)}).Fill(1f); // {layer.Spec.Name}.weight");

    public const string InitializationNote = "normalization scales γ with ones and shifts β with zeros";
}
