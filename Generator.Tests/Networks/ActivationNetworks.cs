namespace NetGen.Tests.Networks;

// Stand-alone activation layers: first on an unpadded input (13 floats in, 16 out), between Dense layers on a padded
// width, Softmax as the last layer, on channels-last images after a batch norm and a pooling, and first on an image.

/// <summary>Tanh on the raw input, Sigmoid between Dense layers (7 of 16 floats real), Softmax last.</summary>
[Network(13, Loss = LossKind.MeanSquaredError)]
[Activation(Activation.Tanh)]
[Dense(7)]
[Activation(Activation.Sigmoid)]
[Dense(3)]
[Activation(Activation.Softmax)]
public partial class ActivationMlp;

/// <summary>ReLU after a batch norm of a Dense layer, the pattern a Dense layer's own activation cannot give.</summary>
[Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(19, Bias = false)]
[BatchNorm]
[Activation(Activation.ReLU)]
[Dense(3)]
public partial class BatchNormReluMlp;

/// <summary>LeakyReLU after a per-channel batch norm of a convolution, Tanh after a max pooling, on a 2×8×6 image.</summary>
[Network(2, 8, 6, Loss = LossKind.MeanSquaredError)]
[Conv2D(3, 3, Padding = 1)]
[BatchNorm]
[Activation(Activation.LeakyReLU, LeakySlope = 0.1f)]
[MaxPool2D(2)]
[Activation(Activation.Tanh)]
[Flatten]
[Dense(4)]
public partial class ConvActivationNet;

/// <summary>Sigmoid on a 3×5×4 image input (rearranged channels last first), Tanh after a convolution, global average pooling.</summary>
[Network(3, 5, 4, Loss = LossKind.MeanSquaredError)]
[Activation(Activation.Sigmoid)]
[Conv2D(4, 3)]
[Activation(Activation.Tanh)]
[GlobalAveragePool2D]
[Dense(2)]
public partial class ImageActivationNet;
