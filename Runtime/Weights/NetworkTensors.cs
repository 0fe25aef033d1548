namespace NetGen;

/// <summary>
/// A network's named tensors one at a time, in the weight-file (PyTorch) layout: how a parameter, its gradient or a
/// running statistic is compared with PyTorch's without reading <see cref="TensorLayout.IndexOf"/> by hand.
/// </summary>
public static class NetworkTensors
{
    /// <summary>
    /// The layout of the tensor the weight files call <paramref name="name"/> (e.g. <c>dense0.weight</c>,
    /// <c>lstm0.weight_hh_l0</c>, <c>batchnorm0.running_mean</c>); its <see cref="TensorLayout.Shape"/> and
    /// <see cref="TensorLayout.ElementCount"/> size a destination for <see cref="CopyTensor(INetwork, string, Span{float}, TensorSource)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no tensor of that name; the message lists the names it has.</exception>
    public static TensorLayout GetTensor(this INetwork network, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(name);
        foreach (TensorLayout tensor in network.Tensors)
        {
            if (tensor.Name == name) return tensor;
        }
        string known = network.Tensors.Count == 0 ? "none" : string.Join(", ", network.Tensors.Select(t => t.Name));
        throw new ArgumentException($"The network has no tensor '{name}'; its tensors are: {known}.", nameof(name));
    }

    /// <summary>
    /// Copies the tensor named <paramref name="name"/> — its values or its gradient, as <paramref name="source"/> says — into
    /// <paramref name="destination"/>, row-major in its file shape (<see cref="TensorLayout.Shape"/>): the layout
    /// <see cref="INetwork.SaveWeights"/> writes and PyTorch's <c>tensor.flatten()</c> gives, with the network's padding and
    /// transposes undone.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The network has no tensor of that name (the message lists the names it has); <paramref name="destination"/> does not
    /// hold exactly the tensor's <see cref="TensorLayout.ElementCount"/> floats; or gradients are asked of a
    /// <see cref="TensorBuffer.State"/> tensor (batch-norm running statistics are updated by Forward and have no gradient)
    /// or of a network that is not an <see cref="ITrainableNetwork"/>.
    /// </exception>
    public static void CopyTensor(this INetwork network, string name, Span<float> destination, TensorSource source = TensorSource.Values)
    {
        TensorLayout tensor = network.GetTensor(name);
        tensor.CopyTo(BufferOf(network, tensor, source), destination);
    }

    /// <summary>
    /// The tensor named <paramref name="name"/> (values or gradient) in a new array, row-major in its file shape; see
    /// <see cref="CopyTensor(INetwork, string, Span{float}, TensorSource)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no tensor of that name, or gradients are asked of a state tensor or of a network that is not an <see cref="ITrainableNetwork"/>.</exception>
    public static float[] CopyTensor(this INetwork network, string name, TensorSource source = TensorSource.Values)
    {
        TensorLayout tensor = network.GetTensor(name);
        var values = new float[tensor.ElementCount];
        tensor.CopyTo(BufferOf(network, tensor, source), values);
        return values;
    }

    /// <summary>The buffer <paramref name="tensor"/>'s values or gradient live in: gradients share the parameters' layout.</summary>
    private static ReadOnlySpan<float> BufferOf(INetwork network, TensorLayout tensor, TensorSource source) => source switch
    {
        TensorSource.Values => tensor.Buffer == TensorBuffer.State ? network.State : network.Parameters,
        TensorSource.Gradients when tensor.Buffer == TensorBuffer.State => throw new ArgumentException(
            $"tensor '{tensor.Name}' is state (updated by Forward, e.g. a batch-norm running statistic), not a trained parameter: it has no gradient; copy its values with TensorSource.Values", nameof(source)),
        TensorSource.Gradients when network is ITrainableNetwork trainable => trainable.Gradients,
        TensorSource.Gradients => throw new ArgumentException(
            $"the network ({network.GetType().Name}) is not an ITrainableNetwork: it has no gradients; copy values with TensorSource.Values", nameof(source)),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "expected TensorSource.Values or TensorSource.Gradients"),
    };
}
