using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// Runs the generator on user source and compiles the result under the strictest settings a user can choose:
/// every warning wave (warning level 9999), nullable annotations and warnings on, documentation comments checked.
/// What it returns separates what the generator said (NG diagnostics, exceptions) from what the compiler says
/// about the generated files, which must always be nothing.
/// </summary>
internal static class StrictCompilation
{
    public sealed record Result(
        ImmutableArray<Diagnostic> Generator,
        ImmutableArray<Exception> Exceptions,
        ImmutableArray<Diagnostic> InGeneratedFiles,
        ImmutableArray<Diagnostic> InUserFiles,
        ImmutableArray<GeneratedSourceResult> GeneratedSources)
    {
        /// <summary>Each generated-file diagnostic with the line it points at, for failure messages.</summary>
        public string DescribeGenerated() => string.Join("\n", InGeneratedFiles.Select(d =>
            $"{d} — `{d.Location.SourceTree?.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Trim()}`"));
    }

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new(version, DocumentationMode.Diagnose);

    public static Result Run(params string[] sources) => Run(LanguageVersion.Latest, sources);

    public static Result Run(LanguageVersion version, params string[] sources) => Run(version, bind: true, sources);

    /// <summary>
    /// With <paramref name="bind"/> false, only the generated files' syntax is checked (binding every method body is by
    /// far the slowest part, see GeneratorPropertyTests).
    /// </summary>
    public static Result Run(LanguageVersion version, bool bind, params string[] sources)
    {
        CSharpParseOptions parse = ParseOptions(version);
        CSharpCompilation compilation = GeneratorHarness.Compile(sources);
        compilation = compilation
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(compilation.SyntaxTrees.Select(tree => tree.WithRootAndOptions(tree.GetRoot(), parse)))
            .WithOptions(compilation.Options.WithWarningLevel(9999).WithNullableContextOptions(NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new NetGenGenerator().AsSourceGenerator() }, parseOptions: parse);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorDriverRunResult run = driver.GetRunResult();
        var generatedTrees = run.GeneratedTrees.ToHashSet();
        IEnumerable<Diagnostic> all = bind ? output.GetDiagnostics() : run.GeneratedTrees.SelectMany(tree => tree.GetDiagnostics());
        ImmutableArray<Diagnostic> compiler = all
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .ToImmutableArray();
        return new Result(
            GeneratorHarness.NgDiagnostics(run),
            run.Results.Where(r => r.Exception is not null).Select(r => r.Exception!).ToImmutableArray(),
            compiler.Where(d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)).ToImmutableArray(),
            compiler.Where(d => d.Location.SourceTree is not { } tree || !generatedTrees.Contains(tree)).ToImmutableArray(),
            run.Results.SelectMany(r => r.GeneratedSources).ToImmutableArray());
    }
}
