namespace NetGen.Samples.ResidualMnist;

/// <summary>
/// A small ResNet for 1×28×28 digits: a 5×5 stem and max pool to 16×14×14, a basic block (two 3×3 convolutions with
/// batch norm, the block's input added back before the ReLU), a second block that halves the size and doubles the
/// channels with a strided 1×1 projection on its shortcut, global average pooling and a 10-way head.
/// </summary>
[Network(1, 28, 28, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(16, 5, Padding = 2, Activation = Activation.ReLU, Name = "stem")]
[MaxPool2D(2, Name = "stem_pool")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "block1.conv1")]
[BatchNorm(Name = "block1.bn1")]
[Activation(Activation.ReLU)]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "block1.conv2")]
[BatchNorm(Name = "block1.bn2")]
[Add("stem_pool", Activation = Activation.ReLU, Name = "block1")]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "block2.conv1")]
[BatchNorm(Name = "block2.bn1")]
[Activation(Activation.ReLU)]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "block2.conv2")]
[BatchNorm(Name = "block2.bn2")]
[Conv2D(32, 1, Stride = 2, Bias = false, Input = "block1", Name = "block2.shortcut")]
[BatchNorm(Name = "block2.shortcut_bn")]
[Add("block2.bn2", "block2.shortcut_bn", Activation = Activation.ReLU, Name = "block2")]
[GlobalAveragePool2D]
[Dense(10, Name = "head")]
public partial class ResidualCnn;
