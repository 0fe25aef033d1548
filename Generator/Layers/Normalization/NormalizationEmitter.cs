using System.Globalization;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Layers;

/// <summary>
/// Batch and layer normalization, forward and backward. Both compute x̂ = (x − μ)·σ⁻¹ with σ⁻¹ = 1/√(var + ε)
/// (biased variance) and y = γ ⊙ x̂ + β; they differ in what they average over.
/// <code>
/// batch norm, per feature (vector) or channel (image, over batch × positions), N values each:
///   training   μ, var over the batch; running_mean ← (1 − m)·running_mean + m·μ,
///              running_var ← (1 − m)·running_var + m·var·N/(N − 1)        (saves μ, σ⁻¹ for backward)
///              y = x·scale + shift, scale = γσ⁻¹, shift = β − μ·scale   (PyTorch's CPU kernel's form)
///   inference  the same with scale = γ/√(running_var + ε), shift = β − running_mean·scale
///   backward   dβ += Σ dy, dγ += Σ dy·x̂,  dx = γσ⁻¹/N · (N·dy − Σ dy − x̂·Σ dy·x̂)  (=)
/// layer norm, per sample over its F features:
///   forward    μ, σ⁻¹ of the row (saved per row for backward in training)
///   backward   g = dy ⊙ γ,  dx = σ⁻¹·(g − mean(g) − x̂·mean(g ⊙ x̂))  (=);  dβ += Σ_b dy, dγ += Σ_b dy ⊙ x̂
/// </code>
/// Threads: batch norm's statistics and its gradient sums need every row, so they run on the calling thread
/// (a few vector passes per channel) and only the per-row work is split; layer norm's rows are independent
/// and its parameter gradients are summed on the calling thread, so every sum runs in one order whatever the
/// thread count. Images are channels last with channels padded to 16: the padding channels have γ = β = 0, so
/// they are zero in y and dx whatever the input holds there, and their running statistics are never updated.
/// </summary>
internal static class NormalizationEmitter
{
    /// <summary>Features of a flat input, or channels of an image: the length of γ and β.</summary>
    public static int Features(LayerPlan layer) => layer.InputImage?.Channels ?? layer.InputWidth;

    /// <summary>Floats of γ, β and each statistic in the buffers: <see cref="Features"/> rounded up to whole vectors.</summary>
    public static int Padded(LayerPlan layer) => Planner.RoundUp(Features(layer));

    /// <summary>Floats per position the kernels run over: an image's padded channels (whole vectors), or a vector's features.</summary>
    private static int Width(LayerPlan layer) => layer.InputImage?.ChannelStride ?? layer.InputWidth;

    private static int Positions(LayerPlan layer) => layer.InputImage?.Positions ?? 1;

