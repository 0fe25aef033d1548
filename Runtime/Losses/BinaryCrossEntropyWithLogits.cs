namespace NetGen;

/// <summary>
/// Binary cross-entropy on logits, sigmoid fused in, averaged over every element (PyTorch
/// <c>BCEWithLogitsLoss</c>, reduction 'mean'). Per element, in the stable form that never
/// exponentiates a positive number: ℓ = max(x, 0) − x·t + log(1 + e^−|x|);
/// ∂ℓ/∂x = σ(x) − t, and both are divided by batch · width.
/// </summary>
public static class BinaryCrossEntropyWithLogits
{
    /// <summary>
    /// The loss at logits <paramref name="outputs"/> [batch, width] against <paramref name="targets"/>
    /// [batch, width] in [0, 1]; overwrites (=) <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is not batch × width (gradient may be empty).</exception>
    public static float Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width)
    {
        int count = LossShape.Validate(outputs.Length, targets.Length, gradient.Length, batch, width);
        float inverseCount = 1.0f / count;
        bool wantGradient = !gradient.IsEmpty;

        // A scalar loop: log and exp of the same |x| serve both the loss and the sigmoid, and the
        // element count of a loss is small next to the layers that produced it.
        double sum = 0.0; // double so the mean of many small terms does not lose digits
        for (int i = 0; i < count; i++)
        {
            float x = outputs[i];
            float t = targets[i];
            float e = MathF.Exp(-MathF.Abs(x)); // in (0, 1]: cannot overflow
            sum += MathF.Max(x, 0.0f) - x * t + MathF.Log(1.0f + e);
            if (wantGradient)
            {
                // σ(x) from the same e: 1/(1+e^−x) for x ≥ 0, e^x/(1+e^x) otherwise.
                float sigmoid = x >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
                gradient[i] = (sigmoid - t) * inverseCount;
            }
        }
        return (float)(sum / count);
    }
}
