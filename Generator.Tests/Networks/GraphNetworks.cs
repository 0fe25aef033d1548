namespace NetGen.Tests.Networks;

// Networks that branch and merge (NetworkCases.cs: parity with the reference, finite-difference gradients, threads).

/// <summary>A residual MLP block: stem, two Dense layers, and the stem added back before the ReLU.</summary>
[Network(12, Loss = LossKind.MeanSquaredError)]
[Dense(16, Activation = Activation.Tanh, Name = "stem")]
[Dense(16, Activation = Activation.Tanh, Name = "hidden")]
[Dense(16, Name = "branch")]
[Add("stem", Activation = Activation.Tanh, Name = "residual")]
[Dense(3, Name = "head")]
public partial class ResidualMlp;

/// <summary>Two residual blocks as ResNet's basic block, the second with a strided 1×1 projection, on an odd image.</summary>
[Network(3, 9, 7, Loss = LossKind.MeanSquaredError)]
[Conv2D(8, 3, Padding = 1, Activation = Activation.Tanh, Name = "stem")]
[Conv2D(8, 3, Padding = 1, Bias = false, Name = "conv1")]
[BatchNorm(Name = "bn1")]
[Activation(Activation.Tanh, Name = "act1")]
[Conv2D(8, 3, Padding = 1, Name = "conv2")]
[Add("stem", Activation = Activation.Tanh, Name = "block1")]
[Conv2D(17, 3, Stride = 2, Padding = 1, Activation = Activation.Tanh, Name = "conv3")]
[Conv2D(17, 3, Padding = 1, Name = "conv4")]
[Conv2D(17, 1, Stride = 2, Input = "block1", Name = "projection")]
[Add("conv4", "projection", Activation = Activation.Tanh, Name = "block2")]
[GlobalAveragePool2D]
[Dense(4, Name = "head")]
public partial class ResidualCnn;

/// <summary>The ResNet block with ReLUs, as users write it (not smooth: parity only).</summary>
[Network(4, 6, 6, Loss = LossKind.SoftmaxCrossEntropy)]
[Conv2D(16, 3, Padding = 1, Activation = Activation.ReLU, Name = "stem")]
[Conv2D(16, 3, Padding = 1, Activation = Activation.ReLU, Name = "conv1")]
[Conv2D(16, 3, Padding = 1, Name = "conv2")]
[Add("stem", Activation = Activation.ReLU, Name = "block")]
[MaxPool2D(2)]
[Flatten]
[Dense(5, Name = "head")]
public partial class ResidualReluCnn;

/// <summary>One tensor read by three layers, joined again (17 features: the join crosses a 16-float row).</summary>
[Network(10, Loss = LossKind.MeanSquaredError)]
[Dense(12, Activation = Activation.Tanh, Name = "shared")]
[Dense(6, Activation = Activation.Tanh, Name = "left")]
[Dense(6, Activation = Activation.Sigmoid, Input = "shared", Name = "right")]
[Dense(5, Input = "shared", Name = "skip")]
[Concatenate("left", "right", "skip", Name = "joined")]
[Dense(3, Name = "head")]
public partial class ThreeReaderMlp;

/// <summary>An Inception-style block: three branches over the network input, joined along channels.</summary>
[Network(2, 6, 5, Loss = LossKind.MeanSquaredError)]
[Conv2D(3, 1, Name = "a")]
[Conv2D(5, 3, Padding = 1, Activation = Activation.Tanh, Input = "input", Name = "b")]
[AvgPool2D(3, Stride = 1, Padding = 1, Input = "input", Name = "c")]
[Concatenate("a", "b", "c", Name = "joined")]
[Conv2D(4, 3, Name = "mix")]
[Flatten]
[Dense(3, Name = "head")]
public partial class InceptionBlock;

/// <summary>The network input added to a layer's output: its gradient gathers from two readers.</summary>
[Network(8, Loss = LossKind.MeanSquaredError)]
[Dense(8, Activation = Activation.Tanh, Name = "hidden")]
[Add("input", Name = "residual")]
[Dense(2, Name = "head")]
public partial class InputResidualMlp;