    /// <summary>Batch norm's per-channel scratch, in slots of <see cref="Padded"/> floats: μ, σ⁻¹ (kept from Forward for Backward), then four work slots.</summary>
    public static int BatchNormScratchLength(LayerPlan layer) => 6 * Padded(layer);

    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        if (layer.Spec.Kind == BatchNormFamily.BatchNorm) EmitBatchNorm(w, layer);
        else EmitLayerNorm(w, layer);
    }

    private static void EmitBatchNorm(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier, name = layer.Spec.Name;
        int i = layer.Index, features = Features(layer), fp = Padded(layer), width = Width(layer), positions = Positions(layer);
        int inStride = layer.InputStride, outStride = layer.OutputStride;
        string eps = FloatLiteral.Literal(layer.Spec.Epsilon);
        string shape = layer.InputImage is { } image
            ? $"[batch, {positions} positions, {image.ChannelStride} channels ({features} real)]"
            : $"[batch, {features}]";
        string scratch = $"_norm{i}";
        string Slot(int slot) => $"View({scratch}, {slot * fp}, {width})";
        string Row(string reference, string offset) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, {offset}), {width})";
        string WritableRow(string reference, string offset) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, {offset}), {width})";
        string xOffset = positions == 1 ? $"b * {inStride}" : $"b * {inStride} + p * {width}";
        string yOffset = positions == 1 ? $"b * {outStride}" : $"b * {outStride} + p * {width}";
        void Loop(SourceWriter writer, string rows, System.Action body)
        {
            using (writer.Open($"for (int b = 0; b < {rows}; b++)"))
            {
                if (positions == 1)
                {
                    body();
                    return;
                }
                using (writer.Open($"for (int p = 0; p < {positions}; p++)")) body();
            }
        }

        w.Line("/// <summary>");
        w.Line($"/// {name} training statistics over x {shape}, row stride {inStride}, on the calling thread: μ and σ⁻¹ = 1/√(var + {FloatLiteral.Format(layer.Spec.Epsilon)}) (biased) are kept");
        w.Line($"/// for backward; the running statistics move by momentum {FloatLiteral.Format(layer.Spec.Momentum)} (the running variance with the unbiased variance, as PyTorch).");
        w.Line($"/// Leaves scale = γσ⁻¹ and shift = β − μ·scale for {n}Forward.");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Statistics(ref float x, int batch)"))
        {
            w.Line($"global::System.Span<float> mean = {Slot(0)}, inverseStd = {Slot(1)}, variance = {Slot(2)}, centered = {Slot(3)};");
            w.Line("mean.Clear();");
            w.Line("variance.Clear();");
            Loop(w, "batch", () => w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(mean, {Row("x", xOffset)}, mean);"));
            w.Line($"float count = batch * {positions};");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / count, mean);");
            Loop(w, "batch", () =>
            {
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract({Row("x", xOffset)}, mean, centered);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(centered, centered, variance, variance);");
            });
            string real = width == features ? "" : $".Slice(0, {features})";
            if (real.Length > 0) w.Line("// The running statistics of the padding channels stay zero (what those channels hold is not exactly zero after every activation).");
            w.Line($"global::System.Span<float> runningMean = View(_state, {layer.StateOffset}, {features}), runningVariance = View(_state, {layer.StateOffset + fp}, {features});");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(runningMean, {FloatLiteral.Literal(1f - layer.Spec.Momentum)}, runningMean);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(mean{real}, {FloatLiteral.Literal(layer.Spec.Momentum)}, runningMean, runningMean);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(runningVariance, {FloatLiteral.Literal(1f - layer.Spec.Momentum)}, runningVariance);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(variance{real}, {FloatLiteral.Literal(layer.Spec.Momentum)} / (count - 1), runningVariance, runningVariance);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(variance, 1f / count, variance);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(variance, {eps}, variance);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.ReciprocalSqrt(variance, inverseStd);");
            w.Line("// y = x·scale + shift with scale = γσ⁻¹ and shift = β − μ·scale, as PyTorch's CPU kernel: one pass per row.");
            w.Line($"global::System.Span<float> scale = {Slot(2)}, shift = {Slot(3)};");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(View(_parameters, {layer.WeightOffset}, {width}), inverseStd, scale);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(mean, scale, shift);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract(View(_parameters, {layer.BiasOffset}, {width}), shift, shift);");
        }
        w.Line();
        string ScaleShift(string offset) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref {(offset == "0" ? "scaleShift" : $"global::System.Runtime.CompilerServices.Unsafe.Add(ref scaleShift, {offset})")}, {width})";
        w.Line($"/// <summary>{name} at inference, on the calling thread, into the call's <paramref name=\"scaleShift\"/> (scale at 0, shift at {fp}): scale = γ/√(running_var + {FloatLiteral.Format(layer.Spec.Epsilon)}), shift = β − running_mean·scale.</summary>");
        using (w.Open($"private void {n}InferenceScale(ref float scaleShift)"))
        {
            w.Line($"global::System.Span<float> scale = {ScaleShift("0")}, shift = {ScaleShift(fp.ToString(CultureInfo.InvariantCulture))};");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(View(_state, {layer.StateOffset + fp}, {width}), {eps}, scale);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Sqrt(scale, scale);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Divide(View(_parameters, {layer.WeightOffset}, {width}), scale, scale);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Multiply(View(_state, {layer.StateOffset}, {width}), scale, shift);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract(View(_parameters, {layer.BiasOffset}, {width}), shift, shift);");
        }
        w.Line();
        w.Line($"/// <summary>{name} for <paramref name=\"rows\"/> rows: y = x·scale + shift, from <paramref name=\"scaleShift\"/> (the batch's in training, from {n}Statistics; the running ones at inference, from {n}InferenceScale); x row stride {inStride}, y row stride {outStride}.</summary>");
        using (w.Open($"private static void {n}Forward(ref float x, ref float y, int rows, ref float scaleShift)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> scale = {ScaleShift("0")}, shift = {ScaleShift(fp.ToString(CultureInfo.InvariantCulture))};");
            Loop(w, "rows", () => w.Line($"global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd({Row("x", xOffset)}, scale, shift, {WritableRow("y", yOffset)});"));
        }
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// {name} backward sums over the batch, on the calling thread: dβ += Σ dy, dγ += Σ dy·x̂ (the {features} real channels); then the");
        w.Line("/// per-channel coefficients of dx = A·dy + B·(x − μ) + C: A = γσ⁻¹ (in the Σdy slot), B = −γσ⁻¹·Σ(dy·x̂)·σ⁻¹/N (in the Σdy·x̂ slot), C = −γσ⁻¹·Σdy/N.");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}GradientSums(ref float x, ref float dy, int batch)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> mean = {Slot(0)}, inverseStd = {Slot(1)}, gamma = View(_parameters, {layer.WeightOffset}, {width});");
            w.Line($"global::System.Span<float> sumDy = {Slot(2)}, sumDyXhat = {Slot(3)}, offset = {Slot(4)}, xhat = {Slot(5)};");
            w.Line("sumDy.Clear();");
            w.Line("sumDyXhat.Clear();");
            Loop(w, "batch", () =>
            {
                w.Line($"global::System.ReadOnlySpan<float> gradient = {Row("dy", yOffset)};");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract({Row("x", xOffset)}, mean, xhat);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(xhat, inverseStd, xhat);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Add(sumDy, gradient, sumDy);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, xhat, sumDyXhat, sumDyXhat);");
            });
            w.Line($"global::System.Span<float> gammaGradient = View(_gradients, {layer.WeightOffset}, {features}), betaGradient = View(_gradients, {layer.BiasOffset}, {features});");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(betaGradient, sumDy.Slice(0, {features}), betaGradient);");
            w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Add(gammaGradient, sumDyXhat.Slice(0, {features}), gammaGradient);");
            w.Line("// k = γσ⁻¹/N in the x̂ slot; then C (offset), B (over Σ dy·x̂) and A (over Σ dy).");
            w.Line($"float count = batch * {positions};");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(gamma, inverseStd, xhat);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(xhat, 1f / count, xhat);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(xhat, sumDy, offset);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Negate(offset, offset);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(sumDyXhat, xhat, sumDyXhat);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(sumDyXhat, inverseStd, sumDyXhat);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Negate(sumDyXhat, sumDyXhat);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(gamma, inverseStd, sumDy);");
        }
        w.Line();
        w.Line($"/// <summary>{name} input gradient for <paramref name=\"rows\"/> rows: dx = A·dy + B·(x − μ) + C (=), coefficients from {n}GradientSums; dy row stride {outStride}, x and dx row stride {inStride}.</summary>");
        using (w.Open($"private void {n}InputGradient(ref float x, ref float dy, ref float dx, int rows)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> mean = {Slot(0)}, dyScale = {Slot(2)}, centeredScale = {Slot(3)}, offset = {Slot(4)};");
            Loop(w, "rows", () =>
            {
                w.Line($"global::System.Span<float> row = {WritableRow("dx", xOffset)};");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract({Row("x", xOffset)}, mean, row);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, centeredScale, offset, row);");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd({Row("dy", yOffset)}, dyScale, row, row);");
            });
        }
        w.Line();
    }

    private static void EmitLayerNorm(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier, name = layer.Spec.Name;
        int i = layer.Index, features = Features(layer);
        int inStride = layer.InputStride, outStride = layer.OutputStride;
        string eps = FloatLiteral.Literal(layer.Spec.Epsilon), inverseCount = FloatLiteral.Literal(1f / features);
        string gamma = $"View(_parameters, {layer.WeightOffset}, {features})", beta = $"View(_parameters, {layer.BiasOffset}, {features})";
        string Row(string reference, int stride) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, b * {stride}), {features})";
        string WritableRow(string reference, int stride) => $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {reference}, b * {stride}), {features})";

        w.Line($"/// <summary>{name} for one sample: μ and σ⁻¹ = 1/√(var + {FloatLiteral.Format(layer.Spec.Epsilon)}) of x [{features}] (biased), y = γ ⊙ (x − μ)·σ⁻¹ + β. A per-row routine: x and y must not overlap.</summary>");
        using (w.Open($"private static void {n}Row(global::System.ReadOnlySpan<float> x, global::System.Span<float> y, global::System.ReadOnlySpan<float> gamma, global::System.ReadOnlySpan<float> beta, out float mean, out float inverseStd)"))
        {
            w.Line($"mean = global::System.Numerics.Tensors.TensorPrimitives.Sum(x) * {inverseCount};");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Subtract(x, mean, y);");
            w.Line($"inverseStd = 1f / global::System.MathF.Sqrt(global::System.Numerics.Tensors.TensorPrimitives.SumOfSquares(y) * {inverseCount} + {eps});");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(y, inverseStd, y);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(y, gamma, beta, y);");
        }
        w.Line();
        w.Line($"/// <summary>{name} inference for <paramref name=\"rows\"/> rows [{features}]: x row stride {inStride}, y row stride {outStride}.</summary>");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> gamma = {gamma}, beta = {beta};");
            w.Line($"for (int b = 0; b < rows; b++) {n}Row({Row("x", inStride)}, {WritableRow("y", outStride)}, gamma, beta, out _, out _);");
        }
        w.Line();
        w.Line($"/// <summary>{name} training forward for <paramref name=\"rows\"/> rows: as inference, and keeps each row's (μ, σ⁻¹) in <paramref name=\"statistics\"/> [rows, 2] for backward.</summary>");
        using (w.Open($"private void {n}ForwardTraining(ref float x, ref float y, ref float statistics, int rows)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> gamma = {gamma}, beta = {beta};");
            w.Line($"for (int b = 0; b < rows; b++) {n}Row({Row("x", inStride)}, {WritableRow("y", outStride)}, gamma, beta, out global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b), out global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b + 1));");
        }
        w.Line();
        w.Line($"/// <summary>{name} input gradient for one sample: dx = σ⁻¹·(g − mean(g) − x̂·mean(g ⊙ x̂)) with g = dy ⊙ γ (=). A per-row routine: dx must not overlap x or dy.</summary>");
        using (w.Open($"private static void {n}RowInputGradient(global::System.ReadOnlySpan<float> x, global::System.ReadOnlySpan<float> dy, global::System.ReadOnlySpan<float> gamma, float mean, float inverseStd, global::System.Span<float> dx)"))
        {
            w.Line("// Σ g ⊙ x̂ with γ ⊙ x̂ in dx, then x̂ again for the last term.");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Subtract(x, mean, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(dx, inverseStd, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(dx, gamma, dx);");
            w.Line($"float meanGXhat = global::System.Numerics.Tensors.TensorPrimitives.Dot(dy, dx) * {inverseCount}, meanG = global::System.Numerics.Tensors.TensorPrimitives.Dot(dy, gamma) * {inverseCount};");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Subtract(x, mean, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(dx, -inverseStd * meanGXhat, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Add(dx, -meanG, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(dy, gamma, dx, dx);");
            w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(dx, inverseStd, dx);");
        }
        w.Line();
        w.Line($"/// <summary>{name} input gradient for <paramref name=\"rows\"/> rows (=): dy row stride {outStride}, x and dx row stride {inStride}.</summary>");
        using (w.Open($"private void {n}InputGradient(ref float x, ref float dy, ref float statistics, ref float dx, int rows)"))
        {
            w.Line($"global::System.ReadOnlySpan<float> gamma = {gamma};");
            w.Line($"for (int b = 0; b < rows; b++) {n}RowInputGradient({Row("x", inStride)}, {Row("dy", outStride)}, gamma, global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b), global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b + 1), {WritableRow("dx", inStride)});");
        }
        w.Line();
        w.Line($"/// <summary>{name} parameter gradients over the batch, on the calling thread: dβ += Σ_b dy, dγ += Σ_b dy ⊙ x̂.</summary>");
        using (w.Open($"private void {n}ParameterGradients(ref float x, ref float dy, ref float statistics, int batch)"))
        {
            w.Line($"global::System.Span<float> gammaGradient = View(_gradients, {layer.WeightOffset}, {features}), betaGradient = View(_gradients, {layer.BiasOffset}, {features});");
            w.Line($"global::System.Span<float> xhat = View(_layerNormScratch{i}, 0, {features});");
            using (w.Open("for (int b = 0; b < batch; b++)"))
            {
                w.Line($"global::System.ReadOnlySpan<float> gradient = {Row("dy", outStride)};");
                w.Line($"global::System.Numerics.Tensors.TensorPrimitives.Subtract({Row("x", inStride)}, global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b), xhat);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Multiply(xhat, global::System.Runtime.CompilerServices.Unsafe.Add(ref statistics, 2 * b + 1), xhat);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.Add(betaGradient, gradient, betaGradient);");
                w.Line("global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, xhat, gammaGradient, gammaGradient);");
            }
        }
        w.Line();
    }
}
