using NetGen;

/// <summary>
/// A classifier's predicted class for every sample of a labelled dataset, batch by batch through
/// <see cref="INetwork.Predict"/> and <see cref="Classification.ArgMax(ReadOnlySpan{float}, Span{int}, int, int)"/>,
/// (or a threshold for a single output), and the runtime's <see cref="ConfusionMatrix"/> of those predictions against the labels.
/// </summary>
internal static class ClassPredictions
{
    /// <summary>The argmax of the network's outputs for each sample of <paramref name="data"/>, in order.</summary>
    public static int[] Of(INetwork network, Dataset data, int batchSize = 256)
    {
        int classes = network.OutputSize;
        int[] predicted = new int[data.Count];
        float[] outputs = new float[batchSize * classes];
        for (int first = 0; first < data.Count; first += batchSize)
        {
            int batch = Math.Min(batchSize, data.Count - first);
            ReadOnlySpan<float> inputs = data.Features.AsSpan(first * data.FeatureSize, batch * data.FeatureSize);
            network.Predict(inputs, outputs.AsSpan(0, batch * classes), batch);
            Classification.ArgMax(outputs.AsSpan(0, batch * classes), predicted.AsSpan(first, batch), batch, classes);
        }
        return predicted;
    }

    /// <summary>
    /// For a network with one output (a logit, a probability or a step): class 1 where the output is above
    /// <paramref name="threshold"/>, else 0, for each sample of <paramref name="data"/>.
    /// </summary>
    public static int[] OfBinary(INetwork network, Dataset data, float threshold)
    {
        if (network.OutputSize != 1) throw new ArgumentException($"Expected a network with 1 output, but it has {network.OutputSize}.", nameof(network));
        float[] outputs = new float[data.Count];
        network.Predict(data.Features, outputs, data.Count);
        return Array.ConvertAll(outputs, output => output > threshold ? 1 : 0);
    }

    /// <summary>
    /// The confusion matrix of <paramref name="network"/> on <paramref name="data"/>, whose labels must be set: the argmax
    /// of the outputs, or for a single output <see cref="OfBinary"/> at <paramref name="binaryThreshold"/>.
    /// </summary>
    public static ConfusionMatrix Confusion(INetwork network, Dataset data, float binaryThreshold = 0.5f)
    {
        int[] labels = data.Labels ?? throw new ArgumentException("The dataset has no class labels.", nameof(data));
        return network.OutputSize == 1
            ? new ConfusionMatrix(labels, OfBinary(network, data, binaryThreshold), classCount: 2)
            : new ConfusionMatrix(labels, Of(network, data), network.OutputSize);
    }
}
