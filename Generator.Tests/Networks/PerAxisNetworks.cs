namespace NetGen.Tests.Networks;

// Stride, padding and dilation per axis (PyTorch's stride=(2, 1), padding=(1, 2), dilation=(1, 2)) on odd sizes: the
// direct convolution (fewer than 16 input channels) and the unfolded one (17 and 18), average and max pooling, "same"
// padding with a stride per axis, a ReLU convolution under a pool that does not tile, and one-channel inputs that the
// paired 512-bit kernel must leave alone (it needs stride 1 and no dilation along both axes).

/// <summary>Direct: 3×11×9, stride 2×1, padding 1×2, dilation 1×2; average pooling stride 2×1, padding 0×1.</summary>
[Network(3, 11, 9, Loss = LossKind.MeanSquaredError)]
[Conv2D(4, 3, Stride = 2, StrideWidth = 1, Padding = 1, PaddingWidth = 2, DilationWidth = 2, Activation = Activation.Tanh)]
[AvgPool2D(2, StrideWidth = 1, PaddingWidth = 1)]
[Flatten]
[Dense(3)]
public partial class PerAxisDirectNet;

/// <summary>Unfolded: 17 channels with stride 1×2, padding 2×0, dilation 2×1; then 18 channels with stride 2×1, padding 0×1, dilation 1×2; average pooling stride 1×2, padding 1×0.</summary>
[Network(17, 7, 9, Loss = LossKind.MeanSquaredError)]
[Conv2D(18, 3, StrideWidth = 2, Padding = 2, PaddingWidth = 0, Dilation = 2, DilationWidth = 1, Activation = Activation.Tanh)]
[Conv2D(3, 3, Stride = 2, StrideWidth = 1, PaddingWidth = 1, DilationWidth = 2, Activation = Activation.Tanh)]
[AvgPool2D(2, Stride = 1, StrideWidth = 2, Padding = 1, PaddingWidth = 0)]
[Flatten]
[Dense(2)]
public partial class PerAxisUnfoldNet;

/// <summary>"Same" padding with stride 2×1 and dilation 1×2, then max pooling stride 2×1, padding 0×1.</summary>
[Network(2, 9, 11, Loss = LossKind.MeanSquaredError)]
[Conv2D(3, 3, Same = true, Stride = 2, StrideWidth = 1, DilationWidth = 2, Activation = Activation.ReLU)]
[MaxPool2D(3, Stride = 2, StrideWidth = 1, PaddingWidth = 1)]
[Conv2D(2, 1, Activation = Activation.Sigmoid)]
[GlobalAveragePool2D]
public partial class PerAxisSameNet;

/// <summary>A ReLU convolution under 2×2 max pools padded along one axis only: neither tiles its input, so neither takes over the ReLU's backward.</summary>
[Network(1, 6, 6, Loss = LossKind.MeanSquaredError)]
[Conv2D(2, 1, Activation = Activation.ReLU)]
[MaxPool2D(2, PaddingWidth = 1)]
[Conv2D(2, 1, Activation = Activation.ReLU)]
[MaxPool2D(2, Padding = 1, PaddingWidth = 0)]
[Flatten]
[Dense(2)]
public partial class PerAxisReluPoolNet;

/// <summary>One channel, 4 filters, an even output width, stride 2×1 and dilation 2×1: the rows rule out the paired kernel.</summary>
[Network(1, 9, 14, Loss = LossKind.MeanSquaredError)]
[Conv2D(4, 3, Stride = 2, StrideWidth = 1, Dilation = 2, DilationWidth = 1, Activation = Activation.Tanh)]
[Flatten]
[Dense(2)]
public partial class PerAxisRowsNet;

/// <summary>One channel, 4 filters, an even output width, stride 1×2 and dilation 1×2: the columns rule out the paired kernel.</summary>
[Network(1, 6, 15, Loss = LossKind.MeanSquaredError)]
[Conv2D(4, 3, StrideWidth = 2, DilationWidth = 2, Activation = Activation.Tanh)]
[Flatten]
[Dense(2)]
public partial class PerAxisColumnsNet;
