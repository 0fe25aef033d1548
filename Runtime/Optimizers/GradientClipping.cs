using System.Globalization;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>Gradient clipping, applied to the flat gradient buffer between backward and the optimizer step.</summary>
/// <remarks>
/// Non-finite gradients are never clipped: scaling them would turn an infinity into NaN next to zeroed finite
/// values and hide the divergence. <see cref="ClipByNorm"/> throws on them, <see cref="TryClipByNorm"/> reports
/// them; either way the gradients are left as they are.
/// </remarks>
public static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> in place so their L2 norm is at most <paramref name="maxNorm"/>,
    /// as <c>torch.nn.utils.clip_grad_norm_</c>: with n = ‖g‖₂, when maxNorm / (n + 1e-6) &lt; 1 every
    /// gradient is multiplied by that factor (the 1e-6 keeps the division finite at n = 0).
    /// </summary>
    /// <returns>
    /// The norm before clipping, useful to log exploding gradients; +∞ when finite gradients have a norm beyond
    /// the float range (they are still clipped, computed with a rescaling that keeps the squares in range).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    /// <exception cref="NotFiniteNumberException">A gradient is NaN or infinite; the message gives its index and
    /// value, and the gradients are left unchanged.</exception>
    public static float ClipByNorm(Span<float> gradients, float maxNorm)
    {
        if (!TryClipByNorm(gradients, maxNorm, out float norm))
        {
            int index = FirstNonFinite(gradients);
            throw new NotFiniteNumberException(string.Create(CultureInfo.InvariantCulture,
                $"Cannot clip non-finite gradients: gradient {index} of {gradients.Length} is {gradients[index]} (norm {norm}); the gradients were left unchanged."),
                gradients[index]);
        }
        return norm;
    }

    /// <summary>
    /// Clips like <see cref="ClipByNorm"/>, but reports non-finite gradients instead of throwing: returns false,
    /// with <paramref name="norm"/> NaN or +∞ and the gradients unchanged, when any gradient is NaN or infinite.
    /// One pass over the gradients to compute the norm, a second only when clipping scales them (or, when the norm
    /// overflows, to tell finite gradients from infinite ones).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN.</exception>
    public static bool TryClipByNorm(Span<float> gradients, float maxNorm, out float norm)
    {
        if (!(maxNorm >= 0.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must not be negative.");
        }
        norm = TensorPrimitives.Norm((ReadOnlySpan<float>)gradients);
        if (float.IsInfinity(norm))
        {
            // The squares overflow from ‖g‖ ≈ 1.8e19 on, so +∞ may still come from finite gradients.
            if (!TensorPrimitives.IsFiniteAll((ReadOnlySpan<float>)gradients)) return false;
            norm = ScaledNorm(gradients);
        }
        else if (float.IsNaN(norm))
        {
            return false;
        }
        float coefficient = maxNorm / (norm + 1e-6f);
        if (coefficient < 1.0f)
        {
            TensorPrimitives.Multiply(gradients, coefficient, gradients);
        }
        return true;
    }

    /// <summary>
    /// ‖g‖₂ of finite gradients whose squares overflow: the largest magnitude times the norm of the gradients
    /// divided by it, chunk by chunk through a stack buffer so the gradients stay as they are. +∞ beyond the float range.
    /// </summary>
    private static float ScaledNorm(ReadOnlySpan<float> gradients)
    {
        float largest = MathF.Abs(TensorPrimitives.MaxMagnitude(gradients));
        Span<float> chunk = stackalloc float[256];
        double sumOfSquares = 0;
        for (int start = 0; start < gradients.Length; start += chunk.Length)
        {
            ReadOnlySpan<float> part = gradients.Slice(start, Math.Min(chunk.Length, gradients.Length - start));
            TensorPrimitives.Divide(part, largest, chunk[..part.Length]);
            sumOfSquares += TensorPrimitives.SumOfSquares((ReadOnlySpan<float>)chunk[..part.Length]);
        }
        return (float)(largest * Math.Sqrt(sumOfSquares));
    }

    /// <summary>Index of the first NaN or infinite value; only called once one is known to exist.</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }
}
