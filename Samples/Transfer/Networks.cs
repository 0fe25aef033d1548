namespace NetGen.Samples.Transfer;

/// <summary>A small CNN for MNIST digits 0–4: a convolutional base ("conv1", "conv2", "features") and a 5-way head.</summary>
[Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(8, 5, Activation = Activation.ReLU, Name = "conv1")]
[MaxPool2D(2)]
[Conv2D(16, 5, Activation = Activation.ReLU, Name = "conv2")]
[MaxPool2D(2)]
[Flatten]
[Dense(64, Activation = Activation.ReLU, Name = "features")]
[Dense(5, Name = "head")]
public partial class ZeroToFour;

/// <summary>The same base under a new head for digits 5–9: the base's tensors load by name from a <see cref="ZeroToFour"/> file.</summary>
[Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(8, 5, Activation = Activation.ReLU, Name = "conv1")]
[MaxPool2D(2)]
[Conv2D(16, 5, Activation = Activation.ReLU, Name = "conv2")]
[MaxPool2D(2)]
[Flatten]
[Dense(64, Activation = Activation.ReLU, Name = "features")]
[Dense(5, Name = "head59")]
public partial class FiveToNine;
