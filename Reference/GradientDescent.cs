namespace NetGen.Reference;

/// <summary>Plain SGD, PyTorch's <c>optim.SGD</c> without momentum or weight decay: p ← p − lr · ∂L/∂p.</summary>
public static class GradientDescent
{
    /// <summary>Every tensor of <paramref name="network"/> after one step, by name; the network itself is left as it was.</summary>
    public static Dictionary<string, double[]> Step(Network network, double learningRate)
    {
        var updated = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach ((string name, double[] values) in network.Parameters)
        {
            double[] gradient = network.Gradients[name];
            var next = new double[values.Length];
            for (int i = 0; i < values.Length; i++) next[i] = values[i] - learningRate * gradient[i];
            updated[name] = next;
        }
        return updated;
    }
}
