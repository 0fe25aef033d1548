using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Where one layer's forward step reads and writes: ref expressions of its input and output buffers (whole batch),
/// in Predict (<see cref="Inference"/>: the call's ping-pong buffers) or in training Forward (the network's kept outputs).
/// </summary>
/// <param name="InferenceScratch">Inference only: where this layer's slice starts in one part of the call's scratch, and that part's length.</param>
internal sealed record ForwardPass(NetworkPlan Plan, LayerPlan Layer, string Input, string Output, bool Inference, (int Offset, int Total) InferenceScratch)
{
    /// <summary>Every tensor the layer reads, as ref expressions (a merge's several; else just <see cref="Input"/>).</summary>
    public string[] Inputs { get; init; } = [Input];

    /// <summary>The first row of a part of input <paramref name="index"/>.</summary>
    public string InputRowsOf(int index) => Rows(Inputs[index], Layer.Inputs[index].Stride);

    /// <summary>The first input row of a part: <c>Unsafe.Add(ref x, b0 * stride)</c>.</summary>
    public string InputRows => Rows(Input, Layer.InputStride);

    /// <inheritdoc cref="InputRows"/>
    public string OutputRows => Rows(Output, Layer.OutputStride);

    /// <summary>The per-sample sequence lengths of the pass.</summary>
    public string Lengths => Inference ? "buffers.Lengths" : "_trainingLengths";

    /// <summary>The step most layers take: <c>XForward(ref x, ref y, batch{arguments})</c>, and the same over a part's rows.</summary>
    public PassStep Standard(string whole = "", string part = "") =>
        new(Describe(Layer), $"{Layer.Identifier}Forward(ref {Input}, ref {Output}, batch{whole});",
            $"{Layer.Identifier}Forward(ref {InputRows}, ref {OutputRows}, b1 - b0{part});");

    /// <summary><c>Unsafe.Add(ref x, b0 * stride)</c>: the first row of a part.</summary>
    public static string Rows(string reference, int stride) => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, b0 * {stride})";

    /// <summary>A layer as a step's comment: its name, kind and input and output shapes.</summary>
    public static string Describe(LayerPlan layer) =>
        $"{layer.Spec.Name}: {layer.Spec.Kind} [{ShapeInference.Format(layer.InputImage is { } i ? new[] { i.Channels, i.Height, i.Width } : new[] { layer.InputWidth })}] -> [{ShapeInference.Format(layer.OutputShape)}]";
}
