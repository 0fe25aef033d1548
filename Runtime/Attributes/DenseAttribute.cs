namespace NetGen;

/// <summary>
/// A fully connected layer: y = activation(x·Wᵀ + b) with W of shape [units, inputs] in weight
/// files (PyTorch's <c>nn.Linear</c> layout) and b of shape [units].
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : LayerAttribute
{
    public DenseAttribute(int units) => Units = units;

    /// <summary>Number of outputs.</summary>
    public int Units { get; }

    /// <summary>The activation fused into the layer's epilogue.</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs when <see cref="Activation"/> is LeakyReLU.</summary>
    public float LeakySlope { get; set; } = 0.01f;

    /// <summary>Whether the layer has a bias.</summary>
    public bool Bias { get; set; } = true;
}
