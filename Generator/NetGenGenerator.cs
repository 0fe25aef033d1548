using System.Linq;
using Microsoft.CodeAnalysis;
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

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Find: each class declaration carrying [Network], parsed into a value model and its diagnostics.
        // Neither holds a symbol, a syntax node or the compilation, so unchanged declarations stay cached.
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkAttributeName,
                predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax,
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

        // Emit: one source file per valid network.
        IncrementalValuesProvider<NetworkSpec> specs = parsed
            .Where(static result => result.Spec is not null)
            .Select(static (result, _) => result.Spec!)
            .WithTrackingName(TrackingNames.Spec);
        context.RegisterSourceOutput(specs, static (context, spec) =>
            context.AddSource(spec.HintName, Emitter.Emit(spec)));
    }

    /// <summary>Step names, so tests can check that a second run with equal input is served from the cache.</summary>
    internal static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Spec = nameof(Spec);
    }
}
