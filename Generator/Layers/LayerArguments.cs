using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator.Layers;

/// <summary>
/// The named arguments of a layer attribute: those every layer reads (Name, Activation, LeakySlope, Bias, Input) read once, and
/// typed look-ups for a family's own. An argument of another type is skipped (it is already a compiler error); when a
/// name is given twice (also an error), the last one wins.
/// </summary>
internal sealed class LayerArguments
{
    private readonly ImmutableArray<KeyValuePair<string, TypedConstant>> _named;

    public LayerArguments(ImmutableArray<KeyValuePair<string, TypedConstant>> named, string defaultName)
    {
        _named = named;
        Name = String("Name", defaultName);
        Activation = (ActivationKind)Int("Activation", (int)ActivationKind.Identity);
        LeakySlope = Float("LeakySlope", 0.01f);
        Bias = Bool("Bias", true);
        Input = Value<string?>("Input", null);
    }

    /// <summary>The layer's name: given, or the default (<c>dense0</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The activation as given, possibly a value <c>NetGen.Activation</c> does not define.</summary>
    public ActivationKind Activation { get; }

    public float LeakySlope { get; }

    public bool Bias { get; }

    /// <summary>The earlier layer the layer reads instead of the one above (<c>Input = "block1"</c>), or null.</summary>
    public string? Input { get; }

    public int Int(string name, int fallback) => Value(name, fallback);

    public float Float(string name, float fallback) => Value(name, fallback);

    public bool Bool(string name, bool fallback) => Value(name, fallback);

    private string String(string name, string fallback) => Value(name, fallback);

    private T Value<T>(string name, T fallback)
    {
        T value = fallback;
        foreach (KeyValuePair<string, TypedConstant> argument in _named)
        {
            if (argument.Key == name && argument.Value.Value is T given) value = given;
        }
        return value;
    }
}
