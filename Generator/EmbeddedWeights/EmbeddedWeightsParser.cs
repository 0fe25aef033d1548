using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>Reads a network class's [EmbeddedWeights] (at most one: the attribute does not allow more).</summary>
internal static class EmbeddedWeightsParser
{
    internal const string AttributeName = "NetGen.EmbeddedWeightsAttribute";

    public static EmbeddedWeightsDeclaration? Read(INamedTypeSymbol network, CancellationToken cancellationToken)
    {
        AttributeData? attribute = network.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttributeName);
        if (attribute is null) return null;
        // A null or missing argument names no file; the check then reports it as a file the project does not have.
        string fileName = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name ? name : "";
        LocationInfo? location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation());
        return new EmbeddedWeightsDeclaration(fileName, location);
    }
}
