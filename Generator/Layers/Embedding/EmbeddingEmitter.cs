using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Embedding, PyTorch's <c>nn.Embedding</c>: the network input is [T] token ids held as floats, the table W
/// [vocabulary, dimension] is kept with rows padded to whole vectors.
/// <code>
/// forward   y[b, t, :]  = W[id(b, t), :]                           (a row copy; ids checked before anything runs)
/// backward  dW[id, :]  += dy[b, t, :] for every (b, t), except the padding id, whose row gets no gradient
/// </code>
/// Threads split the backward pass by vocabulary rows: each part scans every token in order and adds only the
/// ids it owns, so each row's sum runs in the same order whatever the thread count. There is no input gradient.
/// </summary>
internal static class EmbeddingEmitter
{
    public static int Padded(LayerPlan layer) => Planner.RoundUp(layer.Spec.Units);

    public static int Steps(LayerPlan layer) => layer.OutputShape[0];

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        int d = layer.Spec.Units, dp = Padded(layer), t = Steps(layer), v = layer.Spec.Vocabulary;
        w.Line($"/// <summary>{layer.Spec.Name} forward: y[rows, {t}, {dp}] = W[id, :] for each of the rows × {t} ids in x (checked by CheckTokens), padding columns included.</summary>");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line($"ref float table = ref {MatrixEmitter.Add("Data(_parameters)", layer.WeightOffset)};");
            w.Line($"for (int i = 0; i < rows * {t}; i++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref table, (int)global::System.Runtime.CompilerServices.Unsafe.Add(ref x, i) * {dp}), {dp}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, i * {dp}), {dp}));");
        }
        w.Line();
        string skip = layer.Spec.PaddingIndex >= 0 ? $" || id == {layer.Spec.PaddingIndex}" : "";
        w.Line($"/// <summary>{layer.Spec.Name} table gradient (+=), part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: dW[id, :] += dy[b, t, :] for the ids in this part's rows of the {v}{(skip.Length > 0 ? $"; id {layer.Spec.PaddingIndex} (padding) gets none" : "")}.</summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dy, int batch, int part, int parts)"))
        {
            w.Line($"ref float table = ref {MatrixEmitter.Add("Data(_gradients)", layer.WeightOffset)};");
            w.Line($"(int v0, int v1) = global::NetGen.ParallelRunner.Partition({v}, part, parts);");
            using (w.Open($"for (int i = 0; i < batch * {t}; i++)"))
            {
                w.Line("int id = (int)global::System.Runtime.CompilerServices.Unsafe.Add(ref x, i);");
                w.Line($"if (id < v0 || id >= v1{skip}) continue;");
                w.Line($"global::System.Span<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref table, id * {dp}), {d});");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(row, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, i * {dp}), {d}), row);");
            }
        }
        w.Line();
        w.Line($"/// <summary>Every input must be a token id of {layer.Spec.Name}: a whole number in [0, {v}). Throws naming the first one that is not.</summary>");
        using (w.Open("private static void CheckTokens(global::System.ReadOnlySpan<float> inputs, string name)"))
        {
            using (w.Open("for (int i = 0; i < inputs.Length; i++)"))
            {
                w.Line("float id = inputs[i];");
                w.Line($"if (id >= 0f && id < {v}f && id == global::System.MathF.Floor(id)) continue;");
                w.Line($"throw new global::System.ArgumentException($\"Input {{i}} (sample {{i / {t}}}, step {{i % {t}}}) is {{id.ToString(global::System.Globalization.CultureInfo.InvariantCulture)}}; {layer.Spec.Name} expects token ids, whole numbers from 0 to {v - 1}.\", name);");
            }
        }
        w.Line();
    }

    public static void EmitParameterView(SourceWriter w, LayerPlan layer)
    {
        int d = layer.Spec.Units, dp = Padded(layer), v = layer.Spec.Vocabulary;
        string padding = dp > d ? $"; columns {d}..{dp - 1} are zero padding" : "";
        w.Line($"/// <summary>{layer.Spec.Name}'s table as [{v} ids, {dp}]{padding}. Weight files hold [{v}, {d}].</summary>");
        w.Line($"public global::System.Span<float> {layer.Identifier}Weight => View(_parameters, {layer.WeightOffset}, {v * dp});");
        w.Line($"/// <summary>Gradient of <see cref=\"{layer.Identifier}Weight\"/>.</summary>");
        w.Line($"public global::System.Span<float> {layer.Identifier}WeightGradient => View(_gradients, {layer.WeightOffset}, {v * dp});");
        w.Line();
    }

    /// <summary>PyTorch's default, N(0, 1), with the padding row zero.</summary>
    public static void EmitInitialization(SourceWriter w, LayerPlan layer)
    {
        int d = layer.Spec.Units, dp = Padded(layer), v = layer.Spec.Vocabulary;
        string zero = layer.Spec.PaddingIndex >= 0 ? $", except the padding row {layer.Spec.PaddingIndex}, which stays zero" : "";
        w.Line($"// {layer.Spec.Name}: N(0, 1) as PyTorch{zero}.");
        using (w.Open($"for (int k = 0; k < {v}; k++)"))
        {
            if (layer.Spec.PaddingIndex >= 0) w.Line($"if (k == {layer.Spec.PaddingIndex}) continue;");
            w.Line($"global::System.Span<float> row = View(_parameters, {layer.WeightOffset} + k * {dp}, {d});");
            w.Line("for (int j = 0; j < row.Length; j++) row[j] = random.NextGaussian();");
        }
    }
}
