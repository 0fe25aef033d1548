using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator;
using NetGen.Generator.Model;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// Every way of declaring the network class, and what it is declared in: each either gets code that compiles without
/// a warning under the strictest settings, or a located NG diagnostic saying why not — never an exception, and never
/// code that does not compile.
/// </summary>
public sealed class DeclarationTests
{
    /// <summary>Generates <paramref name="source"/> and requires one generated file per network, warning-free and NG-free.</summary>
    private static StrictCompilation.Result AssertCompilesCleanly(string source, int networks = 1)
    {
        StrictCompilation.Result result = StrictCompilation.Run(source);
        Assert.Empty(result.Exceptions);
        Assert.Empty(result.Generator);
        Assert.Equal(networks, result.GeneratedSources.Length);
        Assert.True(result.InGeneratedFiles.IsEmpty, result.DescribeGenerated());
        Assert.DoesNotContain(result.InUserFiles, d => d.Severity == DiagnosticSeverity.Error);
        return result;
    }

    // ---- names the compiler escapes ----

    [Fact]
    public void NamespaceWithAKeyword_GetsItsCodeAndAHintNameWithoutTheAt()
    {
        StrictCompilation.Result result = AssertCompilesCleanly("""
            using NetGen;
            namespace My.@event;
            [Network(4)] [Dense(2)] public partial class Net;
            """);
        Assert.Equal("My.event.Net.g.cs", result.GeneratedSources[0].HintName);
        Assert.Contains("namespace My.@event;", result.GeneratedSources[0].SourceText.ToString());
    }

    [Fact]
    public void KeywordNamedClassAndContainers_AreEscapedInTheGeneratedCode()
    {
        StrictCompilation.Result result = AssertCompilesCleanly("""
            using NetGen;
            namespace @namespace.@record;
            public partial class @class
            {
                public partial struct @record
                {
                    [Network(4)] [Dense(2)] public partial class @partial;
                }
            }
            """);
        Assert.Equal("namespace.record.class+record+partial.g.cs", result.GeneratedSources[0].HintName);
        Assert.Contains("partial class @partial :", result.GeneratedSources[0].SourceText.ToString());
    }

    [Theory]
    [InlineData("public partial class var { [Network(4)] [Dense(2)] public partial class [|Net|]; }", "'var'", "can see 'var'")]
    [InlineData("namespace A { public class nuint { } [Network(4)] [Dense(2)] public partial class [|Net|]; }", "'nuint'", "'A.nuint'")]
    [InlineData("[Network(4)] [Dense(2)] public partial class [|Net|] : Base; public class Base { protected static string nameof(int x) => \"\"; }", "'nameof'", "Base.nameof(int)")]
    public void NG0057_ADeclarationNamedLikeAKeywordOfTheGeneratedCode(string declaration, string keyword, string capturing) =>
        AssertOnly("NG0057", "using NetGen;\n" + declaration, keyword, capturing);

    [Fact]
    public void UnicodeNames_GetTheirCode() => AssertCompilesCleanly("""
        using NetGen;
        namespace Ünï.Çødé;
        public partial class Äußere { [Network(4)] [Dense(2)] public partial class Nétwork; }
        """);

