using System.Numerics.Tensors;

namespace NetGen;

/// <summary>Gradient clipping, applied to the flat gradient buffer between backward and the optimizer step.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> in place so their L2 norm is at most <paramref name="maxNorm"/>,
    /// as <c>torch.nn.utils.clip_grad_norm_</c>: with n = ‖g‖₂, when maxNorm / (n + 1e-6) &lt; 1 every
    /// gradient is multiplied by that factor (the 1e-6 keeps the division finite at n = 0).
    /// </summary>
    /// <returns>The norm before clipping, useful to log exploding gradients.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static float ClipByNorm(Span<float> gradients, float maxNorm)
    {
        if (!(maxNorm >= 0.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must not be negative.");
        }
        float norm = TensorPrimitives.Norm((ReadOnlySpan<float>)gradients);
        float coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1.0f)
        {
            TensorPrimitives.Multiply(gradients, coefficient, gradients);
        }
        return norm;
    }
}
