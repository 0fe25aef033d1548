namespace NetGen.Samples.Digits;

/// <summary>64 pixels -> 128 ReLU -> 64 ReLU -> dropout -> 10 class logits (softmax fused in the loss).</summary>
[Network(64, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(64, Activation = Activation.ReLU)]
[Dropout(0.2f)]
[Dense(10)]
public partial class DigitsMlp;
