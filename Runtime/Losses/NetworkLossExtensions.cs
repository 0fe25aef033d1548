namespace NetGen;

/// <summary>The declared loss of any <see cref="ITrainableNetwork"/> against class ids rather than target rows.</summary>
public static class NetworkLossExtensions
{
    /// <summary>
    /// The declared loss at <paramref name="outputs"/> [batch, OutputSize] against class ids <paramref name="labels"/>
    /// [batch] (mean over the batch, equal to the loss of one-hot target rows); overwrites (=)
    /// <paramref name="outputGradient"/> with ∂loss/∂outputs unless it is empty. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The network's loss is not <see cref="LossKind.SoftmaxCrossEntropy"/>, a span
    /// length is wrong, or a label is outside [0, OutputSize) (the message names the sample and label). Nothing is written then.</exception>
    public static float ComputeLoss(this ITrainableNetwork network, ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, Span<float> outputGradient, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        return LossFunctions.Evaluate(network.Loss, outputs, labels, outputGradient, batch, network.OutputSize);
    }
}
