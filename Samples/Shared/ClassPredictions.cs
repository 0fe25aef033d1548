using NetGen;

/// <summary>
/// A classifier's predicted class for every sample of a labelled dataset, batch by batch through
/// <see cref="INetwork.Predict"/> and <see cref="Classification.ArgMax(ReadOnlySpan{float}, Span{int}, int, int)"/>,
/// and the runtime's <see cref="ConfusionMatrix"/> of those predictions against the labels.
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

    /// <summary>The confusion matrix of <paramref name="network"/> on <paramref name="data"/>, whose labels must be set.</summary>
    public static ConfusionMatrix Confusion(INetwork network, Dataset data, int batchSize = 256)
    {
        int[] labels = data.Labels ?? throw new ArgumentException("The dataset has no class labels.", nameof(data));
        return new ConfusionMatrix(labels, Of(network, data, batchSize), network.OutputSize);
    }
}
