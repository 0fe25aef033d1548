using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>Tensors joined along their features (a vector's entries, an image's channels, a sequence's step features), as <c>torch.cat(dim=1)</c>.</summary>
internal sealed class ConcatenateFamily : MergeFamily
{
    public static readonly ConcatenateFamily Instance = new();

    private ConcatenateFamily()
    {
    }

    /// <summary>The kind of Concatenate layers, as <see cref="LayerSpec.Kind"/> holds it.</summary>
    public const string Concatenate = "Concatenate";

    public override IReadOnlyList<string> Kinds { get; } = [Concatenate];

    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("ConcatenateAttribute", Concatenate, false, "concat")];

    /// <summary>
    /// The same rank, and equal sizes but along the features: the channels of an image ([C, H, W], or [C, L] without
    /// sequence layers), the last axis of a sequence [T, F] or a vector.
    /// </summary>
    protected override int[]? Join(int index, LayerSpec layer, bool sequenceNetwork, IReadOnlyList<(string Name, int[] Shape)> inputs, List<ShapeError> errors)
    {
        int[] first = inputs[0].Shape;
        int axis = first.Length == 1 || first.Length == 2 && sequenceNetwork ? first.Length - 1 : 0;
        long features = 0;
        for (int j = 0; j < inputs.Count; j++)
        {
            int[] shape = inputs[j].Shape;
            bool fits = shape.Length == first.Length && Enumerable.Range(0, first.Length).All(d => d == axis || shape[d] == first[d]);
            if (!fits)
            {
                string along = axis == 0 ? "channels" : "features";
                Mismatch(index, layer, inputs, j, $"Concatenate joins tensors of the same rank along their {along}, so every other size must agree", errors);
                return null;
            }
            features += shape[axis];
        }
        int[] output = (int[])first.Clone();
        if (!ShapeInference.Fits(index, layer, ShapeInference.Floats(first) / first[axis] * features, "its output", errors)) return null;
        output[axis] = (int)features;
        return output;
    }

    public override void EmitMembers(SourceWriter w, NetworkPlan plan, LayerPlan layer)
    {
        string n = layer.Identifier;
        MergeRows y = MergeRows.Output(layer);
        MergeRows[] x = layer.Inputs.Select(MergeRows.Of).ToArray();
        int[] columns = new int[x.Length];
        for (int j = 1; j < x.Length; j++) columns[j] = columns[j - 1] + x[j - 1].Features;
        string parameters = string.Join(", ", x.Select((_, j) => $"ref float x{j}"));
        string parts = string.Join(", ", x.Select((rows, j) => $"x{j} {rows.Features} at column {columns[j]}"));
        w.Line($"/// <summary>{layer.Spec.Name} forward: each row of y {y.Describe()} is {parts} (row strides {string.Join(", ", x.Select(rows => rows.Stride))} in, {y.Stride} out).</summary>");
        using (w.Open($"private static void {n}Forward({parameters}, ref float y, int rows)"))
        using (w.Open($"for (int r = 0; r < rows * {y.Rows}; r++)"))
        {
            for (int j = 0; j < x.Length; j++)
            {
                w.Line($"{ReadOnlySpan}(ref {Add}(ref x{j}, r * {x[j].Stride}), {x[j].Features}).CopyTo({Span}(ref {Add}(ref y, r * {y.Stride} + {columns[j]}), {x[j].Features}));");
            }
            if (y.Stride > y.Features) w.Line($"{Span}(ref {Add}(ref y, r * {y.Stride} + {y.Features}), {y.Stride - y.Features}).Clear();");
        }
        w.Line();
        for (int j = 0; j < x.Length; j++) EmitInputBackward(w, layer, j, x[j], y, columns[j], layer.AccumulatesGradient[j]);
    }
}
