namespace NetGen;

/// <summary>
/// Two or more layers' outputs joined along their features, as <c>torch.cat(..., dim=1)</c>: vectors end to end, images
/// along their channels (the heights and widths must agree), sequences per step along their features (the steps must
/// agree; NG0044 otherwise). <c>[Concatenate("branch")]</c> puts the layer above's output first and <c>branch</c>'s
/// after it; <c>[Concatenate("a", "b", ...)]</c> joins exactly the layers named, in that order. No parameters.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConcatenateAttribute : Attribute
{
    /// <summary>The layers joined: one name (after the layer above) or several, in order.</summary>
    public ConcatenateAttribute(params string[] inputs) => Inputs = inputs;

    /// <summary>The names of the layers joined, as given.</summary>
    public string[] Inputs { get; }

    /// <summary>The layer's name in the summary and for later layers' inputs; defaults to <c>concat{index}</c>.</summary>
    public string? Name { get; set; }
}
