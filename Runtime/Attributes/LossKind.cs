namespace NetGen;

/// <summary>The loss a network is trained with; decides what its last layer may be.</summary>
public enum LossKind
{
    /// <summary>No loss declared: the network is used for inference or driven by hand through <c>Backward</c>.</summary>
    None = 0,
    /// <summary>Mean squared error over all outputs; targets have the output's width.</summary>
    MeanSquaredError = 1,
    /// <summary>Binary cross-entropy on logits (sigmoid fused in the loss); one independent target in [0, 1] per output.</summary>
    BinaryCrossEntropyWithLogits = 2,
    /// <summary>Softmax cross-entropy on logits (softmax fused in the loss); needs at least two outputs.</summary>
    SoftmaxCrossEntropy = 3,
}
