namespace NetGen.Tests.Networks;

// Upsample2D: nearest between convolutions (a decoder's pattern), bilinear with different factors per axis on an
// odd-sized image input, and bilinear after a convolution with one channel (the edge rows and columns repeat).

/// <summary>Nearest ×2 between two convolutions, then a Dense head.</summary>
[Network(2, 3, 4, Loss = LossKind.MeanSquaredError)]
[Conv2D(3, 3, Padding = 1, Activation = Activation.Tanh)]
[Upsample2D(2)]
[Conv2D(2, 3, Activation = Activation.Tanh)]
[Flatten]
[Dense(3)]
public partial class UpsampleNearestNet;

/// <summary>Bilinear 2×3 on a 3×5×4 image input, then a convolution and a global average.</summary>
[Network(3, 5, 4, Loss = LossKind.MeanSquaredError)]
[Upsample2D(2, ScaleWidth = 3, Mode = UpsampleMode.Bilinear)]
[Conv2D(2, 3, Activation = Activation.Tanh)]
[GlobalAveragePool2D]
[Dense(2)]
public partial class UpsampleBilinearNet;

/// <summary>Nearest 3×1 then bilinear ×2 of a one-channel convolution's output, flattened.</summary>
[Network(1, 4, 3, Loss = LossKind.MeanSquaredError)]
[Conv2D(1, 2, Activation = Activation.Sigmoid)]
[Upsample2D(3, ScaleWidth = 1)]
[Upsample2D(2, Mode = UpsampleMode.Bilinear)]
[Flatten]
[Dense(2)]
public partial class UpsampleStackNet;
