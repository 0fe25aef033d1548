using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>
/// One attribute that declares a layer (<c>[Conv1D(...)]</c>): its class in the NetGen namespace, the layer kind it makes,
/// whether it is the 1-D form of a 2-D layer, and the prefix of the default layer names (<c>conv0</c>, <c>conv1</c>, ...).
/// </summary>
internal sealed record LayerAttribute(string ClassName, string Kind, bool OneD, string NamePrefix)
{
    /// <summary>The attribute as the user writes it, e.g. <c>Conv1D</c>: the name diagnostics give the layer's type.</summary>
    public string Name => ClassName.Substring(0, ClassName.Length - "Attribute".Length);
}
