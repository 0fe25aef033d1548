namespace NetGen.Reference;

/// <summary>Losses on a batch of outputs, each with its gradient.</summary>
public static class Losses
{
    /// <summary>
    /// PyTorch's <c>nn.CrossEntropyLoss</c> (mean reduction) on logits z [B, K] and class indices:
    /// L = −(1/B) Σ_b log softmax(z_b)[label_b]; ∂L/∂z = (softmax(z) − onehot(label)) / B.
    /// </summary>
    public static (double Loss, double[] Gradient) SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels)
    {
        int batch = labels.Length, classes = logits.Length / batch;
        double loss = 0;
        var gradient = new double[logits.Length];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<double> z = logits.Slice(b * classes, classes);
            double max = double.NegativeInfinity, sum = 0;
            foreach (double v in z) max = Math.Max(max, v);
            foreach (double v in z) sum += Math.Exp(v - max);
            for (int c = 0; c < classes; c++) gradient[b * classes + c] = (Math.Exp(z[c] - max) / sum - (c == labels[b] ? 1 : 0)) / batch;
            loss -= z[labels[b]] - max - Math.Log(sum);
        }
        return (loss / batch, gradient);
    }
}
