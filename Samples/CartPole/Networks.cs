namespace NetGen.Samples.CartPole;

/// <summary>The policy: a cart-pole observation (x, ẋ, θ, θ̇) → one logit per action (push left, push right).</summary>
[Network(4)]
[Dense(64, Activation = Activation.ReLU, Name = "fc1")]
[Dense(2, Name = "fc2")]
public partial class PolicyNet;

/// <summary>The baseline: a cart-pole observation → the expected discounted return from it, scaled by 1 − γ.</summary>
[Network(4, Loss = LossKind.MeanSquaredError)]
[Dense(64, Activation = Activation.ReLU, Name = "fc1")]
[Dense(1, Name = "fc2")]
public partial class ValueNet;
