namespace NetGen.Samples.AotInference;

/// <summary>
/// The same W1 network as Samples/Mnist (784 -> 128 ReLU -> 64 ReLU -> 10, tensors fc1, fc2, fc3), so this
/// program loads the weights that sample saves. No loss: this program only runs inference.
/// </summary>
[Network(784)]
[Dense(128, Activation = Activation.ReLU, Name = "fc1")]
[Dense(64, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
public partial class MnistW1;
