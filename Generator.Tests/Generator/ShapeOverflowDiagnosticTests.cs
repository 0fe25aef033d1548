using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// Declarations whose sizes do not fit a buffer (GitHub #11): every layer family, worked out without overflow and
/// reported where declared with the true size, never a wrapped negative; and the largest declarations still accepted
/// generate code that compiles.
/// </summary>
public sealed class ShapeOverflowDiagnosticTests
{
    /// <summary>Markup (offending attribute marked), expected id, its 1-based line and column, and a part of the message naming the true value.</summary>
    public static TheoryData<string, string, int, int, string> Overflowing => new()
    {
        // Conv2D: a dilated window of 2·2^30 + 1 rows used to wrap to a negative output size.
        { "[Network(1, 8, 8)]\n[[|Conv2D(2, 3, Dilation = 1073741824)|]]", "NG0019", 3, 2, "2147483649×2147483649" },
        { "[Network(1, 8, 8)]\n[[|Conv2D(2, 3, Dilation = int.MaxValue)|]]", "NG0019", 3, 2, "4294967295×4294967295" },
        { "[Network(1, 8, 8)]\n[[|Conv2D(2, 3, Padding = int.MaxValue)|]]", "NG0018", 3, 2, Floats((BigInteger)4294967300 * 4294967300 * 16) },
        { "[Network(1, 8)]\n[[|Conv1D(2, 3, Padding = int.MaxValue)|]]", "NG0018", 3, 2, Floats((BigInteger)4294967300 * 16) },
        // "Same" with a huge dilation pads the input by 2^31 rows and columns: the zero-bordered copy cannot exist.
        { "[Network(1, 8, 8)]\n[[|Conv2D(2, 3, Same = true, Dilation = 1073741824)|]]", "NG0018", 3, 2, Floats((BigInteger)2147483656 * 2147483656) },
        // im2col: 81 positions × 4096·4096 kernel taps.
        { "[Network(1, 8, 8)]\n[[|Conv2D(16, 4096, Padding = 2048)|]]", "NG0018", 3, 2, Floats((BigInteger)81 * 4096 * 4096) },
        // Channels-last strides: one channel padded to 16 floats per position.
        // (a 4×4 pooling's output fits, so it is the input, laid out for the pooling, that does not)
        { "[Network(1, 16384, 16384)]\n[[|MaxPool2D(4)|]]", "NG0018", 3, 2, "4,294,967,296" },
        { "[Network(1, 16384, 16384)]\n[[|Conv2D(1, 1)|]]", "NG0018", 3, 2, "4,294,967,296" },
        { "[Network(2, 8192, 16384)]\n[[|BatchNorm|]]", "NG0018", 3, 2, "2,147,483,648" },
        // Pools: padding twice int.MaxValue used to wrap below the window; a window of 2^62 taps.
        { "[Network(1, 8)]\n[[|MaxPool1D(2, Padding = int.MaxValue)|]]", "NG0020", 3, 2, "padding 2147483647" },
        { "[Network(1, 8, 8)]\n[[|MaxPool2D(int.MaxValue, Padding = 1073741823)|]]", "NG0018", 3, 2, Floats((BigInteger)int.MaxValue * int.MaxValue) },
        // Dense: the width, the weights, the transposed weights, the whole parameter vector.
        { "[Network(4)]\n[[|Dense(int.MaxValue)|]]", "NG0018", 3, 2, "2,147,483,648" },
        { "[Network(65536)]\n[[|Dense(65536)|]]", "NG0018", 3, 2, "4,294,967,296" },
        { "[Network(1)]\n[[|Dense(268435456)|]]", "NG0018", 3, 2, "4,294,967,296" },
        { "[Network(8192)]\n[Dense(8192)]\n[Dense(8192)]\n[Dense(8192)]\n[[|Dense(8192)|]]", "NG0018", 6, 2, Floats(4 * (8192L * 8192 + 8192)) },
        // Embedding: vocabulary × dimension, and steps × dimension.
        { "[Network(8)]\n[[|Embedding(int.MaxValue, 16)|]]", "NG0018", 3, 2, Floats((BigInteger)int.MaxValue * 16) },
        { "[Network(512)]\n[[|Embedding(10, 1048576)|]]", "NG0018", 3, 2, Floats(512L * 1048576) },
        // Recurrent: 4·hidden × (in + hidden), the gates of every step, a bidirectional output.
        { "[Network(16, 8192)]\n[[|LSTM(8192)|]]", "NG0018", 3, 2, Floats((8192L + 8192 + 2) * 4 * 8192) },
        { "[Network(2, 1)]\n[[|LSTM(1048576)|]]", "NG0018", 3, 2, Floats((1L + 1048576 + 2) * 4 * 1048576) },
        { "[Network(4194304, 1)]\n[[|GRU(32)|]]", "NG0018", 3, 2, Floats(4194304L * 96) },
        { "[Network(2097152, 1)]\n[[|SimpleRNN(72, Bidirectional = true, ReturnSequences = true)|]]", "NG0018", 3, 2, Floats(2097152L * 144) },
        // Sequence length × features of the input itself.
        { "[[|Network(65536, 65536)|]]\n[Flatten]\n[Dense(3)]", "NG0018", 2, 2, "4,294,967,296" },
    };

