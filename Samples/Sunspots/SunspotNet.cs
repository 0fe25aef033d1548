namespace NetGen.Samples.Sunspots;

/// <summary>
/// A small 1-D convolutional forecaster: the sunspot numbers of the previous 24 years as one channel
/// ([1, 24], scaled by 1/100) → two convolutions over time, max pooling 2 → next year's number (scaled). Mean squared error.
/// </summary>
[Network(1, 24, Loss = LossKind.MeanSquaredError)]
[Conv1D(16, 5, Padding = 2, Activation = Activation.ReLU, Name = "conv1")]
[Conv1D(16, 3, Padding = 1, Activation = Activation.ReLU, Name = "conv2")]
[MaxPool1D(2)]
[Flatten]
[Dense(32, Activation = Activation.ReLU, Name = "fc1")]
[Dense(1, Name = "fc2")]
public partial class SunspotNet;
