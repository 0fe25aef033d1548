using System.Collections.Generic;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Transposed 2-D convolutions, as PyTorch's <c>nn.ConvTranspose2d</c>: each output position gathers the input positions
/// whose windows reach it, so forward needs no scratch and fuses its activation into the store.
/// </summary>
internal sealed partial class Conv2DTransposeFamily : LayerFamily
{
    public static readonly Conv2DTransposeFamily Instance = new();

    private Conv2DTransposeFamily()
    {
    }

    /// <summary>The kind of Conv2DTranspose layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Conv2DTranspose = "Conv2DTranspose";

    public override IReadOnlyList<string> Kinds { get; } = [Conv2DTranspose];

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer) => ConvTransposeEmitter.EmitMembers(w, layer);

    public override void EmitParameterViews(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        string n = layer.Identifier;
        int channels = layer.InputImage!.Channels, filters = layer.Spec.Units, taps = ConvTransposeOptions.Of(layer.Spec).Taps;
        int row = ConvTransposeEmitter.RowStride(layer), length = channels * row;
        w.Line($"/// <summary>{layer.Spec.Name}'s weights as [{channels} input channels, {row}]: row c holds W[c, kh, kw, f] for the {taps} taps, {filters} filter{(filters == 1 ? "" : "s")} each ({taps * filters} floats, the rest zero padding). Weight files hold [{FileWeightShape(layer)}].</summary>");
        w.Line($"public global::System.Span<float> {n}Weight => View(_parameters, {layer.WeightOffset}, {length});");
        w.Line($"/// <summary>Gradient of <see cref=\"{n}Weight\"/>.</summary>");
        w.Line($"public global::System.Span<float> {n}WeightGradient => View(_gradients, {layer.WeightOffset}, {length});");
        WeightMatrix.EmitBiasViews(w, layer);
        w.Line();
    }

    /// <summary>The weight's shape in files, PyTorch's: [channels, filters, kernel height, kernel width].</summary>
    private static string FileWeightShape(LayerPlan layer)
    {
        ConvTransposeOptions window = ConvTransposeOptions.Of(layer.Spec);
        return $"{layer.InputImage!.Channels}, {layer.Spec.Units}, {window.Height.Kernel}, {window.Width.Kernel}";
    }

    /// <summary>
    /// File element [c, f, kh, kw] is row c, column f·taps + tap; <c>Channels: filters</c> reorders the columns to
    /// tap·filters + f, the order of a buffer row.
    /// </summary>
    public override IEnumerable<WeightTensor> Tensors(NetworkPlan plan, LayerPlan layer)
    {
        string name = layer.Spec.Name;
        yield return new WeightTensor($"{name}.weight", FileWeightShape(layer),
            $"Offset: {layer.WeightOffset}, Stride: {ConvTransposeEmitter.RowStride(layer)}, Transposed: false, Channels: {layer.Spec.Units}");
        if (layer.Spec.HasBias)
        {
            yield return new WeightTensor($"{name}.bias", $"{layer.Spec.Units}", $"Offset: {layer.BiasOffset}, Stride: {layer.Spec.Units}, Transposed: false");
        }
    }

    public override long ForwardFlops(NetworkPlan plan, LayerPlan layer) =>
        2L * layer.InputImage!.Channels * ConvTransposeOptions.Of(layer.Spec).Taps * layer.Spec.Units * layer.InputImage.Positions;

    /// <summary>
    /// He-uniform before ReLU-family activations, Glorot-uniform otherwise, one input channel's row at a time (biases
    /// stay zero), with PyTorch's fans of a [C, F, KH, KW] weight: in F·KH·KW, out C·KH·KW.
    /// </summary>
    public override void EmitInitialization(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        int channels = layer.InputImage!.Channels, taps = ConvTransposeOptions.Of(layer.Spec).Taps, fanIn = layer.Spec.Units * taps;
        string init = layer.Spec.Activation is ActivationKind.ReLU or ActivationKind.LeakyReLU
            ? $"global::NetGen.Initializers.HeUniform(row, {fanIn}, random)"
            : $"global::NetGen.Initializers.GlorotUniform(row, {fanIn}, {channels * taps}, random)";
        using (w.Open($"for (int c = 0; c < {channels}; c++)"))
        {
            w.Line($"global::System.Span<float> row = View(_parameters, {layer.WeightOffset} + c * {ConvTransposeEmitter.RowStride(layer)}, {fanIn});");
            w.Line(init + ";");
        }
    }

    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass) => WeightMatrix.BackwardSteps(pass);
}
