using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Fully connected layers: y = activation(x·W + b) over a flat input.</summary>
internal sealed partial class DenseFamily : LayerFamily
{
    public static readonly DenseFamily Instance = new();

    private DenseFamily()
    {
    }

    /// <summary>The kind of Dense layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Dense = "Dense";

    public override IReadOnlyList<string> Kinds { get; } = [Dense];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => DenseEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        WeightMatrix.EmitViews(w, layer, layer.InputWidth, FileWeightShape(layer));

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) => WeightMatrix.Tensors(layer, FileWeightShape(layer));

    /// <summary>The weight's shape in files, PyTorch's [out, in].</summary>
    public static string FileWeightShape(LayerPlan layer) => $"{layer.Spec.Units}, {layer.InputWidth}";

    public override void EmitTrainingFields(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        w.Line($"private float[]? _transposed{layer.Index}; // {layer.Spec.Name}'s Wᵀ for the input gradient, made on first use");
        if (DenseEmitter.NeedsInputGradientScratch(layer))
        {
            w.Line($"private float[] _inputGradientScratch{layer.Index} = []; // {layer.Spec.Name}'s input gradient at padded stride");
        }
    }

    public override void EmitGrowTraining(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        if (!DenseEmitter.NeedsInputGradientScratch(layer)) return;
        w.Line($"_inputGradientScratch{layer.Index} = global::NetGen.CompilerServices.AlignedArrays.Allocate(batch * {DenseEmitter.InputPadded(layer)});");
    }

    public override long MaxFloatsPerSample(NetworkPlan plan, LayerPlan layer) =>
        DenseEmitter.NeedsInputGradientScratch(layer) ? DenseEmitter.InputPadded(layer) : 0;

    public override long ForwardFlops(NetworkPlan plan, LayerPlan layer) => 2L * layer.InputWidth * layer.Spec.Units;

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        WeightMatrix.EmitInitialization(w, layer, layer.InputWidth, layer.Spec.Units);

    public override bool CopiesNetworkInput(LayerPlan layer) => layer.Source < 0;

    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        if (layer.Source >= 0) return base.ForwardSteps(pass);
        // The first layer's part also copies its own rows of the input: rows that one core
        // just wrote are slow for the other to read scattered, fast to stream.
        return
        [
            new PassStep(ForwardPass.Describe(layer), $"inputs.CopyTo(View(_input, 0, inputs.Length));\n{layer.Identifier}Forward(ref {pass.Input}, ref {pass.Output}, batch);",
                $"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref {ForwardPass.Rows("input", pass.Plan.InputSize)}, (b1 - b0) * InputSize).CopyTo(View(_input, b0 * InputSize, (b1 - b0) * InputSize));\n" +
                $"{layer.Identifier}Forward(ref {pass.InputRows}, ref {pass.OutputRows}, b1 - b0);"),
        ];
    }

    public override void EmitBackwardStart(SourceWriter w, NetworkPlan plan, LayerPlan layer) => WeightMatrix.EmitBackwardStart(w, plan, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) => WeightMatrix.BackwardSteps(pass);
}
