namespace NetGen.Tests.Networks;

// A small variational autoencoder in two networks: the encoder writes μ and logσ² of a 3-dimensional
// latent (6 outputs, no loss: driven through Backward), the decoder maps z back to 12 logits.

[Network(12)]
[Dense(10, Activation = Activation.ReLU)]
[Dense(6)]
public partial class VaeEncoder;

[Network(3, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(10, Activation = Activation.ReLU)]
[Dense(12)]
public partial class VaeDecoder;
