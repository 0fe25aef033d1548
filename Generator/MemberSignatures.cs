using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// A member of a class by what makes two members clash in C#: its name, and for a method its type-parameter count and
/// parameter types (two methods of one name are overloads unless those agree; any other member clashes by name alone).
/// The same text is made from a symbol (what the user wrote or inherits) and from syntax (what NetGen generated), so
/// the two can be compared without a compilation that holds both.
/// </summary>
internal static class MemberSignatures
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Whether two members cannot both be in one class (or the second would hide the first).</summary>
    public static bool Clash(MemberSignature a, MemberSignature b) =>
        a.Name == b.Name && (a.Parameters is null || b.Parameters is null || a.Parameters == b.Parameters);

    /// <summary>The members a class declares in source and those it inherits where it can see them, constructors and operators aside.</summary>
    public static IEnumerable<MemberSignature> Taken(INamedTypeSymbol type, Compilation compilation)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (!member.IsImplicitlyDeclared && Of(member) is { } signature) yield return signature;
        }
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers())
            {
                if (member.IsImplicitlyDeclared || member.DeclaredAccessibility == Accessibility.Private || !compilation.IsSymbolAccessibleWithin(member, type)) continue;
                if (Of(member) is { } signature) yield return signature with { Inherited = true, Owner = baseType.Name };
            }
        }
    }

    private static MemberSignature? Of(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method =>
            new MemberSignature(Normalized(method.Name), Parameters(method.Arity, method.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat))), member.ContainingType.Name, false),
        IMethodSymbol => null,
        IPropertySymbol { IsIndexer: true } => null,
        INamedTypeSymbol or IFieldSymbol or IPropertySymbol or IEventSymbol => new MemberSignature(Normalized(member.Name), null, member.ContainingType.Name, false),
        _ => null,
    };

    /// <summary>The members declared directly in <paramref name="type"/>'s body, from generated source.</summary>
    public static IEnumerable<MemberSignature> Declared(TypeDeclarationSyntax type)
    {
        foreach (MemberDeclarationSyntax member in type.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    string name = (method.ExplicitInterfaceSpecifier?.Name.ToString() is { } explicitInterface ? explicitInterface + "." : "") + method.Identifier.ValueText;
                    yield return new MemberSignature(Normalized(name),
                        Parameters(method.TypeParameterList?.Parameters.Count ?? 0, method.ParameterList.Parameters.Select(p => p.Type?.ToString() ?? "")), type.Identifier.ValueText, false);
                    break;
                case PropertyDeclarationSyntax property:
                    yield return new MemberSignature(Normalized((property.ExplicitInterfaceSpecifier?.Name.ToString() is { } i ? i + "." : "") + property.Identifier.ValueText), null, type.Identifier.ValueText, false);
                    break;
                case BaseFieldDeclarationSyntax field:
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                    {
                        yield return new MemberSignature(variable.Identifier.ValueText, null, type.Identifier.ValueText, false);
                    }
                    break;
                case BaseTypeDeclarationSyntax nested:
                    yield return new MemberSignature(nested.Identifier.ValueText, null, type.Identifier.ValueText, false);
                    break;
            }
        }
    }

    // Parameter types compare as written without 'global::', spaces and nullable marks (overloads cannot differ by those),
    // and without ref kinds (nor can they differ by ref, in or out alone).
    private static string Parameters(int arity, IEnumerable<string> types) =>
        "`" + arity.ToString(System.Globalization.CultureInfo.InvariantCulture) + "(" + string.Join(",", types.Select(Normalized)) + ")";

    private static string Normalized(string text) =>
        new string(text.Replace("global::", "").Where(c => !char.IsWhiteSpace(c) && c != '?').ToArray());
}
