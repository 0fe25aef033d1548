using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator;

/// <summary>
/// Generates, for every partial class marked <c>[NetGen.Network]</c>, code written for exactly that
/// network: constant shapes, vectorized and register-blocked forward and backward kernels, a flat
/// parameter buffer, weight files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class NetGenGenerator : IIncrementalGenerator
{
    internal const string NetworkAttributeName = "NetGen.NetworkAttribute";

    private readonly Func<NetworkSpec, string> _emit;

    public NetGenGenerator() : this(Emitter.Emit)
    {
    }

    /// <summary>A generator with another emitter, so tests can make emitting one network fail.</summary>
    internal NetGenGenerator(Func<NetworkSpec, string> emit) => _emit = emit;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Find: each class declaration carrying [Network], parsed into a value model and its diagnostics.
        // Neither holds a symbol, a syntax node or the compilation, so unchanged declarations stay cached.
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkAttributeName,
                // Record classes too, so that NG0051 can say why they get no code.
                predicate: static (node, _) => node is ClassDeclarationSyntax
                    or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)SyntaxKind.StructKeyword },
                transform: static (context, cancellationToken) => Parser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        // Diagnostics leave on their own output, so a moved attribute re-reports without re-emitting code.
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (context, items) =>
        {
            foreach (DiagnosticInfo item in items) context.ReportDiagnostic(item.ToDiagnostic());
        });

        // Emit: one source file per valid network, checked before it is added (CheckedEmitter). Each network is
        // emitted on its own, so an exception while emitting one becomes that network's NG0099, not every network's loss.
        // A project on .NET 8 gets the same code with .NET 9's vector calls routed to the runtime (DotNet8Source); the
        // flag is a bool, so it changes, and re-emits, only when the project's target framework does.
        IncrementalValueProvider<bool> targetsDotNet8 = context.CompilationProvider
            .Select(static (compilation, _) => DotNet8Source.IsTargeted(compilation));
        Func<NetworkSpec, string> emitForDotNet8 = spec => DotNet8Source.Rewrite(_emit(spec));
        IncrementalValuesProvider<Emission> emitted = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => new EmitInput(result.Spec!, result.Taken))
            .WithTrackingName(TrackingNames.Spec)
            .Combine(targetsDotNet8)
            .Select((input, cancellationToken) => CheckedEmitter.Emit(input.Left.Spec, input.Left.Taken, input.Right ? emitForDotNet8 : _emit, cancellationToken))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(emitted, static (context, emission) =>
        {
            if (emission.Source is not null) context.AddSource(emission.HintName, emission.Source);
        });

        // Embedded weights: a network's [EmbeddedWeights] file is checked against its tensors at build time (diagnostics only).
        EmbeddedWeightsCheck.Register(context, parsed);

        // Report what the emit step found, at the attributes the parse step saw: a moved attribute re-reports
        // here without re-emitting (the join runs over all networks, but only compares names).
        IncrementalValueProvider<(ImmutableArray<Emission> Emissions, ImmutableArray<(string HintName, NetworkPlaces Places)> Places)> problems = emitted
            .Where(static emission => emission.Problems.Count > 0)
            .Collect()
            .Combine(parsed
                .Where(static result => result.Spec is not null && result.Places is not null)
                .Select(static (result, _) => (HintName(result.Spec!), result.Places!))
                .Collect());
        context.RegisterSourceOutput(problems, static (context, pair) =>
        {
            foreach (Emission emission in pair.Emissions)
            {
                NetworkPlaces? places = pair.Places.FirstOrDefault(entry => entry.HintName == emission.HintName).Places;
                foreach (EmissionProblem problem in emission.Problems)
                {
                    context.ReportDiagnostic(new DiagnosticInfo(problem.Descriptor, places?.Of(problem.Place), problem.Arguments).ToDiagnostic());
                }
            }
        });
    }

    /// <summary>What the emit step takes: the network and the members its class already has.</summary>
    internal sealed record EmitInput(NetworkSpec Spec, EquatableArray<MemberSignature> Taken);

    /// <summary>
    /// A file name unique per network, e.g. <c>MyApp.Outer+Net.g.cs</c>: the namespace's parts joined by '.', the
    /// containing types by '+' (as in reflection names, so <c>A.B.Net</c> and <c>A+B+Net</c> stay apart), without the
    /// '@' of escaped keywords, which a hint name may not contain.
    /// </summary>
    internal static string HintName(NetworkSpec spec)
    {
        var name = new StringBuilder();
        if (spec.Namespace is not null) name.Append(spec.Namespace.Replace("@", "")).Append('.');
        foreach (ContainingTypeSpec type in spec.ContainingTypes) name.Append(Unescaped(type.Name)).Append('+');
        return name.Append(Unescaped(spec.ClassName)).Append(".g.cs").ToString();
    }

    private static string Unescaped(string identifier) => identifier.TrimStart('@');

    /// <summary>Step names, so tests can check that a second run with equal input is served from the cache.</summary>
    internal static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Spec = nameof(Spec);
        public const string Emit = nameof(Emit);
    }
}
