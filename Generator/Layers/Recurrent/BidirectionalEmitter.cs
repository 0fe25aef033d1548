using NetGen.Generator.Emitters;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// A bidirectional recurrent layer (PyTorch's <c>bidirectional=True</c>) as two cells emitted by
/// <see cref="RecurrentEmitter"/>: Direct reads the input as given, Reverse reads a copy with the steps in reverse
/// order, so both run the same forward-in-time kernels. Their outputs are joined per step as [direct h_t, reverse
/// h_t] (the reverse one read back in input order) or, for the last state, [direct h at step T − 1, reverse h at
/// step 0], which is PyTorch's h_n concatenation. Backward splits ∂L/∂y the same way, runs both cells, and adds
/// the reverse cell's input gradient back in input order. The copies are O(T·features) per sample against the
/// cells' O(T·features·gates) products.
/// </summary>
internal static class BidirectionalEmitter
{
    public static void EmitMembers(SourceWriter w, RecurrentPlan layer)
    {
        RecurrentPlan direct = layer.Directions[0], reverse = layer.Directions[1];
        string n = layer.Layer.Identifier, name = layer.Spec.Name, d = direct.Id, r = reverse.Id;
        int t = layer.Steps, s = layer.InputRowStride, f = layer.Features, h = layer.Hidden, hp = layer.HiddenPadded, op = layer.OutputPadded;
        bool sequences = layer.ReturnSequences;
        int direction = sequences ? layer.SequenceStride : hp, output = sequences ? t * op : op;

        w.Line($"/// <summary>{name}: x [T = {t}, {f}] (row stride {s}) with its steps reversed into <paramref name=\"reversed\"/>, samples b0..b1.</summary>");
        using (w.Open($"private static void {n}ReverseSteps(ref float x, ref float reversed, int b0, int b1)"))
        using (w.Open("for (int b = b0; b < b1; b++)"))
        {
            w.Line($"for (int t = 0; t < {t}; t++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, b * {t * s} + t * {s}), {f}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reversed, b * {t * s} + ({t - 1} - t) * {s}), {f}));");
        }
        w.Line();

        string what = sequences
            ? $"y[t] = [direct h_t, reverse h at reversed step {t - 1} − t], [T, {2 * h}] (row stride {op})"
            : $"y = [direct h_{t - 1}, reverse h after its last step (input step 0)], [{2 * h}]";
        w.Line($"/// <summary>{name}: joins the two directions' outputs (row stride {hp}) for samples b0..b1: {what}; padding columns zero.</summary>");
        using (w.Open($"private static void {n}Join(ref float direct, ref float reverse, ref float y, int b0, int b1)"))
        using (w.Open("for (int b = b0; b < b1; b++)"))
        {
            if (sequences)
            {
                using (w.Open($"for (int t = 0; t < {t}; t++)"))
                {
                    w.Line($"global::System.Span<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {output} + t * {op}), {op});");
                    w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref direct, b * {direction} + t * {hp}), {h}).CopyTo(row);");
                    w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reverse, b * {direction} + ({t - 1} - t) * {hp}), {h}).CopyTo(row.Slice({h}));");
                    if (op > 2 * h) w.Line($"row.Slice({2 * h}).Clear();");
                }
            }
            else
            {
                w.Line($"global::System.Span<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, b * {op}), {op});");
                w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref direct, b * {hp}), {h}).CopyTo(row);");
                w.Line($"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reverse, b * {hp}), {h}).CopyTo(row.Slice({h}));");
                if (op > 2 * h) w.Line($"row.Slice({2 * h}).Clear();");
            }
        }
        w.Line();

        w.Line($"/// <summary>{name}: splits ∂L/∂y into the two directions' output gradients (the reverse one in its own step order), samples b0..b1.</summary>");
        using (w.Open($"private static void {n}Split(ref float dy, ref float direct, ref float reverse, int b0, int b1)"))
        using (w.Open("for (int b = b0; b < b1; b++)"))
        {
            if (sequences)
            {
                using (w.Open($"for (int t = 0; t < {t}; t++)"))
                {
                    w.Line($"global::System.ReadOnlySpan<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {output} + t * {op}), {2 * h});");
                    w.Line($"row.Slice(0, {h}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref direct, b * {direction} + t * {hp}), {h}));");
                    w.Line($"row.Slice({h}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reverse, b * {direction} + ({t - 1} - t) * {hp}), {h}));");
                }
            }
            else
            {
                w.Line($"global::System.ReadOnlySpan<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, b * {op}), {2 * h});");
                w.Line($"row.Slice(0, {h}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref direct, b * {hp}), {h}));");
                w.Line($"row.Slice({h}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reverse, b * {hp}), {h}));");
            }
        }
        w.Line();

        foreach (string pass in new[] { "Predict", "Forward" })
        {
            bool predict = pass == "Predict";
            string reversed = predict ? $"buffers.ReversedInput{r}" : $"_reversedInput{r}";
            string outputs = predict ? "buffers.DirectionOutput" : "_directionOutput";
            string buffers = predict ? ", buffers" : "";
            w.Line($"/// <summary>{name} {(predict ? "inference" : "training forward")} for samples b0..b1 (x and y are the whole buffers): both directions, then joined.</summary>");
            using (w.Open($"private void {n}{pass}(ref float x, ref float y, int b0, int b1{(predict ? ", InferenceBuffers buffers" : "")})"))
            {
                w.Line($"ref float reversed = ref Data({reversed});");
                w.Line($"{n}ReverseSteps(ref x, ref reversed, b0, b1);");
                w.Line($"{direct.Name}{pass}(ref x, ref Data({outputs}{d}), b0, b1{buffers});");
                w.Line($"{reverse.Name}{pass}(ref reversed, ref Data({outputs}{r}), b0, b1{buffers});");
                w.Line($"{n}Join(ref Data({outputs}{d}), ref Data({outputs}{r}), ref y, b0, b1);");
            }
            w.Line();
        }

        w.Line($"/// <summary>{name} backward through time for samples b0..b1: both directions; dx (=) is the direct input gradient plus the reverse one read back in input order.</summary>");
        using (w.Open($"private void {n}Backward(ref float dy, ref float dx, int b0, int b1, bool inputGradient)"))
        {
            w.Line($"{n}Split(ref dy, ref Data(_directionGradient{d}), ref Data(_directionGradient{r}), b0, b1);");
            w.Line($"{direct.Name}Backward(ref Data(_directionGradient{d}), ref dx, b0, b1, inputGradient);");
            w.Line($"{reverse.Name}Backward(ref Data(_directionGradient{r}), ref Data(_reversedInputGradient{r}), b0, b1, inputGradient);");
            w.Line("if (!inputGradient) return;");
            w.Line($"ref float reversed = ref Data(_reversedInputGradient{r});");
            using (w.Open("for (int b = b0; b < b1; b++)"))
            using (w.Open($"for (int t = 0; t < {t}; t++)"))
            {
                w.Line($"global::System.Span<float> row = global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {t * s} + t * {s}), {f});");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(row, global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref reversed, b * {t * s} + ({t - 1} - t) * {s}), {f}), row);");
            }
        }
        w.Line();

        w.Line($"/// <summary>{name} parameter gradients (+=) of both directions, part <paramref name=\"part\"/> of <paramref name=\"parts\"/>; the reverse one reads the reversed input kept by Forward.</summary>");
        using (w.Open($"private void {n}WeightGradients(ref float x, int batch, int part, int parts)"))
        {
            w.Line($"{direct.Name}WeightGradients(ref x, batch, part, parts);");
            w.Line($"{reverse.Name}WeightGradients(ref Data(_reversedInput{r}), batch, part, parts);");
        }
        w.Line();

        w.Line($"/// <summary>Refreshes both directions' transposed weights, for backward.</summary>");
        using (w.Open($"private void {n}TransposeWeights()"))
        {
            w.Line($"{direct.Name}TransposeWeights();");
            w.Line($"{reverse.Name}TransposeWeights();");
        }
        w.Line();
    }
}
