namespace NetGen;

/// <summary>An element-wise activation fused into the epilogue of the layer that declares it.</summary>
public enum Activation
{
    /// <summary>y = x.</summary>
    Identity = 0,
    /// <summary>y = max(0, x).</summary>
    ReLU = 1,
    /// <summary>y = x for x &gt; 0, else slope·x (slope from the layer's <c>LeakySlope</c>, default 0.01).</summary>
    LeakyReLU = 2,
    /// <summary>y = 1 / (1 + e^-x).</summary>
    Sigmoid = 3,
    /// <summary>y = tanh(x).</summary>
    Tanh = 4,
    /// <summary>y_i = e^x_i / Σ_j e^x_j over the layer's outputs. Only allowed on the last layer.</summary>
    Softmax = 5,
    /// <summary>
    /// y = 1 for x &gt;= 0, else 0 (the perceptron's threshold). Its backward pass is the identity
    /// (straight-through), which with a squared-error loss gives the perceptron learning rule.
    /// </summary>
    Step = 6,
}
