using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>
/// How sequences sit in buffers: per sample, <c>steps</c> rows of features, each row padded to a multiple of
/// 16 floats like a Dense output (so every step starts on a whole vector); the network input [steps, features]
/// is read as given, rows unpadded.
/// </summary>
internal static class SequenceLayout
{
    /// <summary>Whether a buffer of this rank, real width and stride is a sequence whose rows are padded (so flattening it is a copy).</summary>
    public static bool IsPaddedSequence(int rank, int width, int stride) => rank == 2 && stride != width;

    /// <summary>The shape a layer reads (its first input's): the network input's, or an earlier layer's output shape.</summary>
    public static int[] InputShape(NetworkPlan plan, LayerPlan layer) => layer.Inputs[0].Shape;

    /// <summary>The steps and padded row stride of a layer's output when it is a sequence whose rows are padded, else null.</summary>
    public static (int Steps, int Features, int RowStride)? PaddedOutput(LayerPlan layer) =>
        layer.OutputImage is null && IsPaddedSequence(layer.OutputShape.Length, layer.OutputWidth, layer.OutputStride)
            ? (layer.OutputShape[0], layer.OutputShape[1], layer.OutputStride / layer.OutputShape[0])
            : null;
}

/// <summary>
/// A recurrent layer's sizes and parameter slices. The G gate blocks (1, 4 or 3 of <c>hidden</c> each) are stacked
/// unpadded, as PyTorch stacks them, into GH = G·hidden columns, padded as a whole to GHp: W_ih is [features, GHp]
/// and W_hh [hidden, GHp] (input-major, the transpose of PyTorch's [GH, features] and [GH, hidden]), so the input
/// projection of every step and each step's recurrent product are row-broadcast matrix products; b_ih and b_hh are [GHp].
/// </summary>
internal sealed record RecurrentPlan(LayerPlan Layer, int Steps, int Features, int InputRowStride, bool VariableLength, bool Reverse = false)
{
    public static RecurrentPlan Of(NetworkPlan plan, LayerPlan layer)
    {
        int[] input = SequenceLayout.InputShape(plan, layer);
        return new RecurrentPlan(layer, input[0], input[1], layer.InputStride / input[0], plan.Spec.VariableLength);
    }

    public LayerSpec Spec => Layer.Spec;

    /// <summary>Whether the layer has a reverse-direction cell; each direction is then planned on its own (<see cref="Directions"/>).</summary>
    public bool Bidirectional => Layer.Spec.Bidirectional;

    /// <summary>The cells of the layer: itself, or its Direct and Reverse directions when bidirectional.</summary>
    public RecurrentPlan[] Directions => Bidirectional ? new[] { this with { Reverse = false }, this with { Reverse = true } } : new[] { this };

    /// <summary>The suffix of this cell's member and field names: the layer's, plus Direct or Reverse in a bidirectional layer.</summary>
    public string Suffix => Bidirectional ? (Reverse ? "Reverse" : "Direct") : "";

    /// <summary>The member-name prefix of this cell.</summary>
    public string Name => Layer.Identifier + Suffix;

    /// <summary>The field-name suffix of this cell, e.g. <c>0</c> or <c>0Reverse</c>.</summary>
    public string Id => Layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;

    /// <summary>Where training keeps this cell's hidden states [T, H padded] per sample.</summary>
    public string HiddenTrainingBuffer =>
        !ReturnSequences ? $"_hidden{Id}" : Bidirectional ? $"_directionOutput{Id}" : $"_output{Layer.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Floats of one direction's parameters: W_ih, W_hh, b_ih, b_hh.</summary>
    public int DirectionParameters => (int)RecurrentFamily.ParameterRows(Features, Hidden) * GateStride;

    /// <summary>The padded width of one step of the layer's output: hidden, or both directions' hidden.</summary>
    public int OutputPadded => Planner.RoundUp((Bidirectional ? 2 : 1) * Hidden);

    public int Hidden => Layer.Spec.Units;

    public int HiddenPadded => Planner.RoundUp(Hidden);

    public int Gates => ShapeInference.Gates(Layer.Spec);

    /// <summary>Gate columns: G·hidden.</summary>
    public int GateColumns => Gates * Hidden;

    /// <summary>Gate columns padded: the row stride of W_ih, W_hh and the gate buffers.</summary>
    public int GateStride => Planner.RoundUp(GateColumns);

    public int FeaturesPadded => Planner.RoundUp(Features);

    /// <summary>Floats between a sample's rows of hidden states (and cells): steps × hidden padded.</summary>
    public int SequenceStride => Steps * HiddenPadded;

    public bool ReturnSequences => Layer.Spec.ReturnSequences;

    /// <summary>Whether the layer reads an initial state and exposes its final state (<c>State = true</c>).</summary>
    public bool State => Layer.Spec.State;

    public int InputWeightOffset => Layer.WeightOffset + (Reverse ? DirectionParameters : 0);

    public int RecurrentWeightOffset => InputWeightOffset + Features * GateStride;

    public int InputBiasOffset => InputWeightOffset + (Features + Hidden) * GateStride;

    public int RecurrentBiasOffset => InputBiasOffset + GateStride;

    /// <summary>Multiply-adds of one sample's forward pass, in FLOP.</summary>
    public long ForwardFlops => (Bidirectional ? 4L : 2L) * Steps * GateColumns * (Features + Hidden);
}
