namespace NetGen.Samples.LeNet;

/// <summary>
/// LeNet-5 (W2 of the reference workloads, with ReLU and max pooling as in most modern versions):
/// a 1×28×28 image → 6 filters 5×5 (padding 2) → max pool 2 → 16 filters 5×5 → max pool 2 →
/// flatten (16·5·5 = 400) → 120 → 84 → 10 class logits. Tensor names as PyTorch would write them.
/// </summary>
[Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(6, 5, Padding = 2, Activation = Activation.ReLU, Name = "conv1")]
[MaxPool2D(2)]
[Conv2D(16, 5, Activation = Activation.ReLU, Name = "conv2")]
[MaxPool2D(2)]
[Flatten]
[Dense(120, Activation = Activation.ReLU, Name = "fc1")]
[Dense(84, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
public partial class LeNet5;
