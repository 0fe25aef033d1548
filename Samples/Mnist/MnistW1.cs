namespace NetGen.Samples.Mnist;

/// <summary>
/// W1 of the reference workloads: 784 pixels -> 128 ReLU -> 64 ReLU -> 10 class logits. The layer names
/// (fc1, fc2, fc3) are the tensor names in the weight file, as PyTorch would name them.
/// </summary>
[Network(784, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(128, Activation = Activation.ReLU, Name = "fc1")]
[Dense(64, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
public partial class MnistW1;