    [Fact]
    public void ANetworkInANamespaceAndOneInAClassOfTheSameName_GetDifferentHintNames()
    {
        // The source itself is wrong (CS0101: namespace A has both a namespace B and a class B), but the generator
        // must not throw on the two networks' hint names, which would take every network's code with it.
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using NetGen;
            namespace A.B { [Network(4)] [Dense(2)] public partial class Net; }
            namespace A { public partial class B { [Network(4)] [Dense(2)] public partial class Net; } }
            """);
        Assert.Null(result.Results[0].Exception);
        Assert.Equal(new[] { "A.B+Net.g.cs", "A.B.Net.g.cs" }, result.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    // ---- declarations that are supported ----

    [Theory]
    [InlineData("public abstract partial class Net;")]
    [InlineData("public sealed partial class Net;")]
    [InlineData("internal partial class Net;")]
    [InlineData("public partial class Net(int seed) { public int Seed => seed; }")]
    [InlineData("public partial class Net : System.IDisposable { /// <summary>Nothing to free.</summary>\npublic void Dispose() { } }")]
    [InlineData("public partial class Net : Base;\n/// <summary>A base.</summary>\npublic abstract class Base { /// <summary>Kept.</summary>\npublic int Epochs { get; set; } }")]
    public void SupportedClassDeclarations_CompileWithoutWarnings(string declaration) =>
        AssertCompilesCleanly("using NetGen;\nnamespace MyApp;\n/// <summary>A network.</summary>\n[Network(4)] [Dense(2)]\n" + declaration);

    [Theory]
    [InlineData("public static partial class Outer", "")]
    [InlineData("public partial struct Outer", "")]
    [InlineData("public partial record Outer", "")]
    [InlineData("public partial interface IOuter", "")]
    [InlineData("internal partial class Outer", "private ")]
    public void NetworksNestedInOtherKindsOfTypes_CompileWithoutWarnings(string outer, string access) =>
        AssertCompilesCleanly($"using NetGen;\n/// <summary>Outer.</summary>\n{outer}\n{{\n/// <summary>A network.</summary>\n[Network(4)] [Dense(2)] {access}partial class Net;\n}}");

    [Fact]
    public void AUserOverloadOfAGeneratedMethod_IsAllowed() => AssertCompilesCleanly("""
        using NetGen;
        [Network(4)] [Dense(2)]
        public partial class Net
        {
            /// <summary>One sample in, a new array out.</summary>
            public float[] Predict(float[] input) { var output = new float[OutputSize]; Predict(input, output); return output; }
        }
        """);

    [Theory]
    [InlineData("[Network(4)] [Flatten]")]
    [InlineData("[Network(2, 4)] [Flatten]")]
    [InlineData("[Network(1, 4, 4)] [Flatten]")]
    [InlineData("[Network(1, 4, 4)] [Flatten] [Flatten]")]
    public void ANetworkOfOnlyFlatten_CompilesWithoutWarnings(string attributes) =>
        AssertCompilesCleanly("using NetGen;\n" + attributes + " public partial class Net;");

    [Theory]
    [InlineData("public partial struct Net;")]
    [InlineData("public partial record struct Net;")]
    [InlineData("public partial interface Net;")]
    public void TheAttributesOnAStructOrInterface_AreACompilerErrorAndGenerateNothing(string declaration)
    {
        StrictCompilation.Result result = StrictCompilation.Run("using NetGen;\n[Network(4)] [Dense(2)] " + declaration);
        Assert.Empty(result.Exceptions);
        Assert.Empty(result.GeneratedSources);
        Assert.Contains(result.InUserFiles, d => d.Id == "CS0592");
    }

    // ---- NG0050 .. NG0054: declarations that cannot get the generated members ----

    [Fact]
    public void NG0050_StaticClass() => AssertOnly("NG0050", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        public static partial class [|Net|];
        """, "'Net'", "static");

    [Fact]
    public void NG0051_Record() => AssertOnly("NG0051", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        public partial record [|Net|];
        """, "'Net'", "record");

    [Fact]
    public void NG0051_RecordClass() => AssertOnly("NG0051", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        public partial record class [|Net|](int Seed);
        """, "'Net'", "record");

