using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator;

/// <summary>
/// Emits one network and checks the result before it is added: the file must parse as C# 12, and no member it declares
/// may clash with another generated member (two layers whose names run together, e.g. 'enc' + InputWeight and
/// 'encInput' + Weight) or with one the class already declares or inherits. A failing check, or an exception from the
/// emitter, gives problems instead of source, so one network's defect never costs the other networks their code.
/// </summary>
internal static class CheckedEmitter
{
    // Doc comments stay unparsed trivia: they cannot break the code, and parsing them doubled the check's time.
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12, DocumentationMode.None);

    public static Emission Emit(NetworkSpec spec, EquatableArray<MemberSignature> taken, Func<NetworkSpec, string> emit, CancellationToken cancellationToken)
    {
        string hintName = NetGenGenerator.HintName(spec);
        try
        {
            string source = emit(spec);
            SyntaxTree tree = CSharpSyntaxTree.ParseText(source, s_parseOptions, cancellationToken: cancellationToken);
            if (tree.GetDiagnostics(cancellationToken).FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                return Failed(hintName, spec, $"the generated code does not parse ({error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} at line {error.Location.GetLineSpan().StartLinePosition.Line + 1})");
            }
            TypeDeclarationSyntax network = NetworkClass(tree, spec, cancellationToken);
            var problems = new List<EmissionProblem>();
            List<MemberSignature> members = MemberSignatures.Declared(network).ToList();
            CheckGenerated(spec, members, problems);
            CheckTaken(spec, members, taken, problems);
            return new Emission(hintName, problems.Count == 0 ? source : null, new EquatableArray<EmissionProblem>(problems.ToArray()));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(hintName, spec, exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static Emission Failed(string hintName, NetworkSpec spec, string reason) =>
        new(hintName, null, new EquatableArray<EmissionProblem>(new[]
        {
            new EmissionProblem(DiagnosticDescriptors.InternalError, EmissionProblem.ClassPlace, new EquatableArray<string>(new[] { spec.ClassName.TrimStart('@'), reason })),
        }));

    /// <summary>The network's class: the one of its name inside its containing types (walking declarations only, not the code).</summary>
    private static TypeDeclarationSyntax NetworkClass(SyntaxTree tree, NetworkSpec spec, CancellationToken cancellationToken)
    {
        string name = spec.ClassName.TrimStart('@');
        IEnumerable<MemberDeclarationSyntax> members = ((CompilationUnitSyntax)tree.GetRoot(cancellationToken)).Members;
        members = members.SelectMany(member => member is BaseNamespaceDeclarationSyntax ns ? ns.Members : (IEnumerable<MemberDeclarationSyntax>)new[] { member });
        foreach (ContainingTypeSpec outer in spec.ContainingTypes)
        {
            string outerName = outer.Name.TrimStart('@');
            members = members.OfType<TypeDeclarationSyntax>().Where(type => type.Identifier.ValueText == outerName).SelectMany(type => type.Members);
        }
        return members.OfType<ClassDeclarationSyntax>().FirstOrDefault(type => type.Identifier.ValueText == name)
               ?? throw new InvalidOperationException($"the generated code has no class '{name}'");
    }

    /// <summary>Members generated twice: reported once per pair of layers, at the later one.</summary>
    private static void CheckGenerated(NetworkSpec spec, List<MemberSignature> members, List<EmissionProblem> problems)
    {
        var reported = new HashSet<(int, int)>();
        foreach (IGrouping<string, MemberSignature> sameName in members.GroupBy(member => member.Name, StringComparer.Ordinal))
        {
            MemberSignature[] group = sameName.ToArray();
            for (int j = 1; j < group.Length; j++)
            {
                if (!group.Take(j).Any(earlier => MemberSignatures.Clash(earlier, group[j]))) continue;
                // Both layers' identifiers start the member's name; the longer one belongs to the layer that ran into the other.
                int[] owners = Owners(spec, group[j].Name).ToArray();
                int later = owners.Length > 0 ? owners.Max() : EmissionProblem.NetworkPlace;
                int earlierOwner = owners.Where(owner => owner != later).DefaultIfEmpty(EmissionProblem.NetworkPlace).Max();
                if (later < 0 || !reported.Add((later, earlierOwner))) continue;
                string other = earlierOwner >= 0 ? $"layer '{spec.Layers[earlierOwner].Name}'" : $"network '{spec.ClassName.TrimStart('@')}'";
                problems.Add(new EmissionProblem(DiagnosticDescriptors.GeneratedMembersClash, later,
                    new EquatableArray<string>(new[] { spec.Layers[later].Name, group[j].Display, other })));
            }
        }
    }

    /// <summary>Generated members that clash with (or would hide) members of the class: reported at the layer they come from, else at [Network].</summary>
    private static void CheckTaken(NetworkSpec spec, List<MemberSignature> members, EquatableArray<MemberSignature> taken, List<EmissionProblem> problems)
    {
        var reported = new HashSet<(int, string)>();
        foreach (MemberSignature member in members)
        {
            foreach (MemberSignature existing in taken)
            {
                if (!MemberSignatures.Clash(member, existing)) continue;
                int place = Owners(spec, member.Name).OrderByDescending(i => Planner.Identifier(spec.Layers[i].Name).Length).DefaultIfEmpty(EmissionProblem.NetworkPlace).First();
                if (!reported.Add((place, existing.Display))) continue;
                bool layer = place >= 0;
                problems.Add(new EmissionProblem(DiagnosticDescriptors.GeneratedMemberTaken, place, new EquatableArray<string>(new[]
                {
                    layer ? $"Layer '{spec.Layers[place].Name}'" : $"Network '{spec.ClassName.TrimStart('@')}'",
                    member.Display,
                    existing.Owner,
                    existing.Inherited ? $"declares, and '{spec.ClassName.TrimStart('@')}' would hide it" : "declares",
                    layer ? "the layer (Name = \"...\") or that member" : "that member",
                })));
            }
        }
    }

    /// <summary>The layers whose member-name prefix starts <paramref name="member"/>.</summary>
    private static IEnumerable<int> Owners(NetworkSpec spec, string member) =>
        Enumerable.Range(0, spec.Layers.Count).Where(i => member.StartsWith(Planner.Identifier(spec.Layers[i].Name), StringComparison.Ordinal));
}
