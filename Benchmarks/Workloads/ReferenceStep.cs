using NetGen.Reference;

namespace NetGen.Benchmarks.Workloads;

/// <summary>What the workloads' references share: float data into the reference's doubles, and one SGD training step.</summary>
public static class ReferenceStep
{
    /// <summary>Forward, mean softmax cross-entropy on <paramref name="labels"/>, backward and one SGD step; the loss before it and every updated tensor.</summary>
    public static (double Loss, Dictionary<string, double[]> Updated) Train(Network network, double[] inputs, ReadOnlySpan<int> labels, float learningRate)
    {
        double[] logits = network.Forward(inputs, labels.Length);
        (double loss, double[] gradient) = Losses.SoftmaxCrossEntropy(logits, labels);
        network.ZeroGradients();
        network.Backward(gradient);
        return (loss, GradientDescent.Step(network, learningRate));
    }

    /// <summary>Float inputs as the reference's doubles.</summary>
    public static double[] Inputs(ReadOnlySpan<float> values)
    {
        var inputs = new double[values.Length];
        for (int i = 0; i < values.Length; i++) inputs[i] = values[i];
        return inputs;
    }

    /// <summary>A workload's float tensor into the reference's tensor of the same layout.</summary>
    public static void Copy(float[] source, double[] destination)
    {
        if (source.Length != destination.Length) throw new InvalidOperationException($"expected {destination.Length} values, got {source.Length}");
        for (int i = 0; i < source.Length; i++) destination[i] = source[i];
    }
}
