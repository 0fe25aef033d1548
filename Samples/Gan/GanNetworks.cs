namespace NetGen.Samples.Gan;

/// <summary>
/// The generator: 64 noise numbers → 256 → 256 (ReLU) → 784 pixels in (−1, 1) (tanh, which does not
/// saturate at the background as a sigmoid would). No loss of its own: it learns from the gradient the
/// discriminator passes back to its input.
/// </summary>
[Network(GanShape.Noise)]
[Dense(256, Activation = Activation.ReLU, Name = "fc1")]
[Dense(256, Activation = Activation.ReLU, Name = "fc2")]
[Dense(784, Activation = Activation.Tanh, Name = "fc3")]
public partial class DigitGenerator;

/// <summary>The discriminator: 784 pixels in [−1, 1] → 256 → 256 (leaky ReLU) → one logit, "real" against "generated".</summary>
[Network(784, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(256, Activation = Activation.LeakyReLU, LeakySlope = 0.2f, Name = "fc1")]
[Dense(256, Activation = Activation.LeakyReLU, LeakySlope = 0.2f, Name = "fc2")]
[Dense(1, Name = "fc3")]
public partial class DigitDiscriminator;

/// <summary>
/// The judge of the generated digits, not part of the GAN: W1 (784 → 128 → 64 → 10) trained on the
/// real training digits, whose class probabilities give the quality measures.
/// </summary>
[Network(784, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(128, Activation = Activation.ReLU, Name = "fc1")]
[Dense(64, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
public partial class DigitClassifier;

/// <summary>Sizes shared by the networks.</summary>
internal static class GanShape
{
    public const int Noise = 64;
}
