namespace NetGen.Tests.Networks;

// Conv2DTranspose: a DCGAN-like stride-2 generator on an odd-sized input, a rectangular kernel with different stride,
// padding and output padding per axis, dilation (with output padding allowed by the dilation, not the stride) and no
// bias, fused ReLU and LeakyReLU, a Conv2D → Conv2DTranspose autoencoder, and wide inputs and outputs (20 and 33
// channels, so padded channel strides, blocks of four vectors and scalar tails all run).

/// <summary>3×3 → 6×6 (k3 s2 p1 op1, Tanh) → 12×12 (k4 s2 p1, Sigmoid): a DCGAN generator's upsampling, image output.</summary>
[Network(3, 3, 3, Loss = LossKind.MeanSquaredError)]
[Conv2DTranspose(5, 3, Stride = 2, Padding = 1, OutputPadding = 1, Activation = Activation.Tanh)]
[Conv2DTranspose(2, 4, Stride = 2, Padding = 1, Activation = Activation.Sigmoid)]
public partial class ConvTransposeGeneratorNet;

/// <summary>A 3×2 kernel with stride 2×1, padding 1×0 and output padding 1×0 on a 4×5 input ([3, 8, 6]), then a global average.</summary>
[Network(2, 4, 5, Loss = LossKind.MeanSquaredError)]
[Conv2DTranspose(3, 3, KernelWidth = 2, Stride = 2, StrideWidth = 1, Padding = 1, PaddingWidth = 0, OutputPadding = 1, OutputPaddingWidth = 0, Activation = Activation.Tanh)]
[GlobalAveragePool2D]
[Dense(2)]
public partial class ConvTransposeRectangularNet;

/// <summary>Dilation 2×1 with stride 1×2 and output padding 1 (below the dilation down the height, the stride across), no bias: [4, 10, 8].</summary>
[Network(3, 5, 3, Loss = LossKind.MeanSquaredError)]
[Conv2DTranspose(4, 3, Dilation = 2, DilationWidth = 1, StrideWidth = 2, OutputPadding = 1, Bias = false)]
[Flatten]
[Dense(3)]
public partial class ConvTransposeDilatedNet;

/// <summary>Fused ReLU (k2 s2, windows that tile the output) and LeakyReLU (k3 p1, same size).</summary>
[Network(2, 3, 3, Loss = LossKind.MeanSquaredError)]
[Conv2DTranspose(3, 2, Stride = 2, Activation = Activation.ReLU)]
[Conv2DTranspose(2, 3, Padding = 1, Activation = Activation.LeakyReLU, LeakySlope = 0.1f)]
public partial class ConvTransposeReluNet;

/// <summary>An autoencoder: 8×8 down to [8, 2, 2] by two stride-2 convolutions and back up by two transposed ones.</summary>
[Network(1, 8, 8, Loss = LossKind.MeanSquaredError)]
[Conv2D(4, 3, Stride = 2, Padding = 1, Activation = Activation.Tanh)]
[Conv2D(8, 3, Stride = 2, Padding = 1, Activation = Activation.Tanh)]
[Conv2DTranspose(4, 3, Stride = 2, Padding = 1, OutputPadding = 1, Activation = Activation.Tanh)]
[Conv2DTranspose(1, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
public partial class ConvTransposeAutoencoderNet;

/// <summary>20 input channels (padded to 32) to 18 filters (k2 s2, Sigmoid), then to 33 (k3 p1), averaged.</summary>
[Network(20, 3, 2, Loss = LossKind.MeanSquaredError)]
[Conv2DTranspose(18, 2, Stride = 2, Activation = Activation.Sigmoid)]
[Conv2DTranspose(33, 3, Padding = 1)]
[GlobalAveragePool2D]
[Dense(2)]
public partial class ConvTransposeWideNet;
