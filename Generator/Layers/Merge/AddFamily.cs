using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>The element-wise sum of tensors of one shape (a residual connection), with an optional activation after it.</summary>
internal sealed class AddFamily : MergeFamily
{
    public static readonly AddFamily Instance = new();

    private AddFamily()
    {
    }

    /// <summary>The kind of Add layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Sum = "Add";

    public override IReadOnlyList<string> Kinds { get; } = [Sum];

    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("AddAttribute", Sum, false, "add")];

    /// <summary>Every input has the first one's shape; Softmax only over a vector.</summary>
    protected override int[]? Join(int index, LayerSpec layer, bool sequenceNetwork, IReadOnlyList<(string Name, int[] Shape)> inputs, List<ShapeError> errors)
    {
        for (int j = 1; j < inputs.Count; j++)
        {
            if (inputs[j].Shape.SequenceEqual(inputs[0].Shape)) continue;
            Mismatch(index, layer, inputs, j, "Add sums tensors of the same shape", errors);
            return null;
        }
        if (layer.Activation == ActivationKind.Softmax && inputs[0].Shape.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SoftmaxNeedsVector, new[] { layer.Name, ShapeInference.Format(inputs[0].Shape) }));
            return null;
        }
        return inputs[0].Shape;
    }

    public override string SummaryType(LayerSpec layer) =>
        layer.Activation == ActivationKind.Identity ? "Add" : $"Add ({ActivationEmitter.Describe(layer)})";

    public override long ForwardFlops(NetworkPlan plan, LayerPlan layer) => (long)(layer.Inputs.Length - 1) * layer.OutputWidth;

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        string n = layer.Identifier;
        MergeRows y = MergeRows.Output(layer);
        MergeRows[] x = layer.Inputs.Select(MergeRows.Of).ToArray();
        string activation = layer.Spec.Activation == ActivationKind.Identity ? "" : $", then {ActivationEmitter.Describe(layer.Spec)}";
        string strides = string.Join(", ", x.Select(rows => rows.Stride));
        string parameters = string.Join(", ", x.Select((_, j) => $"ref float x{j}"));
        w.Line($"/// <summary>{layer.Spec.Name} forward: y = {string.Join(" + ", x.Select((_, j) => $"x{j}"))}{activation}, over {y.Describe()} per sample (row strides {strides} in, {y.Stride} out).</summary>");
        using (w.Open($"private static void {n}Forward({parameters}, ref float y, int rows)"))
        {
            if (Contiguous(x.Append(y)))
            {
                // No padding anywhere: the whole batch is one span.
                w.Line($"global::System.Span<float> output = {Span}(ref y, rows * {y.SampleStride});");
                EmitSum(w, x.Length, j => $"{ReadOnlySpan}(ref x{j}, rows * {y.SampleStride})");
                ActivationEmitter.EmitSpanForward(w, layer.Spec, "output", "output");
            }
            else
            {
                using (w.Open($"for (int r = 0; r < rows * {y.Rows}; r++)"))
                {
                    w.Line($"global::System.Span<float> output = {Span}(ref {Add}(ref y, r * {y.Stride}), {y.Features});");
                    EmitSum(w, x.Length, j => $"{ReadOnlySpan}(ref {Add}(ref x{j}, r * {x[j].Stride}), {y.Features})");
                    ActivationEmitter.EmitSpanForward(w, layer.Spec, "output", "output");
                    // Padding columns stay zero whatever the inputs' hold.
                    if (y.Stride > y.Features) w.Line($"{Span}(ref {Add}(ref y, r * {y.Stride} + {y.Features}), {y.Stride - y.Features}).Clear();");
                }
            }
        }
        w.Line();
        if (HasActivationBackward(layer.Spec))
        {
            w.Line($"/// <summary>{layer.Spec.Name} {ActivationEmitter.Describe(layer.Spec)} backward: dy ⊙= act'(y) in place, over {y.Describe()} per sample.</summary>");
            using (w.Open($"private static void {n}ActivationBackward(ref float y, ref float dy, int rows)"))
            using (w.Open($"for (int r = 0; r < rows * {y.Rows}; r++)"))
            {
                w.Line($"ref float yRow = ref {Add}(ref y, r * {y.Stride});");
                w.Line($"ref float dyRow = ref {Add}(ref dy, r * {y.Stride});");
                w.Line("ref float dxRow = ref dyRow;");
                ActivationEmitter.EmitBackwardRow(w, layer.Spec, y.Features);
            }
            w.Line();
        }
        for (int j = 0; j < x.Length; j++) EmitInputBackward(w, layer, j, x[j], y, 0, layer.AccumulatesGradient[j]);
    }

    /// <summary>output = x0 + x1 (+ x2 ...), one TensorPrimitives.Add per further input.</summary>
    private static void EmitSum(SourceWriter w, int inputs, System.Func<int, string> input)
    {
        w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add({input(0)}, {input(1)}, output);");
        for (int j = 2; j < inputs; j++) w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(output, {input(j)}, output);");
    }
}
