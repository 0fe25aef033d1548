namespace NetGen.Samples.AotInference;

/// <summary>
/// The same W1 network as Samples/Mnist (784 -> 128 ReLU -> 64 ReLU -> 10, tensors fc1, fc2, fc3), with the weights
/// that sample trained inside this program (Data/mnist-w1.safetensors, a NetGenWeights item of the project): the build
/// checks the file against these tensors, and <c>LoadEmbeddedWeights()</c> reads it with no file at run time.
/// No loss: this program only runs inference.
/// </summary>
[Network(784)]
[Dense(128, Activation = Activation.ReLU, Name = "fc1")]
[Dense(64, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
[EmbeddedWeights("mnist-w1.safetensors")]
public partial class MnistW1;
