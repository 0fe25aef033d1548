namespace NetGen;

/// <summary>
/// Marks a <c>partial class</c> as a network whose code NetGen generates. The layers follow as
/// attributes on the same declaration, in order from input to output.
/// </summary>
/// <example>
/// <code>
/// [Network(784, Loss = LossKind.SoftmaxCrossEntropy)]
/// [Dense(128, Activation = Activation.ReLU)]
/// [Dense(10)]
/// public partial class MnistMlp;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Declares the shape of one input sample, e.g. <c>784</c> or <c>1, 28, 28</c>.</summary>
    public NetworkAttribute(params int[] input) => Input = input;

    /// <summary>The shape of one input sample (without the batch dimension).</summary>
    public int[] Input { get; set; }

    /// <summary>The loss the network is trained with.</summary>
    public LossKind Loss { get; set; }

    /// <summary>
    /// Whether Predict and Forward also take per-sample sequence lengths (<c>Predict(inputs, outputs, batch, lengths)</c>)
    /// for padded batches of shorter sequences, as PyTorch's <c>pack_padded_sequence</c>: each recurrent layer stops at a
    /// sample's last real step, padded steps output zero and add nothing to any gradient. Needs a recurrent layer.
    /// </summary>
    public bool VariableLength { get; set; }
}
