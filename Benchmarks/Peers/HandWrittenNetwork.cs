namespace NetGen.Benchmarks.Peers;

/// <summary>
/// What a user's hand-written network looks like: a List&lt;Layer&gt; with virtual Forward/Backward, new arrays
/// per layer and call, predict sample by sample, and a softmax cross-entropy SGD training step.
/// </summary>
public abstract class HandWrittenNetwork
{
    public List<Layer> Layers { get; } = [];

    /// <summary>The first <paramref name="batch"/> of <paramref name="inputs"/> as the jagged array a user would hold.</summary>
    protected static float[][] Samples(float[] inputs, int inputSize, int batch)
    {
        var samples = new float[batch][];
        for (int s = 0; s < batch; s++) samples[s] = inputs.AsSpan(s * inputSize, inputSize).ToArray();
        return samples;
    }

    public float[] Predict(float[] x)
    {
        foreach (Layer layer in Layers) x = layer.Forward(x);
        return x;
    }

    public float[][] Predict(float[][] batch)
    {
        var outputs = new float[batch.Length][];
        for (int s = 0; s < batch.Length; s++) outputs[s] = Predict(batch[s]);
        return outputs;
    }

    /// <summary>
    /// Forward and backward sample by sample, gradients of the mean softmax cross-entropy accumulated
    /// over the batch, then one SGD update. Returns the mean loss before the update.
    /// </summary>
    public float TrainStep(float[][] batch, int[] labels, float learningRate)
    {
        float totalLoss = 0;
        for (int s = 0; s < batch.Length; s++)
        {
            float[] logits = Predict(batch[s]);

            float max = logits.Max();
            var exp = new float[logits.Length];
            float sum = 0;
            for (int c = 0; c < logits.Length; c++) { exp[c] = MathF.Exp(logits[c] - max); sum += exp[c]; }
            totalLoss += -(logits[labels[s]] - max - MathF.Log(sum));

            var grad = new float[logits.Length];
            for (int c = 0; c < logits.Length; c++) grad[c] = (exp[c] / sum - (c == labels[s] ? 1 : 0)) / batch.Length;

            for (int l = Layers.Count - 1; l >= 0; l--) grad = Layers[l].Backward(grad);
        }
        foreach (Layer layer in Layers) layer.Update(learningRate);
        return totalLoss / batch.Length;
    }

    /// <summary>Weights and biases per layer with parameters, flattened to PyTorch layout for checks.</summary>
    public abstract (float[][] Weights, float[][] Biases) ReadParameters();
}
