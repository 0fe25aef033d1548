using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Convolutions, 2-D and 1-D (a 1-D one is a 2-D one whose window is one row high), unfolded into matrix products or direct.</summary>
internal sealed partial class ConvolutionFamily : LayerFamily
{
    public static readonly ConvolutionFamily Instance = new();

    private ConvolutionFamily()
    {
    }

    /// <summary>The kind of Conv2D layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Conv2D = "Conv2D";

    public override IReadOnlyList<string> Kinds { get; } = [Conv2D];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => ConvEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        WeightMatrix.EmitViews(w, layer, ConvEmitter.Matrix(layer).K, FileWeightShape(layer));

    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer) =>
        WeightMatrix.Tensors(layer, FileWeightShape(layer), $", Channels: {layer.InputImage!.Channels}");

    /// <summary>The weight's shape in files: [filters, channels, kernel height, kernel width] ([filters, channels, kernel] in 1-D).</summary>
    public static string FileWeightShape(LayerPlan layer)
    {
        int channels = layer.InputImage!.Channels;
        WindowOptions window = WindowOptions.Of(layer.Spec);
        return window.OneD
            ? $"{layer.Spec.Units}, {channels}, {window.KernelWidth}"
            : $"{layer.Spec.Units}, {channels}, {window.KernelHeight}, {window.KernelWidth}";
    }

    public override void EmitTrainingFields(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        int i = layer.Index;
        w.Line($"private float[]? _transposed{i}; // {layer.Spec.Name}'s Wᵀ for the input gradient, made on first use");
        string padded = ConvEmitter.Padded(layer) is null ? "" : $", _paddedGradient{i} = []";
        string forwardScratch = ConvEmitter.ForwardScratch(layer) > 0 ? $"_scratch{i} = [], " : "";
        w.Line($"private float[] {forwardScratch}_columnGradients{i} = []{padded}; // {layer.Spec.Name}'s training scratch, one slice per thread");
        w.Line($"private int _scratchParts{i};");
    }

    public override int InferenceScratch(LayerPlan layer) => ConvEmitter.ForwardScratch(layer);

    public override long ForwardFlops(NetworkPlan plan, LayerPlan layer) =>
        2L * ConvEmitter.Matrix(layer).K * layer.Spec.Units * layer.OutputImage!.Positions;

    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        WindowOptions window = WindowOptions.Of(layer.Spec);
        WeightMatrix.EmitInitialization(w, layer, ConvEmitter.Matrix(layer).K, layer.Spec.Units * window.KernelHeight * window.KernelWidth);
    }

    /// <summary>The scratch of the forward (patches, padded input): training's per-thread slices, or Predict's slice of the call's scratch.</summary>
    protected override string ForwardArguments(ForwardPass pass, bool part)
    {
        LayerPlan layer = pass.Layer;
        int scratch = ConvEmitter.ForwardScratch(layer);
        if (scratch == 0) return "";
        if (!pass.Inference)
        {
            return part ? $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(_scratch{layer.Index}), part * {scratch})" : $", ref Data(_scratch{layer.Index})";
        }
        // Each convolution keeps its own slice: the zero border of its padded input is written once and relied on.
        (int offset, int total) = pass.InferenceScratch;
        string start = part ? $"part * {total}{(offset > 0 ? $" + {offset}" : "")}" : offset.ToString(CultureInfo.InvariantCulture);
        return start == "0" ? ", ref Data(buffers.Convolution)" : $", ref global::System.Runtime.CompilerServices.Unsafe.Add(ref Data(buffers.Convolution), {start})";
    }

    public override void EmitTrainingScratch(SourceWriter w, NetworkPlan plan, LayerPlan layer) =>
        w.Line($"{layer.Identifier}EnsureScratch(runner?.Threads ?? 1);");

    public override void EmitBackwardStart(SourceWriter w, NetworkPlan plan, LayerPlan layer) => WeightMatrix.EmitBackwardStart(w, plan, layer);

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) => WeightMatrix.BackwardSteps(pass);
}
