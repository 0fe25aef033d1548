using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// C# 12 is the oldest language the generated code compiles as, which is why NG0053 asks for it (and why a .NET 8
/// project, whose default is C# 12, needs no LangVersion): every layer family compiles warning-free as C# 12, and
/// the same code compiled as C# 11 fails with CS9058 (a C# 12 feature).
/// </summary>
public sealed class LanguageVersionTests
{
    public static TheoryData<string> Networks => new()
    {
        """
        using NetGen;
        namespace MyApp;
        [Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
        [BatchNorm]
        [Dense(19, Activation = Activation.Tanh)]
        [Dropout(0.25f)]
        [LayerNorm]
        [Dense(3)]
        public partial class Mlp;
        """,
        """
        using NetGen;
        namespace MyApp;
        [Network(3, 8, 8, Loss = LossKind.MeanSquaredError)]
        [Conv2D(5, 3, Padding = 1, Activation = Activation.ReLU)]
        [BatchNorm]
        [MaxPool2D(2)]
        [Conv2D(4, 1)]
        [AvgPool2D(2, Stride = 1)]
        [GlobalAveragePool2D]
        [Dense(3)]
        public partial class Cnn;
        """,
        """
        using NetGen;
        namespace MyApp;
        [Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
        [Embedding(11, 5, PaddingIndex = 0)]
        [LSTM(7, ReturnSequences = true)]
        [SimpleRNN(4, ReturnSequences = true)]
        [GRU(5, ReturnSequences = true, Bidirectional = true)]
        [GlobalMaxPool1D]
        [Dense(3)]
        public partial class Recurrent;
        """,
        """
        using NetGen;
        namespace MyApp;
        [Network(2, 12, Loss = LossKind.MeanSquaredError)]
        [Conv1D(4, 3, Activation = Activation.Tanh)]
        [MaxPool1D(2)]
        [Flatten]
        [Dense(2)]
        public partial class Sequence;
        """,
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedCode_CompilesAsCSharp12(string source)
    {
        StrictCompilation.Result result = StrictCompilation.Run(LanguageVersion.CSharp12, source);
        Assert.Empty(result.Generator);
        Assert.Empty(result.Exceptions);
        Assert.NotEmpty(result.GeneratedSources);
        Assert.True(result.InGeneratedFiles.IsEmpty, result.DescribeGenerated());
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void GeneratedCode_NeedsMoreThanCSharp11(string source)
    {
        (GeneratorDriverRunResult run, _) = GeneratorHarness.Run(source);
        string generated = Assert.Single(run.Results[0].GeneratedSources).SourceText.ToString();
        var csharp11 = new CSharpParseOptions(LanguageVersion.CSharp11);
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        compilation = compilation
            .RemoveAllSyntaxTrees()
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, csharp11), CSharpSyntaxTree.ParseText(generated, csharp11, path: "Generated.g.cs"));
        // CS9058: "Feature '…' is not available in C# 11.0. Please use language version 12.0 or greater."
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS9058" && d.Location.SourceTree?.FilePath == "Generated.g.cs");
    }
}
