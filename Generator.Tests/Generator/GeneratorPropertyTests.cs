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
    // Fixed seeds make every run test the same cases (SeededSample); a failure names its case's seed.
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

    private static readonly Gen<string> ActivationLayer =
        from activation in Gen.Frequency((20, ActivationValue), (1, Gen.OneOf("", "\"x\"")))
        from named in Gen.Frequency((2, Float.Select(f => "LeakySlope = " + f)), (1, Name.Select(n => "Name = " + n))).Array[0, 1]
        select "Activation(" + string.Join(", ", new[] { activation }.Where(a => a.Length > 0).Concat(named)) + ")";

    private static readonly Gen<string> Upsample =
        from scale in Gen.Frequency((20, Size), (1, Gen.OneOf("", "\"x\"")))
        from named in Gen.Frequency((2, Size.Select(s => "ScaleWidth = " + s)), (2, Gen.OneOf("Mode = UpsampleMode.Bilinear", "Mode = UpsampleMode.Nearest", "Mode = (UpsampleMode)7"))).Array[0, 2]
        select "Upsample2D(" + string.Join(", ", new[] { scale }.Where(a => a.Length > 0).Concat(named)) + ")";

    /// <summary>A window setting: mostly small, sometimes the "same as the height's" values (0, −1), negative or huge.</summary>
    private static readonly Gen<string> WindowSetting = Gen.Frequency(
        (20, Gen.Int[0, 4].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (2, Size));

    private static readonly Gen<string> ConvTransposeSetting =
        from setting in Gen.OneOf("KernelWidth", "Stride", "StrideWidth", "Padding", "PaddingWidth", "OutputPadding", "OutputPaddingWidth", "Dilation", "DilationWidth")
        from value in WindowSetting
        select setting + " = " + value;

    private static readonly Gen<string> ConvTranspose =
        from filters in Size
        from kernel in Gen.Int[1, 4]
        from arguments in Gen.Frequency((20, Gen.Const($"{filters}, {kernel}")), (1, Gen.OneOf("", "3", "\"x\", 2", "2, 3, 4")))
        from named in Gen.Frequency((6, ConvTransposeSetting), (2, DenseNamed)).Array[0, 3]
        select "Conv2DTranspose(" + string.Join(", ", new[] { arguments }.Where(a => a.Length > 0).Concat(named)) + ")";

    private static readonly Gen<string> Layer = Gen.Frequency((6, Dense), (2, Dropout), (1, Flatten), (1, Normalization), (1, GlobalPool), (2, ActivationLayer), (1, Upsample), (1, ConvTranspose));

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
        SeededSample.Run(Declaration, CheckProperties, DeclarationSeed, iterations: 400);

    [Fact]
    public void MutatedDeclarations_NeverBreakTheGenerator() =>
        SeededSample.Run(Garbage, CheckProperties, MutationSeed, iterations: 300);

    [Fact]
    public void TheDeclarationGenerator_ProducesValidNetworksToo()
    {
        // The properties only say something about accepted networks if the random declarations include some.
        int accepted = 0, rejected = 0;
        SeededSample.Run(Declaration, source =>
        {
            if (GeneratorHarness.GeneratorDiagnostics(source).IsEmpty) Interlocked.Increment(ref accepted);
            else Interlocked.Increment(ref rejected);
        }, DeclarationSeed, iterations: 200);
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

    // ---- Whole networks of every layer family, in every kind of container, compiled with their generated code ----

    private const string CompiledSeed = "4vQ2mPz8LbE1";
    private const int CasesPerCompilation = 125, Compilations = 80; // 10,000 declarations

    /// <summary>
    /// Every how many of the <see cref="Compilations"/> is also bound in full (every method body) at the strictest
    /// settings. Binding is by far the slowest part (about 0.3 s per accepted network; all 10,000 cases, 2,347 of them
    /// accepted, took 33 minutes under load), so a default run binds every tenth compilation and only parses the rest;
    /// NETGEN_PROPERTY_BIND_EVERY=1 binds them all.
    /// </summary>
    private static readonly int BindEvery = int.TryParse(Environment.GetEnvironmentVariable("NETGEN_PROPERTY_BIND_EVERY"), out int every) && every > 0 ? every : 10;

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A size: mostly small, sometimes zero, negative or beyond any buffer.</summary>
    private static readonly Gen<string> SmallSize = Gen.Frequency(
        (40, Gen.Int[1, 9].Select(Invariant)),
        (4, Gen.Int[10, 70].Select(Invariant)),
        (1, Gen.OneOf("0", "-3", "1 << 20", "int.MaxValue")));

    /// <summary>Layer names: ordinary, PyTorch-style dotted, C# keywords, unicode, ones that run together or match network members, invalid ones.</summary>
    private static readonly Gen<string> LayerName = Gen.OneOf(
        "fc", "fc1", "fc.1", "encoder.fc1", "head", "enc", "encInput", "class", "event", "über", "Predict", "input",
        "Output", "parameters", "a-b", "x_y", "dense0", "lstm0", "conv0", "view", "data", "", "1x");

    private static readonly Gen<string> Named = Gen.Frequency((6, Gen.Const("")), (1, LayerName.Select(n => "Name = \"" + n + "\"")));

    private static readonly Gen<string> AnyActivation = Gen.OneOf("Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "Step").Select(a => "Activation = Activation." + a);

    private static readonly Gen<string> Activated = Gen.Frequency(
        (3, Gen.Const("")),
        (6, AnyActivation),
        (1, Gen.Select(Gen.OneOf("0f", "0.2f", "1.5f", "float.NaN"), slope => "Activation = Activation.LeakyReLU, LeakySlope = " + slope)));

    private static string Attribute(string name, params string[] arguments)
    {
        string[] present = arguments.Where(a => a.Length > 0).ToArray();
        return present.Length == 0 ? name : name + "(" + string.Join(", ", present) + ")";
    }

    private static readonly Gen<string> DenseLayer = Gen.Select(SmallSize, Activated, Gen.OneOf("", "Bias = false"), Named,
        (units, activation, bias, name) => Attribute("Dense", units, activation, bias, name));

    private static readonly Gen<string> NormLayer = Gen.Select(Gen.OneOf("BatchNorm", "LayerNorm"), Gen.OneOf("", "Epsilon = 1e-3f", "Epsilon = 0f"), Named,
        (kind, epsilon, name) => Attribute(kind, epsilon, name));

    private static readonly Gen<string> VectorLayer = Gen.Frequency(
        (6, DenseLayer),
        (2, Gen.Select(Gen.OneOf("0f", "0.25f", "0.5f", "1f"), Named, (rate, name) => Attribute("Dropout", rate, name))),
        (2, NormLayer));

    /// <summary>A 2-D window's width settings (1-D attributes have none): mostly none, sometimes one or two, some invalid.</summary>
    private static readonly Gen<string> WidthSettings = Gen.Frequency(
        (4, Gen.Const("")),
        (2, Gen.OneOf("StrideWidth = 2", "StrideWidth = 1", "PaddingWidth = 0", "PaddingWidth = 2", "DilationWidth = 2", "StrideWidth = 3, PaddingWidth = 1",
            "PaddingWidth = 1, DilationWidth = 2")),
        (1, Gen.OneOf("StrideWidth = 0", "StrideWidth = -1", "PaddingWidth = -1", "DilationWidth = 0", "DilationWidth = int.MaxValue")));

    private static readonly Gen<string> ConvLayer =
        from oneD in Gen.Bool
        from filters in SmallSize
        from kernel in Gen.Frequency((10, Gen.Int[1, 4].Select(Invariant)), (1, Gen.OneOf("0", "9")))
        from stride in Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf("Stride = 2", "Stride = 0")))
        from padding in Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf("Padding = 1", "Same = true", "Dilation = 2", "Padding = -1")))
        from axes in oneD ? Gen.Const("") : WidthSettings
        from activation in Activated
        from name in Named
        select Attribute(oneD ? "Conv1D" : "Conv2D", filters, kernel, stride, padding, axes, activation, name);

    private static readonly Gen<string> PoolLayer =
        from oneD in Gen.Bool
        from max in Gen.Bool
        from size in Gen.Int[1, 3]
        from stride in Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf("Stride = 1", "Stride = 3")))
        from axes in oneD ? Gen.Const("") : Gen.Frequency((4, Gen.Const("")),
            (2, Gen.OneOf("StrideWidth = 1", "StrideWidth = 0", "PaddingWidth = 1", "StrideWidth = 2, PaddingWidth = 1")),
            (1, Gen.OneOf("StrideWidth = -1", "PaddingWidth = -1", "PaddingWidth = 2")))
        select Attribute((max ? "MaxPool" : "AvgPool") + (oneD ? "1D" : "2D"), Invariant(size), stride, axes);

    private static readonly Gen<string> RecurrentLayer =
        from kind in Gen.OneOf("SimpleRNN", "LSTM", "GRU")
        from hidden in SmallSize
        from sequences in Gen.OneOf("", "ReturnSequences = true")
        from direction in Gen.Frequency((4, Gen.Const("")), (1, Gen.OneOf("Bidirectional = true", "State = true")))
        from activation in Gen.Frequency((8, Gen.Const("")), (1, AnyActivation))
        from name in Named
        select Attribute(kind, hidden, sequences, direction, activation, name);

    private static readonly Gen<string[]> Head = Gen.Frequency(
        (3, Gen.Const(Array.Empty<string>())),
        (4, DenseLayer.Array[1, 2]),
        (2, Gen.Select(Gen.OneOf("Flatten", "GlobalAveragePool2D", "GlobalMaxPool1D", "GlobalAveragePool1D"), DenseLayer.Array[0, 2],
            (reduce, dense) => new[] { reduce }.Concat(dense).ToArray())));

    /// <summary>What a branching layer reads: mostly an earlier (or the same, or a later) layer b‹i›, sometimes the input, an unknown name or none.</summary>
    private static readonly Gen<string> Reads = Gen.Frequency((8, Gen.Int[0, 5].Select(i => "b" + Invariant(i))), (1, Gen.OneOf("input", "nowhere", "")));

    /// <summary>A merge of up to three named tensors (none: an error), maybe with an activation.</summary>
    private static readonly Gen<string> Merge =
        from kind in Gen.OneOf("Add", "Concatenate")
        from names in Reads.Array[0, 3]
        from activation in Gen.Frequency((3, Gen.Const("")), (1, AnyActivation))
        select kind + "(" + string.Join(", ", names.Select(n => "\"" + n + "\"").Concat(kind == "Add" && activation.Length > 0 ? [activation] : [])) + ")";

    /// <summary>The layers of a branching network, named b0, b1, ... in order, some reading a named input.</summary>
    private static Gen<string[]> Graph(Gen<string> layer) =>
        Gen.Frequency((3, layer), (2, Merge)).Array[2, 6].SelectMany(layers => Reads.Array[layers.Length].Select(inputs => layers.Select((l, i) =>
        {
            bool merge = l.StartsWith("Add", StringComparison.Ordinal) || l.StartsWith("Concatenate", StringComparison.Ordinal);
            // Most names refer to an earlier layer, so that many graphs are valid; the rest test the diagnostics.
            l = System.Text.RegularExpressions.Regex.Replace(l, "\"b(\\d)\"", m => $"\"b{(i == 0 ? m.Groups[1].Value : Invariant((m.Groups[1].Value[0] - '0') % i))}\"");
            string read = i == 0 ? inputs[i] : System.Text.RegularExpressions.Regex.Replace(inputs[i], "^b(\\d)$", m => "b" + Invariant((m.Groups[1].Value[0] - '0') % i));
            string input = merge || i % 2 == 0 ? "" : $"Input = \"{read}\"";
            string named = $"Name = \"b{Invariant(i)}\"";
            return l.EndsWith(")", StringComparison.Ordinal)
                ? l.Substring(0, l.Length - 1) + (l.EndsWith("()", StringComparison.Ordinal) ? "" : ", ") + string.Join(", ", new[] { input, named }.Where(a => a.Length > 0)) + ")"
                : Attribute(l, input, named);
        }).ToArray()));

    /// <summary>The input shape and layers of one network, by family; the last family is any layer in any order.</summary>
    private static readonly Gen<(string Input, string[] Layers)> Body = Gen.Frequency(
        (3, Gen.Select(SmallSize, VectorLayer.Array[1, 4], (n, layers) => (n, layers))),
        (3, Gen.Select(SmallSize, Gen.Int[3, 9], Gen.Int[3, 9], Gen.Frequency((3, ConvLayer), (2, PoolLayer), (1, NormLayer)).Array[1, 3], Head,
            (c, h, w, layers, head) => ($"{c}, {h}, {w}", layers.Concat(head).ToArray()))),
        (2, Gen.Select(SmallSize, Gen.Int[3, 12], Gen.Frequency((3, ConvLayer), (2, PoolLayer)).Array[1, 3], Head,
            (c, length, layers, head) => ($"{c}, {length}", layers.Concat(head).ToArray()))),
        (3, Gen.Select(Gen.Int[1, 6], SmallSize, RecurrentLayer.Array[1, 2], Head,
            (steps, features, layers, head) => ($"{steps}, {features}", layers.Concat(head).ToArray()))),
        (2, Gen.Select(Gen.Int[1, 6], SmallSize, SmallSize, Gen.OneOf("", "PaddingIndex = 0"), RecurrentLayer.Array[0, 2], Head,
            (steps, vocabulary, dimension, padding, layers, head) => (Invariant(steps), new[] { Attribute("Embedding", vocabulary, dimension, padding) }.Concat(layers).Concat(head).ToArray()))),
        (1, Gen.Select(SmallSize, Graph(Gen.Select(Gen.OneOf("4", "8", "16"), Activated, (units, activation) => Attribute("Dense", units, activation))), DenseLayer.Array[0, 1],
            (n, layers, head) => (n, layers.Concat(head).ToArray()))),
        (1, Gen.Select(Gen.Int[1, 9], Gen.Int[3, 7], Graph(Gen.Frequency((3, Gen.Select(Gen.OneOf("4", "8"), Activated, (f, activation) => Attribute("Conv2D", f, "3", "Padding = 1", activation))),
                (1, Gen.OneOf("MaxPool2D(3, Stride = 1, Padding = 1)", "Conv2D(4, 1, Stride = 2)", "BatchNorm", "Activation(Activation.ReLU)")))), Head,
            (c, size, layers, head) => ($"{Invariant(c)}, {Invariant(size)}, {Invariant(size)}", layers.Concat(head).ToArray()))),
        (1, Gen.Select(Gen.OneOf("4", "2, 3", "1, 4, 4", "0", "-1, 2"), Gen.Frequency((4, VectorLayer), (2, ConvLayer), (2, PoolLayer), (2, RecurrentLayer), (1, Gen.OneOf("Flatten", "GlobalAveragePool2D", "GlobalMaxPool1D", "Embedding(5, 3)"))).Array[0, 5],
            (input, layers) => (input, layers))));

    private static readonly Gen<string> NetworkOptions = Gen.Frequency(
        (6, Gen.Const("")),
        (4, Gen.OneOf("None", "MeanSquaredError", "BinaryCrossEntropyWithLogits", "SoftmaxCrossEntropy").Select(l => "Loss = LossKind." + l)),
        (1, Gen.OneOf("VariableLength = true", "Loss = LossKind.SoftmaxCrossEntropy, VariableLength = true")));

    /// <summary>
    /// One case: a network in a namespace of its own (Case‹i›), maybe a keyword or unicode inner namespace, maybe nested
    /// in a class, struct, record, interface, static or generic type (or one named like a keyword), with a class name that
    /// may be a keyword or unicode, modifiers, a base class (plain, with members in the way, or a network), and members of
    /// its own that may clash with generated ones.
    /// </summary>
    private static readonly Gen<Func<int, string>> CompiledCase =
        from body in Body
        from options in NetworkOptions
        from innerNamespace in Gen.OneOf("", "@event", "Ünï.Çødé", "@namespace.@record")
        from container in Gen.Frequency((8, Gen.Const("")), (1, Gen.OneOf("public partial class Outer", "public partial struct Outer", "public partial record Outer",
            "public partial interface IOuter", "public static partial class Outer", "public partial class Outer<T>", "public partial class @class", "internal partial class Äußere", "public class Outer")))
        from className in Gen.Frequency((10, Gen.Const("Net")), (1, Gen.OneOf("@class", "@event", "Nétwork", "Ωmega", "var", "@partial", "Net_1")))
        from modifiers in Gen.Frequency((10, Gen.Const("public partial")), (1, Gen.OneOf("public sealed partial", "public abstract partial", "internal partial", "public static partial", "public", "public partial record")))
        from baseClass in Gen.Frequency((10, Gen.Const("")), (1, Gen.OneOf("PlainBase", "BaseWithMembers", "BaseNetwork")))
        from members in Gen.Frequency((10, Gen.Const("")), (1, Gen.OneOf(
            "public int FcWeight;", "public void Predict(float[] x) { }", "public void Predict(System.ReadOnlySpan<float> x, System.Span<float> y) { }",
            "private int _parameters;", "public static int InputSize;", "public int Seed { get; } = 1;")))
        select (Func<int, string>)(index =>
        {
            string attributes = "[" + Attribute("Network", body.Input, options) + "]\n" + string.Concat(body.Layers.Select(layer => "[" + layer + "]\n"));
            // The base network lives in a namespace of its own, where nothing the case declares (a type named var) can reach it.
            string baseName = baseClass == "BaseNetwork" ? $"global::Bases{Invariant(index)}.BaseNetwork" : baseClass;
            string type = $"{attributes}{modifiers} class {className}{(baseClass.Length == 0 ? "" : " : " + baseName)}\n{{\n{members}\n}}";
            if (container.Length > 0) type = $"{container}\n{{\n{type}\n}}";
            string support = baseClass switch
            {
                "PlainBase" => "public abstract class PlainBase { }",
                "BaseWithMembers" => "public class BaseWithMembers { public int Epochs { get; set; } protected void Forward() { } private int _gradients; public int Read() => _gradients; }",
                _ => "",
            };
            string bases = baseClass == "BaseNetwork" ? $"namespace Bases{Invariant(index)}\n{{\n[NetGen.Network(3)] [NetGen.Dense(2)] public partial class BaseNetwork;\n}}\n" : "";
            string inner = innerNamespace.Length == 0 ? type : $"namespace {innerNamespace}\n{{\n{type}\n}}";
            return $"{bases}namespace Case{Invariant(index)}\n{{\nusing NetGen;\n{support}\n{inner}\n}}\n";
        });

    [Fact]
    public void RandomNetworksInRandomContainers_CompileWithTheirGeneratedCode()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int accepted = 0, rejected = 0, bound = 0;
        SeededSample.Run(CompiledCase.Array[CasesPerCompilation], (cases, compilation) =>
        {
            string[] sources = cases.Select((build, i) => build(i)).ToArray();
            bool bind = compilation % BindEvery == 0;
            (int a, int r) = CheckCompiled(sources, bind);
            Interlocked.Add(ref accepted, a);
            Interlocked.Add(ref rejected, r);
            if (bind) Interlocked.Add(ref bound, a);
        }, CompiledSeed, Compilations);
        // Both sides must be exercised for the property to say something.
        Assert.True(accepted >= 2000 && rejected >= 2000, $"{accepted} networks accepted, {rejected} rejected");
        Console.WriteLine($"{CasesPerCompilation * Compilations} random networks in {Compilations} compilations (every {BindEvery}th bound in full, {bound} networks): {accepted} generated, {rejected} rejected, {watch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Runs the generator on one file per case: no exception, no internal error, no compiler error or warning in any
    /// generated file (its syntax, and with <paramref name="bind"/> every method body at the strictest settings), and
    /// each case either rejected by an NG error located in it or given exactly one file. Returns the accepted and rejected counts.
    /// </summary>
    private static (int Accepted, int Rejected) CheckCompiled(string[] sources, bool bind)
    {
        StrictCompilation.Result result = StrictCompilation.Run(LanguageVersion.Latest, bind, sources);
        string Case(int i) => $"\n--- Network{i}.cs ---\n{sources[i]}";
        int CaseOf(Location location) => int.Parse(Path.GetFileNameWithoutExtension(location.GetLineSpan().Path).Substring("Network".Length), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(result.Exceptions.IsEmpty, $"generator threw {result.Exceptions.FirstOrDefault()}");
        Diagnostic? internalError = result.Generator.FirstOrDefault(d => d.Id == "NG0099");
        Assert.True(internalError is null, $"{internalError}{(internalError is null ? "" : Case(CaseOf(internalError.Location)))}");
        if (!result.InGeneratedFiles.IsEmpty)
        {
            string hint = Path.GetFileName(result.InGeneratedFiles[0].Location.GetLineSpan().Path);
            int index = int.Parse(hint.Substring(4, hint.IndexOf('.') - 4), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Fail(result.DescribeGenerated() + Case(index));
        }
        var rejected = result.Generator.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => CaseOf(d.Location)).ToHashSet();
        var generated = result.GeneratedSources.Where(s => s.HintName.StartsWith("Case", StringComparison.Ordinal))
            .Select(s => s.HintName.Substring(4, s.HintName.IndexOf('.') - 4))
            .GroupBy(i => int.Parse(i, System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count());
        for (int i = 0; i < sources.Length; i++)
        {
            // BaseNetwork's file (namespace Bases‹i›) is not counted here.
            int files = generated.GetValueOrDefault(i);
            int expected = rejected.Contains(i) ? 0 : 1;
            Assert.True(files == expected, $"case {i}: {(rejected.Contains(i) ? "rejected" : "accepted")} but {files} files{Case(i)}");
        }
        return (sources.Length - rejected.Count, rejected.Count);
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
    [InlineData("namespace , MyApp;")] // the mutation that found it: the namespace's first part has no name
    [InlineData("namespace MyApp.;")]
    [InlineData("namespace MyApp { partial class { }")]
    public void NetworkInAnUnnamedContainer_GeneratesNothingAndNoInternalError(string container)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run($$"""
            using NetGen;
            {{container}}
            [Network(4)]
            [Dense(2)]
            public partial class Net;
            """);
        Assert.Null(result.Results[0].Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "NG0099");
        Assert.All(result.Results[0].GeneratedSources, generated => Assert.DoesNotContain(generated.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error));
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
