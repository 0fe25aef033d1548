using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Recurrent layers (Elman RNN, LSTM, GRU), one or two directions, with optional carried state.</summary>
internal sealed partial class RecurrentFamily : LayerFamily
{
    public static readonly RecurrentFamily Instance = new();

    private RecurrentFamily()
    {
    }

    /// <summary>The kind of SimpleRNN layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string SimpleRNN = "SimpleRNN";

    /// <summary>The kind of LSTM layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string LSTM = "LSTM";

    /// <summary>The kind of GRU layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string GRU = "GRU";

    public override IReadOnlyList<string> Kinds { get; } = [SimpleRNN, LSTM, GRU];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitMembers(w, RecurrentPlan.Of(plan, layer));

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitParameterViews(w, RecurrentPlan.Of(plan, layer));

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) =>
        RecurrentEmitter.Tensors(RecurrentPlan.Of(plan, layer)).Select(tensor => new WeightTensor(tensor.Name, tensor.Shape, tensor.Layout));

    public override void EmitTrainingFields(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitFields(w, RecurrentPlan.Of(plan, layer));

    public override void EmitGrowTraining(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitGrowTraining(w, RecurrentPlan.Of(plan, layer));

    public override void EmitInferenceFields(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitInferenceFields(w, RecurrentPlan.Of(plan, layer));

    public override void EmitGrowInference(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitGrowInference(w, RecurrentPlan.Of(plan, layer));

    public override long MaxFloatsPerSample(NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.MaxFloatsPerSample(RecurrentPlan.Of(plan, layer));

    public override long ForwardFlops(NetworkPlan plan, LayerPlan layer) => RecurrentPlan.Of(plan, layer).ForwardFlops;

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitInitialization(w, RecurrentPlan.Of(plan, layer));

    public override bool CarriesState(NetworkPlan plan, LayerPlan layer) => RecurrentPlan.Of(plan, layer).Directions.Any(r => r.State);

    public override void EmitPredictStart(SourceWriter w, NetworkPlan plan, LayerPlan layer) => RecurrentEmitter.EmitEnsureStates(w, RecurrentPlan.Of(plan, layer));

    // A recurrent layer indexes its own per-sample scratch, so it takes whole buffers and a sample range.
    public override IEnumerable<PassStep> PredictSteps(ForwardPass pass)
    {
        string id = pass.Layer.Identifier;
        return [new PassStep(ForwardPass.Describe(pass.Layer), $"{id}Predict(ref {pass.Input}, ref {pass.Output}, 0, batch, buffers);", $"{id}Predict(ref {pass.Input}, ref {pass.Output}, b0, b1, buffers);")];
    }

    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass)
    {
        string id = pass.Layer.Identifier;
        return [new PassStep(ForwardPass.Describe(pass.Layer), $"{id}Forward(ref {pass.Input}, ref {pass.Output}, 0, batch);", $"{id}Forward(ref {pass.Input}, ref {pass.Output}, b0, b1);")];
    }

    public override void EmitBackwardStart(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"if ({FreezeEmitter.BackwardNeeded(plan, layer)}) {layer.Identifier}TransposeWeights();");

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        string id = layer.Identifier;
        return
        [
            new PassStep($"{layer.Spec.Name}: backward through time, and the input gradient when needed",
                $"{id}Backward(ref {pass.OutputGradient}, ref {pass.InputGradient}, 0, batch, {pass.InputGradientNeeded});",
                $"{id}Backward(ref {pass.OutputGradient}, ref {pass.PartInputGradient}, b0, b1, {pass.PartInputGradientNeeded});",
                pass.Needed),
            new PassStep($"{layer.Spec.Name}: weight and bias gradients unless frozen",
                $"{id}WeightGradients(ref {pass.Input}, batch, 0, 1);",
                $"{id}WeightGradients(ref {pass.Input}, batch, part, parts);",
                pass.Trained),
        ];
    }
}
