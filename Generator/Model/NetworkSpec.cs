namespace NetGen.Generator.Model;

/// <summary>A type that contains the network class, outermost first, e.g. <c>partial class Outer</c>.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>Everything the emitter needs about one declared network, compared by value.</summary>
/// <param name="EmbeddedWeights">The file name of [EmbeddedWeights], whose resource the generated LoadEmbeddedWeights reads; null without one.</param>
internal sealed record NetworkSpec(
    string? Namespace,
    string ClassName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    EquatableArray<int> InputShape,
    LossKindSpec Loss,
    EquatableArray<LayerSpec> Layers,
    bool VariableLength = false,
    string? EmbeddedWeights = null);
