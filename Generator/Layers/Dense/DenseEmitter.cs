using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Emitters.MatrixEmitter;

namespace NetGen.Generator.Layers;

/// <summary>
/// Dense layer, forward and backward. Weights are stored [in, stride] (stride = out rounded up to 16,
/// zero padded), so forward and the weight gradient load full vectors along the output axis:
/// <code>
/// forward   y[b, :]   = act(Σ_k x[b, k] · W[k, :] + bias)       (saves y for backward)
/// backward  dz        = dy ⊙ act'(y)                            (in place in dy)
///           dbias    += Σ_b dz[b, :]
///           dW[k, :] += Σ_b x[b, k] · dz[b, :]
///           dx[b, :]  = Σ_j dz[b, j] · Wᵀ[j, :]                 (only when asked; Wᵀ is refreshed per backward)
/// </code>
/// Forward and the input gradient are both <see cref="GemmEmitter"/> products; the weight gradient keeps
/// a tile of weight rows in registers while it runs over the batch. For threads, the weight gradient is
/// split by weight rows and the input gradient by batch rows, so each element is summed in the same order
/// whatever the thread count.
/// </summary>
internal static class DenseEmitter
{
    public static void EmitMembers(SourceWriter w, LayerPlan layer)
    {
        EmitForward(w, layer);
        ActivationEmitter.EmitLayerBackward(w, layer);
        EmitGradients(w, layer);
        MatrixEmitter.EmitKernels(w, MatrixPlan.ForDense(layer));
    }

    /// <summary>Input columns rounded up to whole vectors: the row stride of Wᵀ and of the input-gradient product.</summary>
    public static int InputPadded(LayerPlan layer) => Planner.RoundUp(layer.InputWidth);

    /// <summary>Whether the input gradient must go through a scratch buffer because the target's stride is not the padded one.</summary>
    public static bool NeedsInputGradientScratch(LayerPlan layer) => layer.InputStride != InputPadded(layer);

    private static void EmitForward(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        w.Line($"/// <summary>{layer.Spec.Name} forward for <paramref name=\"rows\"/> rows: y[rows, {layer.OutputWidth}] = {ActivationEmitter.Describe(layer.Spec)}(x[rows, {layer.InputWidth}] · W + b); x has row stride {layer.InputStride}, y row stride {layer.OutputStride}.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        using (w.Open($"private void {n}Forward(ref float x, ref float y, int rows)"))
        {
            w.Line("ref float parameters = ref Data(_parameters);");
            string bias = layer.Spec.HasBias ? $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref parameters, {layer.BiasOffset}), " : "";
            w.Line($"{n}ForwardKernel(ref x, ref {Add("parameters", layer.WeightOffset)}, {bias}ref y, rows);");
            ActivationEmitter.EmitRowwiseForward(w, layer);
        }
        w.Line();
    }

    private static void EmitGradients(SourceWriter w, LayerPlan layer)
    {
        string n = layer.Identifier;
        int k = layer.InputWidth, kp = InputPadded(layer);
        bool scratch = NeedsInputGradientScratch(layer);
        w.Line("/// <summary>");
        w.Line($"/// {layer.Spec.Name} gradients from dz (row stride {layer.OutputStride}), part <paramref name=\"part\"/> of <paramref name=\"parts\"/>: unless frozen (<paramref name=\"weights\"/> false), dbias += Σ_b dz (part 0)");
        w.Line($"/// and dW += xᵀ · dz for this part's weight rows; and, when <paramref name=\"inputGradient\"/> is set, dx = dz · Wᵀ (=) for this part's batch rows");
        w.Line($"/// (dx row stride {layer.InputStride}{(scratch ? $"; computed at stride {kp} in a scratch buffer, then copied" : "")}).");
        w.Line("/// </summary>");
        using (w.Open($"private void {n}Gradients(ref float x, ref float dz, ref float dx, int batch, int part, int parts, bool inputGradient, bool weights)"))
        {
            using (w.Open("if (weights)"))
            {
                w.Line("ref float gradients = ref Data(_gradients);");
                if (layer.Spec.HasBias)
                {
                    w.Line($"if (part == 0) {n}BiasGradientKernel(ref dz, ref {Add("gradients", layer.BiasOffset)}, batch);");
                }
                w.Line($"(int k0, int k1) = global::NetGen.ParallelRunner.Partition({k}, part, parts);");
                w.Line($"{n}WeightGradientKernel(ref x, ref dz, ref {Add("gradients", layer.WeightOffset)}, batch, k0, k1);");
            }
            w.Line("if (!inputGradient) return;");
            w.Line("(int b0, int b1) = global::NetGen.ParallelRunner.Partition(batch, part, parts);");
            w.Line($"ref float transposed = ref Data(_transposed{layer.Index}!); // refreshed by Backward before this stage");
            if (!scratch)
            {
                w.Line($"{n}InputGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b0 * {layer.OutputStride}), ref transposed, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b0 * {kp}), b1 - b0);");
            }
            else
            {
                w.Line($"ref float padded = ref Data(_inputGradientScratch{layer.Index});");
                w.Line($"{n}InputGradientKernel(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dz, b0 * {layer.OutputStride}), ref transposed, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, b0 * {kp}), b1 - b0);");
                w.Line($"for (int b = b0; b < b1; b++) global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref padded, b * {kp}), {k}).CopyTo(global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, b * {layer.InputStride}), {k}));");
            }
        }
        w.Line();
    }

}
