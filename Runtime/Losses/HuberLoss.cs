namespace NetGen;

/// <summary>
/// Huber loss, averaged over every element (PyTorch <c>HuberLoss</c>, reduction 'mean'): with
/// d = y − t, ℓ = ½d² where |d| ≤ δ and δ(|d| − ½δ) beyond; ∂ℓ/∂y = clamp(d, −δ, δ), both divided by
/// batch · width. Quadratic near the target and linear far from it, so outliers (large temporal-difference
/// errors in reinforcement learning) give bounded gradients.
/// </summary>
public static class HuberLoss
{
    /// <summary>
    /// The loss at <paramref name="outputs"/> [batch, width] against <paramref name="targets"/> [batch, width]
    /// with threshold <paramref name="delta"/>; overwrites (=) <paramref name="gradient"/> with ∂loss/∂outputs
    /// unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is not batch × width (gradient may be empty).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive and finite.</exception>
    public static float Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width, float delta = 1.0f)
    {
        if (!(delta > 0.0f) || !float.IsFinite(delta))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be positive and finite.");
        }
        int count = LossShape.Validate(outputs.Length, targets.Length, gradient.Length, batch, width);
        float inverseCount = 1.0f / count;
        bool wantGradient = !gradient.IsEmpty;

        double sum = 0.0; // double so the mean of many small terms does not lose digits
        for (int i = 0; i < count; i++)
        {
            float d = outputs[i] - targets[i];
            float a = MathF.Abs(d);
            sum += a <= delta ? 0.5f * d * d : delta * (a - 0.5f * delta);
            if (wantGradient)
            {
                gradient[i] = Math.Clamp(d, -delta, delta) * inverseCount;
            }
        }
        return (float)(sum / count);
    }
}
