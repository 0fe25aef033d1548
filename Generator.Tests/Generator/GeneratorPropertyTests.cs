using System.Collections.Immutable;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// Random declarations, valid and not, and random garbage mutated from a valid one: whatever the user
/// writes, the generator never throws, never reports an internal error, generates exactly one well-formed
/// file for each network it accepts and none for one it rejects, and gives the same output every time.
/// </summary>
public sealed class GeneratorPropertyTests
{
    // Fixed seeds keep the runs reproducible; on a failure CsCheck prints the seed of the shrunk case.
    private const string DeclarationSeed = "68zQKovKy_I1";
    private const string MutationSeed = "0N0XIzNsQ0O2";

    // ---- Random declarations ----

    /// <summary>A dimension or unit count: mostly small, sometimes zero, negative or huge (1 &lt;&lt; 20).</summary>
    private static readonly Gen<string> Size = Gen.Frequency(
        (30, Gen.Int[1, 40].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("0", "-1", "-1000", "1 << 20", "int.MaxValue")));

    /// <summary>A rate or slope: mostly in [0, 1), sometimes out of range, NaN or an int.</summary>
    private static readonly Gen<string> Float = Gen.Frequency(
        (4, Gen.OneOf("0f", "0.25f", "0.5f", "0.99f", "1e-30f", "0.05f")),
        (1, Gen.OneOf("1f", "1.5f", "-0.1f", "float.NaN", "float.PositiveInfinity", "2")));

