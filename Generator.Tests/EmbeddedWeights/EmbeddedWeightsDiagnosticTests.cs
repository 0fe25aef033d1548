using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.EmbeddedWeights.EmbeddedWeightsHarness;

namespace NetGen.Tests.EmbeddedWeights;

/// <summary>
/// The build-time check of [EmbeddedWeights]: one test per diagnostic (NG0060–NG0063), each reported at the attribute
/// with a message that names the network, the file, the tensor and the expected and found values.
/// </summary>
public sealed class EmbeddedWeightsDiagnosticTests
{
    /// <summary><see cref="TinyNetwork"/> with its attribute marked as where every diagnostic is reported.</summary>
    private static readonly string Markup = TinyNetwork.Replace("[EmbeddedWeights(\"tiny.safetensors\")]", "[[|EmbeddedWeights(\"tiny.safetensors\")|]]", StringComparison.Ordinal);

    /// <summary>The only NG diagnostic for <see cref="Markup"/> with the given AdditionalFiles, checked for ID, place and message parts.</summary>
    private static Diagnostic AssertOnly(string id, AdditionalText[] files, params string[] messageParts)
    {
        (string source, TextSpan span) = GeneratorHarness.Markup(Markup);
        ImmutableArray<Diagnostic> diagnostics = NgDiagnostics(source, files);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        DiagnosticAssertions.AssertDiagnostic(diagnostic, id, source, span, messageParts);
        return diagnostic;
    }

    private static AdditionalText TinyFile(params (string, string, int[])[] tensors) => Header("tiny.safetensors", HeaderCopy(Safetensors(tensors)));

    [Fact]
    public void MatchingFile_ReportsNothing_AndAddsLoadEmbeddedWeights()
    {
        (string source, _) = GeneratorHarness.Markup(Markup);
        (GeneratorDriverRunResult result, Compilation output) = Run(source, TinyFile(TinyTensors));

        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string generated = Assert.Single(result.Results[0].GeneratedSources).SourceText.ToString();
        Assert.Contains("public void LoadEmbeddedWeights()", generated);
        Assert.Contains("public const string EmbeddedWeightsResource = \"NetGen.Weights.tiny.safetensors\";", generated);
    }

    [Fact]
    public void HalfPrecisionFile_IsAccepted_AsTheRuntimeConvertsIt()
    {
        (string source, _) = GeneratorHarness.Markup(Markup);
        Assert.Empty(NgDiagnostics(source, TinyFile([.. TinyTensors.Select(t => (t.Item1, "F16", t.Item3))])));
    }

    [Fact]
    public void FileNotInTheProject_ReportsNG0060_NamingTheFileAndTheBuildItem() =>
        AssertOnly("NG0060", [], "Network 'Tiny'", "'tiny.safetensors'", "it has none", "<NetGenWeights Include=\"path/to/tiny.safetensors\" />");

    [Fact]
    public void OtherFilesInTheProject_ReportsNG0060_ListingThem() =>
        AssertOnly("NG0060", [Header("other.safetensors", HeaderCopy(Safetensors(TinyTensors)))], "it has: other.safetensors");

    [Fact]
    public void WrongShape_ReportsNG0063_WithExpectedAndFoundShapes() =>
        AssertOnly("NG0063", [TinyFile(("dense0.weight", "F32", [3, 5]), TinyTensors[1], TinyTensors[2], TinyTensors[3])],
            "Tensor 'dense0.weight' of 'tiny.safetensors'", "network 'Tiny'", "expected shape [3, 4], found [3, 5]");

    [Fact]
    public void WrongDType_ReportsNG0063_WithTheDTypesTheRuntimeConverts() =>
        AssertOnly("NG0063", [TinyFile(TinyTensors[0], ("dense0.bias", "I64", [3]), TinyTensors[2], TinyTensors[3])],
            "Tensor 'dense0.bias'", "expected dtype F32 (or F16, BF16, F64), found I64");

