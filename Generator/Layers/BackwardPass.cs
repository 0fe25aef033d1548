using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// What one layer's backward steps read and write, as ref expressions: its kept input and output, its output gradient
/// and the gradient of its input (for the whole batch, and for a part, which writes the network input's gradient
/// through the runner's output). The conditions say when the layer's backward runs at all (<see cref="Needed"/>),
/// when its input gradient is needed and when its parameters train (see FreezeEmitter).
/// </summary>
internal sealed record BackwardPass(
    NetworkPlan Plan,
    LayerPlan Layer,
    string Input,
    string Output,
    string OutputGradient,
    string InputGradient,
    string PartInputGradient,
    string Needed,
    string InputGradientNeeded,
    string PartInputGradientNeeded,
    string Trained)
{
    /// <summary>
    /// A merge's inputs (Add, Concatenate): for each, its kept output, and where and when its gradient goes; single-input
    /// layers use <see cref="Input"/> and <see cref="InputGradient"/>.
    /// </summary>
    public InputGradientTarget[] Targets { get; init; } = [];

    public string InputRows => ForwardPass.Rows(Input, Layer.InputStride);

    public string OutputRows => ForwardPass.Rows(Output, Layer.OutputStride);

    public string OutputGradientRows => ForwardPass.Rows(OutputGradient, Layer.OutputStride);

    public string PartInputGradientRows => ForwardPass.Rows(PartInputGradient, Layer.InputStride);

    /// <summary>The backward most layers without parameters take: <c>XBackward(ref x, ref y, ref dy, ref dx, batch{arguments})</c>.</summary>
    public PassStep Standard(string comment, string whole = "", string part = "") =>
        new(comment, $"{Layer.Identifier}Backward(ref {Input}, ref {Output}, ref {OutputGradient}, ref {InputGradient}, batch{whole});",
            $"{Layer.Identifier}Backward(ref {InputRows}, ref {OutputRows}, ref {OutputGradientRows}, ref {PartInputGradientRows}, b1 - b0{part});",
            Needed);
}
