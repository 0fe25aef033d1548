namespace NetGen.Tests.Networks;

// A small GAN: the generator maps 5 noise numbers to 12 values in (−1, 1) (no loss: it learns through the
// discriminator's input gradient), the discriminator maps 12 values to one "real" logit.

[Network(5)]
[Dense(9, Activation = Activation.ReLU)]
[Dense(12, Activation = Activation.Tanh)]
public partial class GanGenerator;

[Network(12, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(9, Activation = Activation.LeakyReLU, LeakySlope = 0.2f)]
[Dense(1)]
public partial class GanDiscriminator;