    [Theory]
    [MemberData(nameof(Overflowing))]
    public void OverflowingDeclaration_IsReportedAtItsAttribute_WithTheTrueSize(string declaration, string id, int line, int column, string value)
    {
        string markup = "using NetGen;\n" + declaration + "\npublic partial class Net;\n";
        Diagnostic diagnostic = AssertOnly(id, markup, value);
        LinePosition start = diagnostic.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((line, column), (start.Line + 1, start.Character + 1));
        Assert.DoesNotMatch(@"-\d", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Declarations at (or, for huge strides and dilations that read nothing extra, far past) the edge of what is accepted.</summary>
    public static TheoryData<string> LargestAccepted => new()
    {
        "[Network(16777216)] [Dense(16, Bias = false)]",                                     // weights and their transpose: exactly 2^28 floats
        "[Network(1, 16384, 16384)] [Conv2D(1, 4, Stride = 4)]",                             // input 2^28 floats, output and patches 2^28
        "[Network(16, 8, 8)] [Conv2D(16, 1024, Padding = 512, Stride = 1024, Bias = false)]", // weights exactly 2^28 (16 channels: unfolded, not unrolled per tap)
        "[Network(1, 4096, 4096)] [MaxPool2D(1)]",                                           // input channels last: exactly 2^28
        "[Network(8)] [Embedding(16777216, 16)]",                                            // table exactly 2^28
        "[Network(2097152, 1)] [SimpleRNN(64, Bidirectional = true, ReturnSequences = true)]", // output exactly 2^28
        "[Network(1, 8, 8)] [Conv2D(2, 8, Same = true, Stride = int.MaxValue)]",       // one window over the whole input
        "[Network(1, 8, 8)] [Conv2D(2, 1, Dilation = int.MaxValue)]",
        "[Network(1, 23)] [Conv1D(5, 4, Stride = 2, Padding = 1)]",
    };

    [Theory]
    [MemberData(nameof(LargestAccepted))]
    public void LargestAcceptedDeclaration_GeneratesCodeThatCompiles(string attributes)
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Diagnostics("using NetGen;\n" + attributes + "\npublic partial class Net;\n");
        Assert.Empty(diagnostics);
        Assert.Contains("partial class Net", GeneratorHarness.GeneratedSource("using NetGen;\n" + attributes + "\npublic partial class Net;\n"));
    }

    [Fact]
    public void TheLimitInTheMessage_IsTheLimitTheGeneratorApplies()
    {
        Diagnostic diagnostic = AssertOnly("NG0018", "using NetGen;\n[Network(4)]\n[[|Dense(int.MaxValue)|]]\npublic partial class Net;\n");
        Assert.Contains(Floats(1L << 28) + " floats", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Floats(BigInteger value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
