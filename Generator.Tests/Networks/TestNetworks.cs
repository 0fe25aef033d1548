namespace NetGen.Tests.Networks;

// Small networks compiled with the generator attached, so the generated code is executed by the tests.
// Odd sizes (37, 23, 5, 130) keep every kernel's column remainders and row tails in play.

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.Identity)]
[Dense(5)]
public partial class IdentityNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.ReLU)]
[Dense(5)]
public partial class ReluNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.LeakyReLU, LeakySlope = 0.1f)]
[Dense(5)]
public partial class LeakyReluNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.Sigmoid)]
[Dense(5)]
public partial class SigmoidNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.Tanh)]
[Dense(5)]
public partial class TanhNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.Tanh)]
[Dense(5, Activation = Activation.Softmax)]
public partial class SoftmaxNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(23, Activation = Activation.ReLU, Bias = false)]
[Dense(5, Bias = false)]
public partial class NoBiasNet;

[Network(37, Loss = LossKind.MeanSquaredError)]
[Dense(130, Activation = Activation.Tanh)]
[Dense(5)]
public partial class WideNet;

[Network(37, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(23, Activation = Activation.ReLU)]
[Dropout(0.3f)]
[Dense(5)]
public partial class DropoutNet;

[Network(1, 8, 8, Loss = LossKind.SoftmaxCrossEntropy)]
[Flatten]
[Dense(10)]
public partial class FlattenNet;

[Network(4, Loss = LossKind.MeanSquaredError)]
[Dense(1, Activation = Activation.Step)]
public partial class Perceptron;

[Network(30, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(1, Name = "linear")]
public partial class LogisticRegression;

/// <summary>W0 of DESIGN.md: the real-time regime.</summary>
[Network(16, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(32, Activation = Activation.ReLU)]
[Dense(32, Activation = Activation.ReLU)]
[Dense(10)]
public partial class W0Mlp;

/// <summary>
/// A first layer past the size whose weight transpose (for the input gradient) goes in 8 × 8 tiles: 300 × 251 floats,
/// sizes that leave partial tiles on both sides.
/// </summary>
[Network(300, Loss = LossKind.MeanSquaredError)]
[Dense(251, Activation = Activation.Tanh)]
[Dense(7)]
public partial class LargeOddNet;

/// <summary>W1 of DESIGN.md.</summary>
[Network(784, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(128, Activation = Activation.ReLU, Name = "fc1")]
[Dense(64, Activation = Activation.ReLU, Name = "fc2")]
[Dense(10, Name = "fc3")]
public partial class W1Mlp;

public static partial class Outer
{
    [Network(6)]
    [Dense(3, Activation = Activation.Sigmoid)]
    public partial class NestedNet;
}