    [Fact]
    public void NG0052_FileLocalClass() => AssertOnly("NG0052", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        file partial class [|Net|];
        """, "'Net'", "'file'");

    [Fact]
    public void NG0052_NestedInAFileLocalClass() => AssertOnly("NG0052", """
        using NetGen;
        file partial class Outer
        {
            [Network(4)]
            [Dense(2)]
            public partial class [|Net|];
        }
        """, "'Net'", "'Outer'");

    [Theory]
    [InlineData(LanguageVersion.CSharp11, "11.0")]
    [InlineData(LanguageVersion.CSharp9, "9.0")]
    public void NG0053_LanguageVersionBelow12(LanguageVersion version, string shown)
    {
        (string source, TextSpan span) = GeneratorHarness.Markup("""
            using NetGen;
            namespace MyApp
            {
                [Network(4)]
                [Dense(2)]
                public partial class [|Net|] { }
            }
            """);
        StrictCompilation.Result result = StrictCompilation.Run(version, source);
        Assert.Empty(result.GeneratedSources);
        AssertDiagnostic(Assert.Single(result.Generator), "NG0053", source, span, ["'Net'", shown, "12"]);
    }

    [Fact]
    public void NG0053_IsNotReportedForCSharp12() =>
        Assert.Empty(StrictCompilation.Run(LanguageVersion.CSharp12, "using NetGen;\nnamespace A { [Network(4)] [Dense(2)] public partial class Net { } }").Generator);

    [Fact]
    public void NG0054_DerivedFromANetwork() => AssertOnly("NG0054", """
        using NetGen;
        [Network(4)] [Dense(2)] public partial class Base;

        [Network(4)]
        [Dense(3)]
        public partial class [|Net|] : Middle;

        public class Middle : Base;
        """, "'Net'", "'Base'");

    // ---- NG0055, NG0056: generated members that clash ----

    [Fact]
    public void NG0055_LayerNamesThatRunTogether() => AssertOnly("NG0055", """
        using NetGen;
        [Network(6, 4)]
        [LSTM(6, Name = "enc")]
        [[|Dense(3, Name = "encInput")|]]
        public partial class Net;
        """, "'encInput'", "'EncInputWeight'", "layer 'enc'");

    [Fact]
    public void NG0056_MemberTheUserWrote_IsReportedAtItsLayer() => AssertOnly("NG0056", """
        using NetGen;
        [Network(4)]
        [Dense(3)]
        [[|Dense(2, Name = "head")|]]
        public partial class Net
        {
            public int HeadBias;
        }
        """, "Layer 'head'", "'HeadBias'", "'Net' already declares");

    [Fact]
    public void NG0056_NetworkMemberTheUserWrote_IsReportedAtTheNetworkAttribute() => AssertOnly("NG0056", """
        using NetGen;
        [[|Network(4)|]]
        [Dense(2)]
        public partial class Net
        {
            public void Predict(System.ReadOnlySpan<float> x, System.Span<float> y) { }
        }
        """, "Network 'Net'", "'Predict(System.ReadOnlySpan<float>,System.Span<float>)'");

    [Fact]
    public void NG0056_InheritedMember_WouldBeHidden() => AssertOnly("NG0056", """
        using NetGen;
        [[|Network(4)|]]
        [Dense(2)]
        public partial class Net : Base;

        public class Base { public int InputSize => 3; }
        """, "'InputSize'", "'Base' already declares", "would hide it");

    [Fact]
    public void NG0056_PrivateMembersOfTheBase_AreNotInTheWay() => AssertCompilesCleanly("""
        using NetGen;
        [Network(4)] [Dense(2)] public partial class Net : Base;
        /// <summary>A base.</summary>
        public class Base { private int _parameters = 1; /// <summary>Uses it.</summary>
        public int Read() => _parameters; }
        """);

    // ---- NG0099: an exception while emitting one network ----

    [Fact]
    public void NG0099_AnEmitterException_IsReportedForThatNetwork_AndTheOthersGetTheirCode()
    {
        (string source, TextSpan span) = GeneratorHarness.Markup("""
            using NetGen;
            [Network(4)] [Dense(2)] public partial class Good;
            [Network(4)] [Dense(2)] public partial class [|Broken|];
            [Network(4)] [Dense(3)] public partial class AlsoGood;
            """);
        var generator = new NetGenGenerator(spec => spec.ClassName == "Broken"
            ? throw new InvalidOperationException("planner gave up")
            : NetGenGenerator.Emitter.Emit(spec));
        GeneratorDriverRunResult result = CSharpGeneratorDriver.Create(generator)
            .RunGenerators(GeneratorHarness.Compile(source)).GetRunResult();

        Assert.Null(result.Results[0].Exception);
        Assert.Equal(new[] { "AlsoGood.g.cs", "Good.g.cs" }, result.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        ImmutableArray<Diagnostic> ng = GeneratorHarness.NgDiagnostics(result);
        AssertDiagnostic(Assert.Single(ng), "NG0099", source, span, ["'Broken'", "InvalidOperationException", "planner gave up"]);
    }

    [Fact]
    public void NG0099_GeneratedCodeThatDoesNotParse_IsReportedInsteadOfAdded()
    {
        (string source, TextSpan span) = GeneratorHarness.Markup("""
            using NetGen;
            [Network(4)] [Dense(2)] public partial class [|Net|];
            """);
        var generator = new NetGenGenerator(spec => NetGenGenerator.Emitter.Emit(spec).Replace("public const int InputSize = 4;", "public const int InputSize = ;"));
        GeneratorDriverRunResult result = CSharpGeneratorDriver.Create(generator)
            .RunGenerators(GeneratorHarness.Compile(source)).GetRunResult();

        Assert.Empty(result.Results[0].GeneratedSources);
        AssertDiagnostic(Assert.Single(GeneratorHarness.NgDiagnostics(result)), "NG0099", source, span, ["'Net'", "does not parse"]);
    }
}
