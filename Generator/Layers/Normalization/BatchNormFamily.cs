using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Batch normalization: per feature of a vector or per channel of an image, running statistics in the state.</summary>
internal sealed partial class BatchNormFamily : LayerFamily
{
    public static readonly BatchNormFamily Instance = new();

    private BatchNormFamily()
    {
    }

    /// <summary>The kind of BatchNorm layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string BatchNorm = "BatchNorm";

    public override IReadOnlyList<string> Kinds { get; } = [BatchNorm];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => NormalizationEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        ScaleAndShift.EmitViews(w, layer);
        string id = layer.Identifier;
        int features = NormalizationEmitter.Features(layer);
        w.Line($"/// <summary>{layer.Spec.Name}'s running mean, [{features}], in <see cref=\"State\"/>.</summary>");
        w.Line($"public global::System.Span<float> {id}RunningMean => View(_state, {layer.StateOffset}, {features});");
        w.Line($"/// <summary>{layer.Spec.Name}'s running variance (unbiased), [{features}], in <see cref=\"State\"/>.</summary>");
        w.Line($"public global::System.Span<float> {id}RunningVar => View(_state, {RunningVarianceOffset(layer)}, {features});");
        w.Line();
    }

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer)
    {
        foreach (WeightTensor tensor in ScaleAndShift.Tensors(layer)) yield return tensor;
        int features = NormalizationEmitter.Features(layer);
        yield return new WeightTensor($"{layer.Spec.Name}.running_mean", $"{features}", $"Offset: {layer.StateOffset}, Stride: {features}, Transposed: false, Buffer: global::NetGen.TensorBuffer.State");
        yield return new WeightTensor($"{layer.Spec.Name}.running_var", $"{features}", $"Offset: {RunningVarianceOffset(layer)}, Stride: {features}, Transposed: false, Buffer: global::NetGen.TensorBuffer.State");
    }

    /// <summary>The running variance follows the running mean, one padded row later.</summary>
    private static int RunningVarianceOffset(LayerPlan layer) => layer.StateOffset + NormalizationEmitter.Padded(layer);

    public override void EmitFields(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"private readonly float[] _norm{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate({NormalizationEmitter.BatchNormScratchLength(layer)}); // {layer.Spec.Name}'s batch μ, σ⁻¹ (kept for backward) and work slots");

    public override void EmitInferenceFields(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"public readonly float[] Norm{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate({2 * NormalizationEmitter.Padded(layer)}); // {layer.Spec.Name}'s scale and shift from the running statistics");

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer) => ScaleAndShift.EmitInitialization(w, layer);

    public override string? InitializationNote => ScaleAndShift.InitializationNote;

    /// <summary>Running statistics as PyTorch starts them: mean 0, variance 1.</summary>
    public override void EmitStateReset(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"View(state, {RunningVarianceOffset(layer)}, {NormalizationEmitter.Features(layer)}).Fill(1f); // {layer.Spec.Name}.running_var");

    public override string? TrainingForwardNote => "normalizes batch norms with the batch's statistics (updating their running statistics)";

    /// <summary>A vector's features are normalized over the batch alone, which one sample cannot give.</summary>
    public override string? TrainingBatchCheck(LayerPlan layer) =>
        layer.InputImage is { Positions: > 1 } ? null
            : $"if (batch < 2) throw new global::System.ArgumentOutOfRangeException(nameof(batch), batch, \"{layer.Spec.Name} normalizes each feature over the batch in training, so Forward needs at least 2 samples.\");";

    /// <summary>The scale and shift the forward applies: from the running statistics in Predict's buffers, from the batch's in training.</summary>
    protected override string ForwardArguments(ForwardPass pass, bool part) =>
        pass.Inference ? $", ref Data(buffers.Norm{pass.Layer.Index})" : $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(_norm{pass.Layer.Index}), {2 * NormalizationEmitter.Padded(pass.Layer)})";

    public override IEnumerable<PassStep> PredictSteps(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        yield return new PassStep($"{layer.Spec.Name}: scale and shift from the running statistics (on this thread)", $"{layer.Identifier}InferenceScale(ref Data(buffers.Norm{layer.Index}));", null);
        foreach (PassStep step in base.PredictSteps(pass)) yield return step;
    }

    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        // The statistics need every row, so they are summed on the calling thread in one order.
        yield return new PassStep($"{layer.Spec.Name}: batch statistics, running statistics, scale and shift (on this thread)", $"{layer.Identifier}Statistics(ref {pass.Input}, batch);", null);
        foreach (PassStep step in base.ForwardSteps(pass)) yield return step;
    }

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        string id = layer.Identifier;
        return
        [
            new PassStep($"{layer.Spec.Name}: γ and β gradients and the input-gradient coefficients (sums over the batch, on this thread)",
                $"{id}GradientSums(ref {pass.Input}, ref {pass.OutputGradient}, batch);", null, pass.Needed),
            new PassStep($"{layer.Spec.Name}: input gradient",
                $"{id}InputGradient(ref {pass.Input}, ref {pass.OutputGradient}, ref {pass.InputGradient}, batch);",
                $"{id}InputGradient(ref {pass.InputRows}, ref {pass.OutputGradientRows}, ref {pass.PartInputGradientRows}, b1 - b0);",
                pass.InputGradientNeeded),
        ];
    }
}
