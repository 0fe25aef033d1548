using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Softmax cross-entropy on logits, softmax fused in, averaged over the batch (PyTorch
/// <c>CrossEntropyLoss</c>, reduction 'mean', with probability targets or class indices).
/// Per row x with target row t: ℓ = −Σ t·log softmax(x) = Σt·lse(x) − Σ t·x, where
/// lse(x) = m + log Σ e^(x−m) with m = max x, so no exponent is positive and none overflows;
/// ∂ℓ/∂x = softmax(x)·Σt − t (that is softmax(x) − t for targets that sum to one), divided by batch.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// The loss at logits <paramref name="outputs"/> [batch, width] against probability rows
    /// <paramref name="targets"/> [batch, width] (typically one-hot); overwrites (=)
    /// <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is not batch × width (gradient may be empty).</exception>
    public static float Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width)
    {
        LossShape.Validate(outputs.Length, targets.Length, gradient.Length, batch, width);
        if (!gradient.IsEmpty) return EvaluateWithGradient(outputs, targets, gradient, batch, width);
        double sum = 0.0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = outputs.Slice(b * width, width);
            ReadOnlySpan<float> t = targets.Slice(b * width, width);
            float max = TensorPrimitives.Max(x);
            double logSumExp = max + Math.Log(SumExp(x, max, default));
            sum += RowLoss(x, t, logSumExp);
        }
        return (float)(sum / batch);
    }

    /// <summary>
    /// The loss at logits <paramref name="outputs"/> [batch, width] against class indices
    /// <paramref name="labels"/> [batch] (equivalent to one-hot targets); overwrites (=)
    /// <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is wrong (labels must hold batch indices), or a label
    /// is outside [0, width). Nothing is written then.</exception>
    public static float Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, Span<float> gradient, int batch, int width)
    {
        int count = LossShape.ValidateSizes(batch, width);
        LossShape.Require(outputs.Length, count, batch, width, "outputs");
        if (labels.Length != batch)
        {
            ThrowLabelsLength(labels.Length, batch);
        }
        if (!gradient.IsEmpty)
        {
            LossShape.Require(gradient.Length, count, batch, width, "gradient");
        }
        // All labels are checked before the first write, so a bad label leaves the gradient untouched.
        for (int b = 0; b < batch; b++)
        {
            if ((uint)labels[b] >= (uint)width)
            {
                ThrowLabel(b, labels[b], width);
            }
        }

        float inverseBatch = 1.0f / batch;
        double sum = 0.0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = outputs.Slice(b * width, width);
            Span<float> g = gradient.IsEmpty ? default : gradient.Slice(b * width, width);
            int label = labels[b];

            float max = TensorPrimitives.Max(x);
            float sumExp = SumExp(x, max, g);
            sum += max + Math.Log(sumExp) - x[label];

            if (!g.IsEmpty)
            {
                TensorPrimitives.Multiply(g, inverseBatch / sumExp, g);
                g[label] -= inverseBatch;
            }
        }
        return (float)(sum / batch);
    }

    /// <summary>
    /// The loss and its gradient in three sweeps, so that one vectorized exponential covers the whole
    /// batch rather than one short call per row: shifted logits x − max into the gradient buffer, e^ of
    /// the buffer, then per row the loss and g = (e·Σt/Σe − t)/batch.
    /// </summary>
    private static float EvaluateWithGradient(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width)
    {
        Span<float> all = gradient.Slice(0, batch * width);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = outputs.Slice(b * width, width);
            Span<float> g = all.Slice(b * width, width);
            float max = Max(x);
            for (int i = 0; i < width; i++) g[i] = x[i] - max;
        }
        TensorPrimitives.Exp(all, all);

        float inverseBatch = 1.0f / batch;
        double sum = 0.0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = outputs.Slice(b * width, width);
            ReadOnlySpan<float> t = targets.Slice(b * width, width);
            Span<float> g = all.Slice(b * width, width);
            float sumExp = 0f, targetSum = 0f;
            for (int i = 0; i < width; i++)
            {
                sumExp += g[i];
                targetSum += t[i];
            }
            sum += RowLoss(x, t, Max(x) + Math.Log(sumExp));
            float scale = targetSum / (sumExp * batch);
            for (int i = 0; i < width; i++) g[i] = g[i] * scale - t[i] * inverseBatch;
        }
        return (float)(sum / batch);
    }

    /// <summary>
    /// Σ t·(lse − x) in double: lse and x are both near max, so their difference keeps its digits even
    /// for logits in the thousands.
    /// </summary>
    private static double RowLoss(ReadOnlySpan<float> x, ReadOnlySpan<float> t, double logSumExp)
    {
        double loss = 0.0;
        for (int i = 0; i < x.Length; i++) loss += t[i] * (logSumExp - x[i]);
        return loss;
    }

    /// <summary>The largest element; a plain loop, as rows of class scores are short.</summary>
    private static float Max(ReadOnlySpan<float> x)
    {
        float max = x[0];
        for (int i = 1; i < x.Length; i++) max = Math.Max(max, x[i]);
        return max;
    }

    /// <summary>
    /// Σ e^(x−max); also leaves e^(x−max) in <paramref name="exps"/> unless it is empty, where the
    /// softmax gradient is then finished in place.
    /// </summary>
    private static float SumExp(ReadOnlySpan<float> x, float max, Span<float> exps)
    {
        if (!exps.IsEmpty)
        {
            TensorPrimitives.Subtract(x, max, exps);
            TensorPrimitives.Exp(exps, exps);
            return TensorPrimitives.Sum(exps);
        }
        float sumExp = 0.0f;
        for (int i = 0; i < x.Length; i++)
        {
            sumExp += MathF.Exp(x[i] - max);
        }
        return sumExp;
    }

    [DoesNotReturn]
    private static void ThrowLabelsLength(int actual, int expected) =>
        throw new ArgumentException($"Expected labels of length {expected} (one class index per sample), but its length is {actual}.", "labels");

    [DoesNotReturn]
    private static void ThrowLabel(int sample, int label, int width) =>
        throw new ArgumentOutOfRangeException("labels", label, $"Label {label} of sample {sample} is outside [0, {width}).");
}
