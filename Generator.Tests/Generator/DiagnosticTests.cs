using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// One test per diagnostic: the smallest declaration that triggers it, the place it is reported (marked
/// in the source with <c>[| |]</c>), its severity, and a message that names the layer or class and the shapes.
/// Only the generator's diagnostics are inspected, never the compiler's errors on the generated code.
/// </summary>
public sealed class DiagnosticTests
{
    private static void AssertNoGeneratorDiagnostics(string source) =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics(source));

    // ---- Valid declarations ----

    [Fact]
    public void ValidNetwork_ReportsNothing_AndGeneratesOneFileNamedAfterNamespaceAndClass()
    {
        const string source = """
            using NetGen;
            namespace MyApp;
            [Network(4, Loss = LossKind.MeanSquaredError)]
            [Dense(8, Activation = Activation.ReLU)]
            [Dense(2)]
            public partial class Net;
            """;
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);

        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Null(result.Results[0].Exception);
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.Equal("MyApp.Net.g.cs", generated.HintName);
        Assert.Contains("partial class Net", generated.SourceText.ToString());
    }

    [Fact]
    public void NetworkNestedInPartialClasses_IsGeneratedInsideTheSamePartialClasses()
    {
        const string source = """
            using NetGen;
            namespace MyApp;
            public static partial class Outer
            {
                internal partial class Middle
                {
                    [Network(4)]
                    [Dense(2)]
                    private partial class Net;
                }
            }
            """;
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);

        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.Equal("MyApp.Outer+Middle+Net.g.cs", generated.HintName);
        string text = generated.SourceText.ToString();
        int outer = text.IndexOf("partial class Outer", StringComparison.Ordinal);
        int middle = text.IndexOf("partial class Middle", StringComparison.Ordinal);
        int net = text.IndexOf("partial class Net", StringComparison.Ordinal);
        Assert.True(outer >= 0 && middle > outer && net > middle, text);
    }

    [Fact]
    public void NetworkNestedInPartialStructAndRecord_KeepsTheKeywords()
    {
        const string source = """
            using NetGen;
            namespace MyApp;
            public partial struct Outer
            {
                partial record Inner
                {
                    [Network(4)]
                    [Dense(2)]
                    partial class Net;
                }
            }
            """;
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);

        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        string text = Assert.Single(result.Results[0].GeneratedSources).SourceText.ToString();
        Assert.Contains("partial struct Outer", text);
        Assert.Contains("partial record Inner", text);
    }

    // ---- NG0001 .. NG0003: the class ----

    [Fact]
    public void NG0001_ClassNotPartial() => AssertOnly("NG0001", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        public class [|Net|] { }
        """, "'Net'", "partial");

    [Fact]
    public void NG0002_ContainingTypeNotPartial() => AssertOnly("NG0002", """
        using NetGen;
        public class Outer
        {
            [Network(4)]
            [Dense(2)]
            public partial class [|Net|];
        }
        """, "'Net'", "'Outer'");

    [Fact]
    public void NG0003_GenericClass() => AssertOnly("NG0003", """
        using NetGen;
        [Network(4)]
        [Dense(2)]
        public partial class [|Net|]<T>;
        """, "'Net'", "generic");

    [Fact]
    public void NG0003_NestedInGenericClass_NamesTheGenericOuterClass() => AssertOnly("NG0003", """
        using NetGen;
        public partial class Outer<T>
        {
            [Network(4)]
            [Dense(2)]
            public partial class [|Net|];
        }
        """, "'Outer'");

    // ---- NG0004, NG0005, NG0012, NG0017: the [Network] attribute ----

    [Fact]
    public void NG0004_NetworkWithoutInputShape() => AssertOnly("NG0004", """
        using NetGen;
        [[|Network|]]
        [Dense(2)]
        public partial class Net;
        """, "'Net'");

    [Fact]
    public void NG0004_NetworkWithEmptyInputArray() => AssertOnly("NG0004", """
        using NetGen;
        [[|Network(new int[0])|]]
        [Dense(2)]
        public partial class Net;
        """, "'Net'");

    [Fact]
    public void NG0005_NonPositiveInputDimension() => AssertOnly("NG0005", """
        using NetGen;
        [[|Network(0, 5)|]]
        [Flatten]
        [Dense(2)]
        public partial class Net;
        """, "'Net'", "[0, 5]");

    [Fact]
    public void NG0005_NegativeInputDimension() => AssertOnly("NG0005", """
        using NetGen;
        [[|Network(-3)|]]
        [Dense(2)]
        public partial class Net;
        """, "'Net'", "[-3]");

    [Fact]
    public void NG0012_NoLayers() => AssertOnly("NG0012", """
        using NetGen;
        [[|Network(4)|]]
        public partial class Net;
        """, "'Net'");

    [Fact]
    public void NG0017_UnknownLoss() => AssertOnly("NG0017", """
        using NetGen;
        [[|Network(4, Loss = (LossKind)42)|]]
        [Dense(2)]
        public partial class Net;
        """, "'Net'", "42");

    // ---- NG0006 .. NG0016: layers, reported at the layer's attribute ----

    [Fact]
    public void NG0006_ZeroUnits() => AssertOnly("NG0006", """
        using NetGen;
        [Network(4)]
        [[|Dense(0)|]]
        public partial class Net;
        """, "'dense0'", "0 units");

    [Fact]
    public void NG0006_NegativeUnitsInASecondLayer() => AssertOnly("NG0006", """
        using NetGen;
        [Network(4)]
        [Dense(3)]
        [[|Dense(-7, Name = "head")|]]
        public partial class Net;
        """, "'head'", "-7 units");

    [Fact]
    public void NG0007_LayersOnTwoPartialDeclarations() => AssertOnly("NG0007", """
        using NetGen;
        [Network(4)]
        [Dense(3)]
        public partial class [|Net|];

        [Dense(2)]
        public partial class Net;
        """, "'Net'");

    [Fact]
    public void NG0008_SoftmaxOnANonLastLayer() => AssertOnly("NG0008", """
        using NetGen;
        [Network(4)]
        [[|Dense(5, Activation = Activation.Softmax)|]]
        [Dense(3)]
        public partial class Net;
        """, "'dense0'", "'dense1'", "Softmax");

    [Fact]
    public void NG0009_SoftmaxBeforeSoftmaxCrossEntropy() => AssertOnly("NG0009", """
        using NetGen;
        [Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(5)]
        [[|Dense(3, Activation = Activation.Softmax)|]]
        public partial class Net;
        """, "'dense1'", "Softmax", "SoftmaxCrossEntropy");

    [Fact]
    public void NG0009_SigmoidBeforeBinaryCrossEntropyWithLogits() => AssertOnly("NG0009", """
        using NetGen;
        [Network(4, Loss = LossKind.BinaryCrossEntropyWithLogits)]
        [[|Dense(1, Activation = Activation.Sigmoid, Name = "out")|]]
        public partial class Net;
        """, "'out'", "Sigmoid", "BinaryCrossEntropyWithLogits");

    [Fact]
    public void NG0010_SoftmaxCrossEntropyWithOneOutput() => AssertOnly("NG0010", """
        using NetGen;
        [Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(5)]
        [[|Dense(1)|]]
        public partial class Net;
        """, "SoftmaxCrossEntropy", "[1]");

    [Fact]
    public void NG0010_SoftmaxCrossEntropyOnAnImageOutput() => AssertOnly("NG0010", """
        using NetGen;
        [Network(1, 4, 4, Loss = LossKind.SoftmaxCrossEntropy)]
        [[|Conv2D(2, 3, Padding = 1)|]]
        public partial class Net;
        """, "SoftmaxCrossEntropy", "[2, 4, 4]");

    [Fact]
    public void MeanSquaredErrorFitsAnImageOutput()
    {
        // Element-wise losses take any output shape (an autoencoder's image, for one).
        Assert.Empty(GeneratorHarness.NgDiagnostics(GeneratorHarness.Run("""
            using NetGen;
            [Network(1, 2, 3, Loss = LossKind.MeanSquaredError)]
            [Dropout(0.5f)]
            public partial class Net;
            """).Result));
    }

    [Fact]
    public void NG0011_DropoutRateOne() => AssertOnly("NG0011", """
        using NetGen;
        [Network(4)]
        [Dense(3)]
        [[|Dropout(1f)|]]
        public partial class Net;
        """, "'dropout0'", "rate 1;");

    [Fact]
    public void NG0011_NegativeDropoutRate() => AssertOnly("NG0011", """
        using NetGen;
        [Network(4)]
        [[|Dropout(-0.1f)|]]
        [Dense(3)]
        public partial class Net;
        """, "'dropout0'", "-0.1");

    [Fact]
    public void NG0011_DropoutRateJustBelowOne_IsValid() => AssertNoGeneratorDiagnostics("""
        using NetGen;
        [Network(4)]
        [Dropout(0.99f)]
        [Dense(3)]
        public partial class Net;
        """);

    [Fact]
    public void NG0013_DuplicateLayerName() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [Dense(3, Name = "fc")]
        [[|Dense(2, Name = "fc")|]]
        public partial class Net;
        """, "'fc'", "earlier layer");

    [Fact]
    public void NG0013_ExplicitNameCollidesWithADefaultName() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [Dense(3, Name = "dense1")]
        [[|Dense(2)|]]
        public partial class Net;
        """, "'dense1'", "earlier layer");

    [Fact]
    public void NG0013_NameNotStartingWithALetter() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Name = "1fc")|]]
        public partial class Net;
        """, "'1fc'", "does not start with a letter");

    [Fact]
    public void NG0013_EmptyName() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Name = "")|]]
        public partial class Net;
        """, "''", "does not start with a letter");

    [Fact]
    public void NG0013_TwoNamesMappingToOneMemberName() => AssertOnly("NG0013", """
        using NetGen;
        [Network(4)]
        [Dense(3, Name = "fc.1")]
        [[|Dense(2, Name = "fc1")|]]
        public partial class Net;
        """, "'fc1'", "'Fc1'");

    [Fact]
    public void NG0014_LeakySlopeAboveOne() => AssertOnly("NG0014", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Activation = Activation.LeakyReLU, LeakySlope = 1.5f)|]]
        public partial class Net;
        """, "'dense0'", "1.5");

    [Fact]
    public void NG0014_LeakySlopeNaN() => AssertOnly("NG0014", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Activation = Activation.LeakyReLU, LeakySlope = float.NaN)|]]
        public partial class Net;
        """, "'dense0'", "NaN");

    // Found by binding the random networks: only Dense checked its slope, and a convolution's NaN slope was emitted as 'NaNf'.
    [Theory]
    [InlineData("Conv2D(2, 3, Activation = Activation.LeakyReLU, LeakySlope = float.NaN)", "[Network(1, 5, 5)]", "'conv0'", "NaN")]
    [InlineData("Conv1D(2, 3, Activation = Activation.LeakyReLU, LeakySlope = float.PositiveInfinity)", "[Network(1, 6)]", "'conv0'", "Infinity")]
    public void NG0014_EveryLayerFamilyChecksItsSlope(string layer, string network, string name, string value) => AssertOnly("NG0014", $$"""
        using NetGen;
        {{network}}
        [[|{{layer}}|]]
        public partial class Net;
        """, name, value);

    [Fact]
    public void NG0014_SlopeIsIgnoredWithoutLeakyReLU() => AssertNoGeneratorDiagnostics("""
        using NetGen;
        [Network(4)]
        [Dense(2, Activation = Activation.ReLU, LeakySlope = 1.5f)]
        public partial class Net;
        """);

    [Fact]
    public void NG0015_DenseAfterThreeDimensionalInputWithoutFlatten() => AssertOnly("NG0015", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|Dense(10)|]]
        public partial class Net;
        """, "'dense0'", "[1, 8, 8]", "Flatten");

    [Fact]
    public void NG0015_FlattenBeforeDense_Fixes()
    {
        const string source = """
            using NetGen;
            [Network(1, 8, 8)]
            [Flatten]
            [Dense(10)]
            public partial class Net;
            """;
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Single(result.Results[0].GeneratedSources);
    }

    [Fact]
    public void NG0016_UnknownActivation() => AssertOnly("NG0016", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Activation = (Activation)42)|]]
        public partial class Net;
        """, "'dense0'", "42");

    [Fact]
    public void NG0016_UnknownActivation_NamesTheLayerByItsName_WhateverTheArgumentOrder() => AssertOnly("NG0016", """
        using NetGen;
        [Network(4)]
        [[|Dense(2, Activation = (Activation)42, Name = "head")|]]
        public partial class Net;
        """, "'head'", "42");

    // ---- Several problems at once ----

    [Fact]
    public void NotPartialAndGeneric_ReportsBoth_AndGeneratesNothing()
    {
        const string markup = """
            using NetGen;
            [Network(4)]
            [Dense(2)]
            public class [|Net|]<T> { }
            """;
        (string source, TextSpan span) = GeneratorHarness.Markup(markup);
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.NgDiagnostics(result);

        Assert.Equal(new[] { "NG0001", "NG0003" }, diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(diagnostics, d => Assert.Equal(span, d.Location.SourceSpan));
        Assert.Empty(result.Results[0].GeneratedSources);
    }

    [Fact]
    public void InvalidNetwork_GeneratesNoSource()
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run("""
            using NetGen;
            [Network(4)]
            [Dense(0)]
            public partial class Net;
            """);
        Assert.Single(GeneratorHarness.NgDiagnostics(result));
        Assert.Empty(result.Results[0].GeneratedSources);
    }
}
