namespace NetGen.Samples.Vae;

/// <summary>
/// The encoder q(z | x): 784 pixels → 400 ReLU → 2·20 outputs, the means μ then the log-variances logσ²
/// of a 20-dimensional diagonal Gaussian (no loss of its own: it learns through the reparameterization).
/// </summary>
[Network(784)]
[Dense(400, Activation = Activation.ReLU, Name = "fc1")]
[Dense(2 * VaeShape.Latent, Name = "fc2")]
public partial class VaeEncoder;

/// <summary>The decoder p(x | z): 20 → 400 ReLU → 784 pixel logits, Bernoulli likelihood (BCE with logits).</summary>
[Network(VaeShape.Latent, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(400, Activation = Activation.ReLU, Name = "fc3")]
[Dense(784, Name = "fc4")]
public partial class VaeDecoder;

/// <summary>Sizes shared by the two networks.</summary>
internal static class VaeShape
{
    public const int Latent = 20;
}