    [Fact]
    public void MissingTensor_ReportsNG0062_ListingWhatTheFileHas() =>
        AssertOnly("NG0062", [TinyFile(TinyTensors[0], TinyTensors[1], TinyTensors[2])],
            "Network 'Tiny' reads tensor 'dense1.bias' [2]", "'tiny.safetensors' does not hold",
            "dense0.weight [3, 4], dense0.bias [3], dense1.weight [2, 3]");

    [Fact]
    public void EveryMismatch_IsReported()
    {
        (string source, _) = GeneratorHarness.Markup(Markup);
        ImmutableArray<Diagnostic> diagnostics = NgDiagnostics(source, TinyFile(("dense0.weight", "F32", [4, 3]), ("dense1.weight", "F32", [2, 3])));
        Assert.Equal(["NG0063", "NG0062", "NG0062"], diagnostics.Select(d => d.Id).ToArray());
    }

    [Fact]
    public void HeaderThatIsNotJson_ReportsNG0061_SayingWhere()
    {
        byte[] file = Safetensors(TinyTensors);
        file[8 + 1] = (byte)'}'; // {"dense0… becomes {}dense0…: content after the object
        AssertOnly("NG0061", [Header("tiny.safetensors", HeaderCopy(file))],
            "'tiny.safetensors', embedded by network 'Tiny', is not a valid safetensors file", "header is not valid JSON", "content after the JSON value at character 2");
    }

    [Fact]
    public void HeaderLongerThanTheFile_ReportsNG0061_Truncated()
    {
        byte[] file = Safetensors(TinyTensors);
        BitConverter.GetBytes((ulong)file.Length).CopyTo(file, 0);
        AssertOnly("NG0061", [Header("tiny.safetensors", HeaderCopy(file))], $"file is truncated: header length is {file.Length} bytes but only {file.Length - 8} bytes follow");
    }

    [Fact]
    public void DataSectionShorterThanTheOffsets_ReportsNG0061()
    {
        byte[] file = Safetensors(TinyTensors);
        AssertOnly("NG0061", [Header("tiny.safetensors", HeaderCopy(file[..^4]))], "tensor 'dense1.bias': data_offsets [", "extend past the data section");
    }

    [Fact]
    public void FileOfFewerThanEightBytes_ReportsNG0061() =>
        AssertOnly("NG0061", [Header("tiny.safetensors", HeaderCopy([1, 2, 3]))], "expected at least 8 bytes for the header length, found 3");

    [Fact]
    public void ShapeThatDisagreesWithTheOffsets_ReportsNG0061()
    {
        string copy = HeaderCopy(Safetensors(TinyTensors)).Replace("\"shape\":[3]", "\"shape\":[4]");
        AssertOnly("NG0061", [Header("tiny.safetensors", copy)], "tensor 'dense0.bias': F32 shape [4] needs 16 bytes, data_offsets [48, 60] hold 12");
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}", "header names 'a' twice")]
    [InlineData("[1, 2]", "header is not a JSON object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", "header is not valid JSON: it ends where '}' should be")]
    [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'a' has no dtype")]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 'a': unknown dtype 'Q4'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "tensor 'a' has no shape of non-negative integers")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "__metadata__ must be an object of strings")]
    public void MalformedHeader_ReportsNG0061_WithTheProblem(string json, string problem)
    {
        string copy = $"netgen-safetensors-header 1\nfile-length {8 + json.Length + 4}\nheader-length {json.Length}\n{json}";
        AssertOnly("NG0061", [Header("tiny.safetensors", copy)], problem);
    }

    [Fact]
    public void EmptyFileName_ReportsNG0060()
    {
        (string source, TextSpan span) = GeneratorHarness.Markup(Markup.Replace("\"tiny.safetensors\"", "\"\""));
        Diagnostic diagnostic = Assert.Single(NgDiagnostics(source, TinyFile(TinyTensors)));
        DiagnosticAssertions.AssertDiagnostic(diagnostic, "NG0060", source, span, ["embeds the weights ''", "it has: tiny.safetensors"]);
    }
}
