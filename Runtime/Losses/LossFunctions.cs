namespace NetGen;

/// <summary>
/// The loss named by a <see cref="LossKind"/>: what a generated network's <c>ComputeLoss</c> calls,
/// so the choice is one switch per batch, not per element.
/// </summary>
public static class LossFunctions
{
    /// <summary>
    /// Evaluates the loss <paramref name="kind"/> (mean over the batch as each loss defines it) and
    /// overwrites (=) <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="LossKind.None"/> or unknown,
    /// or a span length is not batch × width.</exception>
    public static float Evaluate(LossKind kind, ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width) =>
        kind switch
        {
            LossKind.MeanSquaredError => MeanSquaredError.Evaluate(outputs, targets, gradient, batch, width),
            LossKind.BinaryCrossEntropyWithLogits => BinaryCrossEntropyWithLogits.Evaluate(outputs, targets, gradient, batch, width),
            LossKind.SoftmaxCrossEntropy => SoftmaxCrossEntropy.Evaluate(outputs, targets, gradient, batch, width),
            LossKind.None => throw new ArgumentException("The network declares no loss (LossKind.None), so there is none to evaluate.", nameof(kind)),
            _ => throw new ArgumentException($"Unknown loss kind {kind}.", nameof(kind)),
        };

    /// <summary>
    /// Evaluates the loss <paramref name="kind"/> against class ids <paramref name="labels"/> [batch] instead of target
    /// rows and overwrites (=) <paramref name="gradient"/> with ∂loss/∂outputs unless it is empty; only softmax
    /// cross-entropy reads class ids (its result equals that of one-hot rows).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not <see cref="LossKind.SoftmaxCrossEntropy"/>,
    /// a span length is wrong, or a label is outside [0, width). Nothing is written then.</exception>
    public static float Evaluate(LossKind kind, ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, Span<float> gradient, int batch, int width) =>
        kind == LossKind.SoftmaxCrossEntropy
            ? SoftmaxCrossEntropy.Evaluate(outputs, labels, gradient, batch, width)
            : throw new ArgumentException(
                $"Class-id labels need the loss SoftmaxCrossEntropy, but the loss is {kind}; give target rows (0/1 for binary cross-entropy, values for regression) instead.",
                nameof(kind));
}
