namespace NetGen.Tests.Networks;

// Batch and layer normalization: after Dense layers (per feature, including a padded width of 19), after
// convolutions and pooling (per channel over batch × positions, odd image sizes), in 1-D, and as first layers
// (the network input itself normalized). Only smooth activations, so float finite differences are reliable.

/// <summary>Batch norm on the raw input (momentum 0.3) and after a Dense layer of 19 features.</summary>
[Network(6, Loss = LossKind.MeanSquaredError)]
[BatchNorm(Momentum = 0.3f, Name = "bn_in")]
[Dense(19, Activation = Activation.Tanh)]
[BatchNorm]
[Dense(3)]
public partial class BatchNormMlp;

/// <summary>Batch norm on a 3×9×7 image input, after a padded convolution, and after a strided convolution (ε 1e-3).</summary>
[Network(3, 9, 7, Loss = LossKind.MeanSquaredError)]
[BatchNorm(Name = "bn_in")]
[Conv2D(5, 3, Padding = 1, Activation = Activation.Tanh)]
[BatchNorm]
[Conv2D(4, 3, Stride = 2)]
[AvgPool2D(2, Stride = 1)]
[BatchNorm(Epsilon = 1e-3f)]
[Flatten]
[Dense(3)]
public partial class BatchNormConvNet;

/// <summary>Batch norm after a Conv1D (per channel over batch × length), then layer norm on the flattened features.</summary>
[Network(2, 11, Loss = LossKind.MeanSquaredError)]
[Conv1D(4, 3, Activation = Activation.Tanh)]
[BatchNorm(Momentum = 1f)]
[Flatten]
[LayerNorm]
[Dense(2)]
public partial class BatchNorm1DNet;

/// <summary>Layer norm on the raw input (ε 1e-3) and after a Dense layer of 13 features.</summary>
[Network(10, Loss = LossKind.MeanSquaredError)]
[LayerNorm(Epsilon = 1e-3f, Name = "ln_in")]
[Dense(13, Activation = Activation.Tanh)]
[LayerNorm]
[Dense(4)]
public partial class LayerNormNet;
