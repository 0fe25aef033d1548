namespace NetGen.Tests.Networks;

// Convolutional networks with only smooth activations and average pooling, so that float finite differences
// of the generated code are reliable (the networks in ConvNetworks.cs all have ReLU, max pooling or dropout).

/// <summary>Stride 2 with padding, average pooling with padding and stride 1, an even kernel with "Same" (asymmetric padding), dilation, global pooling.</summary>
[Network(2, 7, 9, Loss = LossKind.MeanSquaredError)]
[Conv2D(3, 3, Stride = 2, Padding = 1, Activation = Activation.Sigmoid)]
[AvgPool2D(2, Stride = 1, Padding = 1)]
[Conv2D(4, 2, Same = true, Activation = Activation.Tanh)]
[Conv2D(5, 3, KernelWidth = 2, Dilation = 2, Padding = 2)]
[GlobalAveragePool2D]
[Dense(3)]
public partial class SmoothConvNet;

/// <summary>1-D: dilation with "Same" padding, padded average pooling with stride 2.</summary>
[Network(3, 21, Loss = LossKind.MeanSquaredError)]
[Conv1D(4, 3, Dilation = 2, Same = true, Activation = Activation.Tanh)]
[AvgPool1D(3, Stride = 2, Padding = 1)]
[Conv1D(2, 2, Same = true, Activation = Activation.Sigmoid)]
[Flatten]
[Dense(2)]
public partial class SmoothConv1DNet;

/// <summary>
/// 1-D over a long signal with a wide kernel: conv0's row of 82 outputs is too long to unroll in pairs (the tiled
/// direct kernel runs it), and its input gradient folds each kernel row of 70 taps back as one vectorized add.
/// </summary>
[Network(1, 151, Loss = LossKind.MeanSquaredError)]
[Conv1D(4, 70, Activation = Activation.Tanh)]
[Conv1D(2, 3)]
[Flatten]
[Dense(2)]
public partial class LongConv1DNet;
