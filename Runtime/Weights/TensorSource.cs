namespace NetGen;

/// <summary>What <see cref="NetworkTensors.CopyTensor(INetwork, string, Span{float}, TensorSource)"/> copies of a named tensor.</summary>
public enum TensorSource
{
    /// <summary>
    /// The tensor's values, from the buffer it lives in (<see cref="TensorLayout.Buffer"/>): <see cref="INetwork.Parameters"/>
    /// for weights and biases, <see cref="INetwork.State"/> for batch-norm running statistics — what a weight file holds.
    /// </summary>
    Values = 0,

    /// <summary>
    /// The tensor's gradient, from <see cref="ITrainableNetwork.Gradients"/>: what Backward accumulated for it. Only parameters have
    /// one; a <see cref="TensorBuffer.State"/> tensor is updated by Forward, not trained.
    /// </summary>
    Gradients = 1,
}
