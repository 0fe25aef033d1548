using System.Globalization;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// The generated source of a few representative networks, pinned in <c>Snapshots/*.g.cs.txt</c>. A change to
/// the emitter shows up here as a readable diff; accept intended changes with <c>NETGEN_ACCEPT_SNAPSHOTS=1</c>.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>The single file the generator produces for <paramref name="source"/>, with no NG diagnostic.</summary>
    private static string Generate(string source)
    {
        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Null(result.Results[0].Exception);
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        // Whatever the runtime types it names, the generated text must at least be well-formed C#.
        Assert.DoesNotContain(generated.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        return generated.SourceText.ToString();
    }

    [Fact]
    public void W0_Mlp16x32x32x10_SoftmaxCrossEntropy() => Snapshot.Match("W0", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(16, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(32, Activation = Activation.ReLU)]
        [Dense(32, Activation = Activation.ReLU)]
        [Dense(10)]
        public partial class W0;
        """));

    [Fact]
    public void LogisticRegression_30x1_BinaryCrossEntropyWithLogits() => Snapshot.Match("LogisticRegression", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(30, Loss = LossKind.BinaryCrossEntropyWithLogits)]
        [Dense(1)]
        public partial class LogisticRegression;
        """));

    [Fact]
    public void OddSizes_37x23Tanh_Dropout_LeakyReLU5() => Snapshot.Match("OddSizes", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(37, Loss = LossKind.MeanSquaredError)]
        [Dense(23, Activation = Activation.Tanh, Name = "hidden")]
        [Dropout(0.25f)]
        [Dense(5, Activation = Activation.LeakyReLU, LeakySlope = 0.05f, Name = "out")]
        public partial class OddSizes;
        """));

    [Fact]
    public void ActivationLayers_Tanh13_Dense7_Sigmoid_Dense3_Softmax() => Snapshot.Match("ActivationLayers", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(13, Loss = LossKind.MeanSquaredError)]
        [Activation(Activation.Tanh)]
        [Dense(7)]
        [Activation(Activation.LeakyReLU, LeakySlope = 0.2f, Name = "leaky")]
        [Dense(3)]
        [Activation(Activation.Softmax)]
        public partial class ActivationLayers;
        """));

    [Fact]
    public void Upsample_Nearest2_Bilinear3x2() => Snapshot.Match("Upsample", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(3, 5, 4, Loss = LossKind.MeanSquaredError)]
        [Upsample2D(2)]
        [Conv2D(2, 3, Padding = 1)]
        [Upsample2D(3, ScaleWidth = 2, Mode = UpsampleMode.Bilinear)]
        public partial class Upsample;
        """));

    [Fact]
    public void ResidualBlock_ConvBnRelu_Add_Projection() => Snapshot.Match("ResidualBlock", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(3, 8, 8, Loss = LossKind.SoftmaxCrossEntropy)]
        [Conv2D(16, 3, Padding = 1, Activation = Activation.ReLU, Name = "stem")]
        [Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv1")]
        [BatchNorm(Name = "bn1")]
        [Activation(Activation.ReLU, Name = "relu1")]
        [Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv2")]
        [BatchNorm(Name = "bn2")]
        [Add("stem", Activation = Activation.ReLU, Name = "block1")]
        [Conv2D(32, 3, Stride = 2, Padding = 1, Activation = Activation.ReLU, Name = "conv3")]
        [Conv2D(32, 3, Padding = 1, Name = "conv4")]
        [Conv2D(32, 1, Stride = 2, Input = "block1", Name = "projection")]
        [Add("conv4", "projection", Activation = Activation.ReLU, Name = "block2")]
        [GlobalAveragePool2D]
        [Dense(10, Name = "head")]
        public partial class ResidualBlock;
        """));

    [Fact]
    public void ConvTranspose_4x4s2p1Relu_Dilated3x3Sigmoid() => Snapshot.Match("ConvTranspose", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(3, 4, 4, Loss = LossKind.MeanSquaredError)]
        [Conv2DTranspose(20, 4, Stride = 2, Padding = 1, Activation = Activation.ReLU)]
        [Conv2DTranspose(1, 3, StrideWidth = 2, PaddingWidth = 1, OutputPaddingWidth = 1, Dilation = 2, Bias = false, Activation = Activation.Sigmoid)]
        public partial class ConvTranspose;
        """));

    [Fact]
    public void Flatten_1x8x8_Dense10() => Snapshot.Match("Flatten", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(1, 8, 8, Loss = LossKind.SoftmaxCrossEntropy)]
        [Flatten]
        [Dense(10)]
        public partial class FlattenNet;
        """));

    [Fact]
    public void NestedInGlobalNamespace() => Snapshot.Match("Nested", Generate("""
        using NetGen;
        public partial class Models
        {
            [Network(3)]
            [Dense(2, Bias = false)]
            internal partial class Tiny;
        }
        """));

    /// <summary>
    /// de-DE formats 0.05 as "0,05". Machines in globalization-invariant mode (no ICU, as in some containers)
    /// cannot create de-DE, so there a copy of the invariant culture with German separators stands in for it.
    /// </summary>
    private static CultureInfo German()
    {
        try
        {
            return CultureInfo.GetCultureInfo("de-DE");
        }
        catch (CultureNotFoundException)
        {
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NumberGroupSeparator = ".";
            return culture;
        }
    }

    /// <summary>A culture that breaks every culture-dependent number: comma decimals, a Unicode minus sign, odd grouping.</summary>
    private static CultureInfo Hostile()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = "'";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveSign = "\u002B";
        culture.NumberFormat.NaNSymbol = "nichtzahl";
        return culture;
    }

    public static TheoryData<string> Cultures => new() { "de-DE", "hostile" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Generation_IsCultureInvariant(string cultureName)
    {
        const string source = """
            using NetGen;
            namespace NetGen.Samples;
            [Network(1000, Loss = LossKind.MeanSquaredError)]
            [Dense(1500, Activation = Activation.LeakyReLU, LeakySlope = 0.05f)]
            [Dropout(0.25f)]
            [Dense(3)]
            public partial class Cultured;
            """;
        CultureInfo culture = cultureName == "de-DE" ? German() : Hostile();
        CultureInfo saved = CultureInfo.CurrentCulture, savedUi = CultureInfo.CurrentUICulture;
        string invariant, localized;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            invariant = Generate(source);
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            localized = Generate(source);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }

        Assert.Equal(invariant, localized);
        Assert.Contains("0.05f", localized);
        Assert.DoesNotContain("0,05", localized);
        Assert.DoesNotContain("0,25", localized);
    }

    [Fact]
    public void DiagnosticMessages_AreCultureInvariant()
    {
        const string source = """
            using NetGen;
            [Network(4)]
            [Dropout(-0.5f)]
            [Dense(3)]
            public partial class Net;
            """;
        CultureInfo saved = CultureInfo.CurrentCulture;
        string message;
        try
        {
            CultureInfo.CurrentCulture = Hostile();
            message = Assert.Single(GeneratorHarness.GeneratorDiagnostics(source)).GetMessage(CultureInfo.InvariantCulture);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Contains("rate -0.5;", message);
    }

    [Fact]
    public void Diff_ShowsLineNumbersAndContextAroundTheFirstDifference()
    {
        string expected = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i}"));
        string actual = expected.Replace("line 15\n", "changed 15\n");

        string diff = Snapshot.Diff(expected, actual);

        Assert.Contains("first difference at expected line 15, actual line 15", diff);
        Assert.Contains("-    15        line 15\n", diff);
        Assert.Contains("+           15 changed 15\n", diff);
        Assert.Contains("      5      5 line 5\n", diff);
        Assert.DoesNotContain("line 4\n", diff);
        Assert.Contains("     25     25 line 25\n", diff);
        Assert.DoesNotContain("line 26\n", diff);
    }

    [Fact]
    public void Diff_ShowsAnInsertedLineAsOneLine_NotAsAShiftedFile()
    {
        string expected = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i}"));
        string actual = "inserted\n" + expected.Replace("line 30\n", "changed 30\n");

        string diff = Snapshot.Diff(expected, actual);

        Assert.Contains("+            1 inserted\n", diff);
        Assert.Contains("      1      2 line 1\n", diff);
        Assert.Contains("-    30        line 30\n", diff);
        Assert.Contains("+           31 changed 30\n", diff);
        Assert.Equal(3, diff.Split('\n').Count(line => line.StartsWith('-') || line.StartsWith('+')));
    }
}
