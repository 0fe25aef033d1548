namespace NetGen.Samples.Autoencoder;

/// <summary>
/// An undercomplete autoencoder: 784 pixels → 256 ReLU → a 32-number code → 256 ReLU → 784 pixel logits,
/// trained to reproduce its input under binary cross-entropy (the pixels' grey levels as targets).
/// </summary>
[Network(784, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(256, Activation = Activation.ReLU, Name = "encoder1")]
[Dense(32, Name = "code")]
[Dense(256, Activation = Activation.ReLU, Name = "decoder1")]
[Dense(784, Name = "decoder2")]
public partial class DigitAutoencoder;
