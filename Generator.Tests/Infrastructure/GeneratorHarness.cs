using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator;

namespace NetGen.Tests.Infrastructure;

/// <summary>Runs the NetGen generator on source text, the way the compiler does, and exposes what it produced.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The framework the tests run on plus NetGen.Runtime: what a user's project references.
        string[] trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "NetGenUserAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: $"Network{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NetGenGenerator().AsSourceGenerator() },
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the run result and the compilation with generated code added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Runs a fresh driver on <paramref name="compilation"/> without building the output compilation.</summary>
    public static GeneratorDriverRunResult RunGenerators(Compilation compilation) =>
        CreateDriver().RunGenerators(compilation).GetRunResult();

    /// <summary>The generator's diagnostics plus the compiler's errors on the generated output.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(params string[] sources)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(sources);
        return result.Diagnostics.AddRange(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    public static string GeneratedSource(params string[] sources)
    {
        (GeneratorDriverRunResult result, _) = Run(sources);
        return string.Join("\n", result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));
    }

    /// <summary>
    /// Only the generator's own diagnostics (IDs starting with "NG"), not the compiler's errors on the
    /// generated output: tests of the parser must not depend on the runtime types the output uses.
    /// </summary>
    public static ImmutableArray<Diagnostic> GeneratorDiagnostics(params string[] sources)
    {
        (GeneratorDriverRunResult result, _) = Run(sources);
        return NgDiagnostics(result);
    }

    public static ImmutableArray<Diagnostic> NgDiagnostics(GeneratorDriverRunResult result) =>
        result.Diagnostics.Where(d => d.Id.StartsWith("NG", StringComparison.Ordinal)).ToImmutableArray();

    /// <summary>
    /// Removes the markers <c>[|</c> and <c>|]</c> from <paramref name="markup"/> and returns the plain source
    /// with the span they enclosed, so a test can say where a diagnostic belongs by writing it in the source.
    /// </summary>
    public static (string Source, TextSpan Span) Markup(string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start) throw new ArgumentException("Markup needs one [| ... |] span.", nameof(markup));
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
