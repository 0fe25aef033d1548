namespace NetGen;

/// <summary>
/// A stand-alone activation layer, e.g. <c>[Activation(Activation.ReLU)]</c> after a <see cref="BatchNormAttribute"/>:
/// element-wise on a vector, an image or a sequence (Softmax on a vector only), as PyTorch's <c>nn.ReLU</c>,
/// <c>nn.LeakyReLU</c>, <c>nn.Sigmoid</c>, <c>nn.Tanh</c> and <c>nn.Softmax(dim=-1)</c>. It has no parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute : LayerAttribute
{
    public ActivationAttribute(Activation activation) => Activation = activation;

    /// <summary>The function applied.</summary>
    public Activation Activation { get; }

    /// <summary>Slope for negative inputs when <see cref="Activation"/> is LeakyReLU.</summary>
    public float LeakySlope { get; set; } = 0.01f;
}
