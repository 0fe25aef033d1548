namespace NetGen.Samples.Perceptron;

/// <summary>
/// Rosenblatt's perceptron: y = step(w·x + b). Step's backward is straight-through, so squared error
/// gives the gradient (y − t)·x and SGD with it is the perceptron learning rule w += lr·(t − y)·x.
/// </summary>
[Network(4, Loss = LossKind.MeanSquaredError)]
[Dense(1, Activation = Activation.Step)]
public partial class IrisPerceptron;

/// <summary>Logistic regression: one logit w·x + b, sigmoid fused in the binary cross-entropy loss.</summary>
[Network(30, Loss = LossKind.BinaryCrossEntropyWithLogits)]
[Dense(1, Name = "linear")]
public partial class CancerLogisticRegression;
