using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Model;

/// <summary>
/// The generated source of one network, or why there is none: members that would clash, or an exception the emitter
/// threw. Problems name the attribute they belong to by index (see <see cref="NetworkPlaces"/>), not by location, so
/// that moving an attribute re-reports without re-emitting.
/// </summary>
internal sealed record Emission(string HintName, string? Source, EquatableArray<EmissionProblem> Problems);

/// <summary>A problem found while emitting: a descriptor and its arguments, reported at <see cref="Place"/>.</summary>
internal sealed record EmissionProblem(DiagnosticDescriptor Descriptor, int Place, EquatableArray<string> Arguments)
{
    /// <summary>The class name (for an internal error); 0 and up are layers in declaration order.</summary>
    public const int ClassPlace = -2;

    /// <summary>The [Network] attribute (for members generated for the network as a whole).</summary>
    public const int NetworkPlace = -1;
}

/// <summary>Where a network's parts are declared: the class name, the [Network] attribute and each layer attribute.</summary>
internal sealed record NetworkPlaces(LocationInfo? Class, LocationInfo? Network, EquatableArray<LocationInfo> Layers)
{
    public LocationInfo? Of(int place) => place switch
    {
        EmissionProblem.ClassPlace => Class,
        EmissionProblem.NetworkPlace => Network,
        _ => place < Layers.Count ? Layers[place] : Class,
    };
}
