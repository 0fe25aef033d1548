using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// What Add and Concatenate share: they read the tensors they name (with one name, the layer above first), any layout
/// (vectors, channels-last images, sequences) row by row, and write a fresh tensor with rows padded to 16 floats; backward
/// sends each input its part of the output gradient, added where another reader of the same tensor wrote first.
/// </summary>
internal abstract class MergeFamily : LayerFamily
{
    private protected const string Add = "global::System.Runtime.CompilerServices.Unsafe.Add";
    private protected const string Span = "global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan";
    private protected const string ReadOnlySpan = "global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan";

    public override bool Merges => true;

    /// <summary>The names a merge's constructor lists, with its activation (Add) and name.</summary>
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Kind != TypedConstantKind.Array) return null;
        string[] names = constructor[0].Values.Select(value => value.Value as string ?? "").ToArray();
        return new LayerSpec(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, false, 0, Inputs: new EquatableArray<string>(names));
    }

    /// <summary>Never asked (the shell asks <see cref="MergedShape"/> of merges): one tensor merged is itself.</summary>
    public sealed override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters) => input;

    /// <summary>Fewer than two inputs are reported (NG0046); the family's own rule says whether the shapes fit.</summary>
    public sealed override int[]? MergedShape(int index, EquatableArray<LayerSpec> layers, IReadOnlyList<(string Name, int[] Shape)> inputs, List<ShapeError> errors)
    {
        LayerSpec layer = layers[index];
        if (inputs.Count < 2)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.MergeNeedsTwoInputs, new[] { layer.Name, DeclaredName(layer), inputs[0].Name }));
            return null;
        }
        return Join(index, layer, ShapeInference.IsSequenceNetwork(layers), inputs, errors);
    }

    /// <summary>The output shape of two or more inputs; null when they do not fit, which is reported (NG0044).</summary>
    protected abstract int[]? Join(int index, LayerSpec layer, bool sequenceNetwork, IReadOnlyList<(string Name, int[] Shape)> inputs, List<ShapeError> errors);

    /// <summary>Reports that input <paramref name="other"/> does not fit the first one.</summary>
    protected void Mismatch(int index, LayerSpec layer, IReadOnlyList<(string Name, int[] Shape)> inputs, int other, string why, List<ShapeError> errors) =>
        errors.Add(new ShapeError(index, DiagnosticDescriptors.MergeShapesDiffer, new[]
        {
            layer.Name, DeclaredName(layer), ShapeInference.Format(inputs[0].Shape), inputs[0].Name, ShapeInference.Format(inputs[other].Shape), inputs[other].Name, why,
        }));

    /// <summary>Images are read channels last, so a network input a merge reads is laid out so too.</summary>
    public override bool ReadsImage(int inputRank, bool sequenceNetwork) => inputRank == 3 || inputRank == 2 && !sequenceNetwork;

    /// <summary>An image out of images (channels padded to whole vectors), a sequence of padded steps, or a padded vector.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        if (input.Image is not null)
        {
            ImageLayout image = Window.OutputImage(output);
            return new LayerPlacement(image.Stride, image);
        }
        int rows = output.Length == 2 ? output[0] : 1;
        return new LayerPlacement(rows * Planner.RoundUp(output[output.Length - 1]));
    }

    public override IEnumerable<PassStep> PredictSteps(ForwardPass pass) => [Forward(pass)];

    public override IEnumerable<PassStep> ForwardSteps(ForwardPass pass) => [Forward(pass)];

    private static PassStep Forward(ForwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        string inputs = string.Join(", ", pass.Inputs.Select(input => $"ref {input}"));
        string parts = string.Join(", ", pass.Inputs.Select((_, j) => $"ref {pass.InputRowsOf(j)}"));
        string from = string.Join(", ", layer.TensorInputs.Select(tensor => LayerGraph.Name(pass.Plan.Spec.Layers, tensor)));
        return new PassStep($"{layer.Spec.Name}: {layer.Spec.Kind} of {from} -> [{ShapeInference.Format(layer.OutputShape)}]",
            $"{layer.Identifier}Forward({inputs}, ref {pass.Output}, batch);",
            $"{layer.Identifier}Forward({parts}, ref {pass.OutputRows}, b1 - b0);");
    }

    /// <summary>The step of the output's activation backward, if it has one (in place on the output gradient), then one step per input.</summary>
    public override IEnumerable<PassStep> BackwardSteps(BackwardPass pass)
    {
        LayerPlan layer = pass.Layer;
        var steps = new List<PassStep>();
        if (HasActivationBackward(layer.Spec))
        {
            steps.Add(new PassStep($"{layer.Spec.Name}: {layer.Spec.Activation} backward",
                $"{layer.Identifier}ActivationBackward(ref {pass.Output}, ref {pass.OutputGradient}, batch);",
                $"{layer.Identifier}ActivationBackward(ref {pass.OutputRows}, ref {pass.OutputGradientRows}, b1 - b0);", pass.Needed));
        }
        for (int j = 0; j < pass.Targets.Length; j++)
        {
            InputGradientTarget target = pass.Targets[j];
            string to = LayerGraph.Name(pass.Plan.Spec.Layers, layer.TensorInputs[j]);
            steps.Add(new PassStep($"{layer.Spec.Name}: {layer.Spec.Kind} backward to {to}{(target.Accumulate ? ", added to its other readers' gradient" : "")}",
                $"{layer.Identifier}Backward{j}(ref {pass.OutputGradient}, ref {target.Whole}, batch);",
                $"{layer.Identifier}Backward{j}(ref {pass.OutputGradientRows}, ref {target.PartRows}, b1 - b0);", target.Needed));
        }
        return steps;
    }

    /// <summary>Whether the output has an activation whose backward is its own pass (Identity and Step pass the gradient through).</summary>
    protected static bool HasActivationBackward(LayerSpec layer) => layer.Activation is not (ActivationKind.Identity or ActivationKind.Step);

    /// <summary>Every tensor of a merge is whole rows of real features back to back: it can be walked as one span.</summary>
    protected static bool Contiguous(IEnumerable<MergeRows> tensors) => tensors.All(rows => rows.Stride == rows.Features);

    /// <summary>The backward kernel of input <paramref name="j"/>: its features of each output-gradient row, from column <paramref name="column"/>, copied or added.</summary>
    protected static void EmitInputBackward(SourceWriter w, LayerPlan layer, int j, MergeRows dx, MergeRows dy, int column, bool accumulate)
    {
        string n = layer.Identifier;
        string does = accumulate ? "dx += dy" : "dx = dy";
        string what = column == 0 && dx.Features == dy.Features ? "" : $" columns [{column}, {column + dx.Features})";
        w.Line($"/// <summary>{layer.Spec.Name} backward to input {j}: {does}{what} over {dy.Describe()} rows per sample (row strides {dy.Stride} in, {dx.Stride} out).</summary>");
        using (w.Open($"private static void {n}Backward{j}(ref float dy, ref float dx, int rows)"))
        {
            if (column == 0 && Contiguous([dx, dy]) && dx.Features == dy.Features)
            {
                w.Line($"int count = rows * {dy.SampleStride};");
                w.Line(accumulate
                    ? $"global::System.Numerics.Tensors.TensorPrimitives.Add({Span}(ref dx, count), {ReadOnlySpan}(ref dy, count), {Span}(ref dx, count));"
                    : $"{ReadOnlySpan}(ref dy, count).CopyTo({Span}(ref dx, count));");
            }
            else
            {
                using (w.Open($"for (int r = 0; r < rows * {dy.Rows}; r++)"))
                {
                    w.Line($"global::System.ReadOnlySpan<float> gradient = {ReadOnlySpan}(ref {Add}(ref dy, r * {dy.Stride} + {column}), {dx.Features});");
                    w.Line($"global::System.Span<float> target = {Span}(ref {Add}(ref dx, r * {dx.Stride}), {dx.Features});");
                    w.Line(accumulate ? "global::System.Numerics.Tensors.TensorPrimitives.Add(target, gradient, target);" : "gradient.CopyTo(target);");
                    // Padding columns of a gradient stay zero, as the layers below expect.
                    if (!accumulate && dx.Stride > dx.Features) w.Line($"{Span}(ref {Add}(ref dx, r * {dx.Stride} + {dx.Features}), {dx.Stride - dx.Features}).Clear();");
                }
            }
        }
        w.Line();
    }
}
