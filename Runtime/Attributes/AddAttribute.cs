namespace NetGen;

/// <summary>
/// The element-wise sum of two or more layers' outputs of the same shape (a residual connection,
/// <c>y = f(x) + x</c>), with an optional activation after the sum. <c>[Add("block1")]</c> adds the output of
/// <c>block1</c> to the layer above's; <c>[Add("a", "b", ...)]</c> adds exactly the layers named. Shapes must be
/// equal (NG0044). No parameters; backward passes the output gradient to every input.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AddAttribute : Attribute
{
    /// <summary>The layers summed: one name (added to the layer above) or several.</summary>
    public AddAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the layers summed, as given.</summary>
    public string[] Inputs { get; }

    /// <summary>The activation applied to the sum (ReLU in ResNet's blocks).</summary>
    public Activation Activation { get; set; }

    /// <summary>Slope for negative inputs when <see cref="Activation"/> is LeakyReLU.</summary>
    public float LeakySlope { get; set; } = 0.01f;

    /// <summary>The layer's name in the summary and for later layers' inputs; defaults to <c>add{index}</c>.</summary>
    public string? Name { get; set; }
}