    private static readonly Gen<string> ActivationValue = Gen.Frequency(
        (20, Gen.OneOf("Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "Step").Select(a => "Activation." + a)),
        (1, Gen.OneOf("(Activation)42", "(Activation)(-1)", "1", "\"ReLU\"")));

    private static readonly Gen<string> Name = Gen.OneOf(
        "\"fc\"", "\"fc1\"", "\"fc.1\"", "\"encoder.fc1\"", "\"head\"", "\"dense0\"", "\"dense1\"", "\"1x\"", "\"\"", "null", "\"a b\"", "\"_x\"", "42");

    private static readonly Gen<string> DenseNamed = Gen.Frequency(
        (4, ActivationValue.Select(a => "Activation = " + a)),
        (2, Float.Select(f => "LeakySlope = " + f)),
        (2, Gen.Frequency((6, Gen.OneOf("Bias = true", "Bias = false")), (1, Gen.Const("Bias = 1")))),
        (1, Name.Select(n => "Name = " + n)));

    private static readonly Gen<string> Dense =
        from units in Gen.Frequency((30, Size), (1, Gen.OneOf("", "\"x\"", "1.5f", "1, 2")))
        from named in DenseNamed.Array[0, 2]
        select "Dense(" + string.Join(", ", new[] { units }.Where(u => u.Length > 0).Concat(named)) + ")";

    private static readonly Gen<string> Dropout =
        from rate in Gen.Frequency((20, Float), (1, Gen.OneOf("", "\"x\"", "0.5")))
        select "Dropout(" + rate + ")";

    private static readonly Gen<string> Flatten = Gen.Frequency((10, Gen.Const("Flatten")), (1, Gen.OneOf("Flatten()", "Flatten(3)")));

    private static readonly Gen<string> Normalization =
        from kind in Gen.OneOf("BatchNorm", "LayerNorm")
        from named in Gen.Frequency(
            (3, Float.Select(f => "Epsilon = " + f)),
            (3, Float.Select(f => "Momentum = " + f)),
            (1, Name.Select(n => "Name = " + n))).Array[0, 2]
        let arguments = named.Where(a => kind == "BatchNorm" || !a.StartsWith("Momentum", StringComparison.Ordinal)).ToArray()
        select arguments.Length == 0 ? kind : kind + "(" + string.Join(", ", arguments) + ")";

    private static readonly Gen<string> GlobalPool = Gen.Frequency((10, Gen.OneOf("GlobalMaxPool1D", "GlobalAveragePool1D")), (1, Gen.OneOf("GlobalMaxPool1D()", "GlobalAveragePool1D(2)")));

    private static readonly Gen<string> Layer = Gen.Frequency((6, Dense), (2, Dropout), (1, Flatten), (1, Normalization), (1, GlobalPool));

    private static readonly Gen<string> Loss = Gen.Frequency(
        (6, Gen.Const("")),
        (6, Gen.OneOf("None", "MeanSquaredError", "BinaryCrossEntropyWithLogits", "SoftmaxCrossEntropy").Select(l => "Loss = LossKind." + l)),
        (1, Gen.OneOf("Loss = (LossKind)42", "Loss = 3")));

    private static readonly Gen<string> Network =
        from shape in Gen.Frequency((24, Size.Array[1, 1]), (8, Size.Array[2, 3]), (1, Gen.Const(Array.Empty<string>())), (1, Gen.OneOf(new[] { "new int[0]" }, new[] { "null" }, new[] { "Input = new[] { 3, 4 }" })))
        from loss in Loss
        let arguments = shape.Concat(loss.Length > 0 ? new[] { loss } : Array.Empty<string>()).ToArray()
        select arguments.Length == 0 ? "Network" : "Network(" + string.Join(", ", arguments) + ")";

    private static readonly Gen<string> Declaration =
        from network in Network
        from layers in Gen.Frequency((1, Gen.Const(Array.Empty<string>())), (20, Layer.Array[1, 5]))
        from partial in Gen.Frequency((20, Gen.Const(true)), (1, Gen.Const(false)))
        from generic in Gen.Frequency((20, Gen.Const(false)), (1, Gen.Const(true)))
        from nesting in Gen.Frequency((12, Gen.Const("")), (4, Gen.OneOf("partial class Outer", "partial struct Outer")), (1, Gen.OneOf("class Outer", "partial class Outer<T>")))
        from ns in Gen.OneOf("", "namespace MyApp;", "namespace A.B;")
        select Build(network, layers, partial, generic, nesting, ns);

    private static string Build(string network, string[] layers, bool partial, bool generic, string nesting, string ns)
    {
        string attributes = "[" + network + "]\n" + string.Concat(layers.Select(layer => "[" + layer + "]\n"));
        string type = $"{attributes}public {(partial ? "partial " : "")}class Net{(generic ? "<T>" : "")} {{ }}";
        if (nesting.Length > 0) type = $"public {nesting}\n{{\n{type}\n}}";
        return $"using NetGen;\n{ns}\n{type}\n";
    }

    // ---- Garbage: a valid declaration with random characters deleted, inserted or duplicated ----

    private const string ValidDeclaration = """
        using NetGen;
        namespace MyApp;
        [Network(16, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(32, Activation = Activation.ReLU, Name = "fc1")]
        [Dropout(0.25f)]
        [Dense(10)]
        public partial class Net;
        """;

    private static readonly Gen<(int Position, int Operation, char Character)> Mutation =
        Gen.Select(Gen.Int[0, ValidDeclaration.Length - 1], Gen.Int[0, 2], Gen.OneOf('[', ']', '(', ')', ',', '-', '0', '9', '"', ';', ' ', 'x', '<', '{', '}', '.', '\n'));

    private static readonly Gen<string> Garbage = Mutation.Array[1, 6].Select(mutations =>
    {
        var text = new System.Text.StringBuilder(ValidDeclaration);
        foreach ((int position, int operation, char character) in mutations)
        {
            int at = Math.Min(position, text.Length - 1);
            if (at < 0) break;
            switch (operation)
            {
                case 0: text.Remove(at, 1); break;
                case 1: text.Insert(at, character); break;
                default: text.Insert(at, text[at]); break;
            }
        }
        return text.ToString();
    });

    // ---- The properties ----

    [Fact]
    public void RandomDeclarations_NeverBreakTheGenerator() =>
        Declaration.Sample(CheckProperties, seed: DeclarationSeed, iter: 400);

    [Fact]
    public void MutatedDeclarations_NeverBreakTheGenerator() =>
        Garbage.Sample(CheckProperties, seed: MutationSeed, iter: 300);

    [Fact]
    public void TheDeclarationGenerator_ProducesValidNetworksToo()
    {
        // The properties only say something about accepted networks if the random declarations include some.
        int accepted = 0, rejected = 0;
        Declaration.Sample(source =>
        {
            if (GeneratorHarness.GeneratorDiagnostics(source).IsEmpty) Interlocked.Increment(ref accepted);
            else Interlocked.Increment(ref rejected);
        }, seed: DeclarationSeed, iter: 200);
        Assert.True(accepted >= 40, $"only {accepted} (rejected {rejected}) of 200 random declarations were accepted");
        Assert.True(rejected >= 40, $"only {rejected} of 200 random declarations were rejected");
    }

    private static void CheckProperties(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        GeneratorDriverRunResult result = GeneratorHarness.RunGenerators(compilation);
        GeneratorRunResult run = result.Results[0];
        string context = "\n--- source ---\n" + source;

        // Nothing escapes: no exception, no internal error, no 'generator failed' warning.
        Assert.True(run.Exception is null, $"generator threw {run.Exception}{context}");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "NG0099" or "CS8785");
        ImmutableArray<Diagnostic> ng = GeneratorHarness.NgDiagnostics(result);
        Assert.All(ng, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));

        // From well-formed source, every generated file is well-formed C#, whatever runtime types it names.
        // (Broken source can still give broken output: see ClassWithMissingIdentifier_GeneratesNothing.)
        bool parses = !compilation.SyntaxTrees[0].GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        foreach (GeneratedSourceResult generated in run.GeneratedSources.Where(_ => parses))
        {
            Diagnostic? syntaxError = generated.SyntaxTree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
            Assert.True(syntaxError is null, $"{generated.HintName}: {syntaxError}{context}");
        }

        // An accepted network in well-formed source gives exactly one file; a rejected one gives none.
        int networks = CountNetworkClasses(compilation, out bool compiles);
        if (ng.IsEmpty && compiles)
        {
            Assert.True(networks == run.GeneratedSources.Length, $"{networks} networks but {run.GeneratedSources.Length} files{context}");
        }
        if (!ng.IsEmpty && networks == 1)
        {
            Assert.True(run.GeneratedSources.IsEmpty, $"rejected network still generated {run.GeneratedSources.Length} files{context}");
        }

        // Deterministic: the same text gives the same files and the same diagnostics.
        GeneratorDriverRunResult again = GeneratorHarness.RunGenerators(GeneratorHarness.Compile(source));
        Assert.Equal(
            run.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            again.Results[0].GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
        Assert.Equal(
            ng.Select(d => d.ToString()),
            GeneratorHarness.NgDiagnostics(again).Select(d => d.ToString()));
    }

    /// <summary>
    /// Classes in <paramref name="compilation"/> whose attributes bind to <c>NetGen.NetworkAttribute</c>;
    /// <paramref name="compiles"/> says whether the source itself has no compiler errors.
    /// </summary>
    private static int CountNetworkClasses(CSharpCompilation compilation, out bool compiles)
    {
        compiles = !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        SyntaxTree tree = compilation.SyntaxTrees[0];
        SemanticModel model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Count(declaration => model.GetDeclaredSymbol(declaration)?.GetAttributes()
                .Any(attribute => attribute.AttributeClass?.ToDisplayString() == "NetGen.NetworkAttribute"
                    && attribute.ApplicationSyntaxReference?.SyntaxTree == tree
                    && declaration.Span.Contains(attribute.ApplicationSyntaxReference.Span)) == true);
    }

    // ---- Cases found while writing the properties (each a generator bug, skipped until fixed) ----

    [Fact]
    public void NetworkAttributeOnTwoPartialDeclarations_DoesNotCrashTheGenerator()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using NetGen;
            [Network(4)]
            [Dense(2)]
            public partial class Net;

            [Network(4)]
            public partial class Net;
            """);
        Assert.Null(result.Results[0].Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
        Assert.True(result.Results[0].GeneratedSources.Length <= 1);
    }

    [Fact]
    public void ClassWithMissingIdentifier_GeneratesNothing()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using NetGen;
            namespace MyApp;
            [Network(4)]
            [Dense(2)]
            public partial class} Net;
            """);
        Assert.Null(result.Results[0].Exception);
        Assert.Empty(result.Results[0].GeneratedSources);
    }

    [Theory]
    [InlineData("fc\\\"1")]
    [InlineData("fc\\\\")]
    [InlineData("a\\nclass X { }")]
    public void LayerNameWithQuoteBackslashOrNewline_IsRejectedOrEscaped(string escapedName)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(
            "using NetGen;\n[Network(4)]\n[Dense(2, Name = \"" + escapedName + "\")]\npublic partial class Net;\n");
        if (!GeneratorHarness.NgDiagnostics(result).IsEmpty) return; // rejected: fine
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.DoesNotContain(generated.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Theory]
    [InlineData("[Network(1 << 20)] [Dense(1 << 20)]")]
    [InlineData("[Network(70000)] [Dense(70000)]")]
    [InlineData("[Network(65536, 65536)] [Flatten] [Dense(3)]")]
    public void SizesBeyondIntRange_AreReported(string attributes)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("using NetGen;\n" + attributes + "\npublic partial class Net;\n");
        Assert.NotEmpty(GeneratorHarness.NgDiagnostics(result));
        Assert.Empty(result.Results[0].GeneratedSources);
    }
}
