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
}
