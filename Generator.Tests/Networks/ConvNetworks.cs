namespace NetGen.Tests.Networks;

// Convolutional test networks: odd sizes, every window option, and the lecture's max-pool example.

/// <summary>LeNet-5 (W2 of DESIGN.md).</summary>
[Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(6, 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Conv2D(16, 5, Activation = Activation.ReLU)]
[MaxPool2D(2)]
[Flatten]
[Dense(120, Activation = Activation.ReLU)]
[Dense(84, Activation = Activation.ReLU)]
[Dense(10)]
public partial class LeNet5;

/// <summary>The max-pool example: a 4×4 input, a 2×2 window, stride 2.</summary>
[Network(1, 4, 4)]
[MaxPool2D(2)]
public partial class MaxPoolExample;

// OddConvNet and Conv1DNet keep PyTorch's floor rule on purpose: a strided window leaves the last column
// unread, which NetGen reports as warning NG0021 (kept a warning in this project's csproj).

/// <summary>Odd sizes: 3×17×13 input, stride 2, padding 1, a 3×2 kernel; dilation 2; average pooling with padding.</summary>
[Network(3, 17, 13, Loss = LossKind.MeanSquaredError)]
[Conv2D(5, 3, KernelWidth = 2, Stride = 2, Padding = 1, Activation = Activation.Tanh)]
[Conv2D(7, 3, Dilation = 2, Padding = 2, Activation = Activation.LeakyReLU, LeakySlope = 0.1f)]
[AvgPool2D(3, Stride = 2, Padding = 1)]
[Flatten]
[Dense(4)]
public partial class OddConvNet;

/// <summary>"Same" padding with stride 2, max pooling with stride 1, no bias, global average pooling.</summary>
[Network(2, 9, 11, Loss = LossKind.MeanSquaredError)]
[Conv2D(18, 3, Same = true, Stride = 2, Bias = false, Activation = Activation.ReLU)]
[MaxPool2D(2, Stride = 1)]
[Conv2D(3, 1, Activation = Activation.Sigmoid)]
[GlobalAveragePool2D]
public partial class SameConvNet;

/// <summary>1-D: signals of 4 channels × 30 samples.</summary>
[Network(4, 30, Loss = LossKind.MeanSquaredError)]
[Conv1D(6, 5, Padding = 2, Activation = Activation.ReLU)]
[MaxPool1D(2)]
[Conv1D(8, 3, Stride = 2)]
[AvgPool1D(2)]
[Flatten]
[Dense(3)]
public partial class Conv1DNet;

/// <summary>
/// One channel padded to 16 floats per pixel (a one-filter convolution's output) under a convolution with few filters and
/// stride 1: the paired 512-bit kernel, which reads one float per pixel, must not take it.
/// </summary>
[Network(1, 6, 10, Loss = LossKind.MeanSquaredError)]
[Conv2D(1, 1, Activation = Activation.Tanh)]
[Conv2D(4, 3, Activation = Activation.Tanh)]
[Flatten]
[Dense(2)]
public partial class OneFilterConvNet;

/// <summary>An image out: the last layer is a convolution (as in an autoencoder's decoder).</summary>
[Network(2, 6, 5, Loss = LossKind.MeanSquaredError)]
[Conv2D(4, 3, Padding = 1, Activation = Activation.Tanh)]
[Dropout(0.25f)]
[Conv2D(2, 3, Padding = 1)]
public partial class ImageOutNet;
