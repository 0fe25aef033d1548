using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Mean squared error, averaged over every element (PyTorch <c>MSELoss</c>, reduction 'mean'):
/// loss = Σ (y − t)² / (batch · width), ∂loss/∂y = 2 (y − t) / (batch · width).
/// </summary>
public static class MeanSquaredError
{
    /// <summary>
    /// The loss at <paramref name="outputs"/> [batch, width] against <paramref name="targets"/> [batch, width];
    /// overwrites (=) <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is not batch × width (gradient may be empty).</exception>
    public static float Evaluate(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width)
    {
        int count = LossShape.Validate(outputs.Length, targets.Length, gradient.Length, batch, width);
        float inverseCount = 1.0f / count;

        if (gradient.IsEmpty)
        {
            // Distance is the Euclidean norm of (y − t): its square is the sum of squared errors,
            // computed without a scratch buffer.
            float distance = TensorPrimitives.Distance(outputs, targets);
            return distance * distance * inverseCount;
        }

        // The residual goes straight into the gradient buffer, then is scaled in place.
        TensorPrimitives.Subtract(outputs, targets, gradient);
        float sumOfSquares = TensorPrimitives.SumOfSquares((ReadOnlySpan<float>)gradient);
        TensorPrimitives.Multiply(gradient, 2.0f * inverseCount, gradient);
        return sumOfSquares * inverseCount;
    }
}
