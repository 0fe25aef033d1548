using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// The checks every diagnostic test makes: the generator's diagnostic has the expected ID and severity, is
/// reported in the declaring file at the span marked with <c>[| |]</c>, and its message contains the given parts.
/// </summary>
internal static class DiagnosticAssertions
{
    /// <summary>Runs the generator on <paramref name="markup"/> and checks that it reports exactly one NG error, <paramref name="id"/>, at the marked span.</summary>
    public static Diagnostic AssertOnly(string id, string markup, params string[] messageParts) =>
        AssertOnly(id, DiagnosticSeverity.Error, markup, messageParts);

    /// <inheritdoc cref="AssertOnly(string, string, string[])"/>
    public static Diagnostic AssertOnly(string id, DiagnosticSeverity severity, string markup, params string[] messageParts)
    {
        (string source, TextSpan span) = GeneratorHarness.Markup(markup);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.GeneratorDiagnostics(source);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        AssertDiagnostic(diagnostic, id, severity, source, span, messageParts);
        return diagnostic;
    }

    public static void AssertDiagnostic(Diagnostic diagnostic, string id, string source, TextSpan span, string[] messageParts) =>
        AssertDiagnostic(diagnostic, id, DiagnosticSeverity.Error, source, span, messageParts);

    public static void AssertDiagnostic(Diagnostic diagnostic, string id, DiagnosticSeverity severity, string source, TextSpan span, string[] messageParts)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal("Network0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.True(span == diagnostic.Location.SourceSpan,
            $"expected {id} at {span} '{source.Substring(span.Start, span.Length)}', " +
            $"got {diagnostic.Location.SourceSpan} '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string part in messageParts) Assert.Contains(part, message);
    }
}
