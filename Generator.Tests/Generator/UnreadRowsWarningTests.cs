using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// NG0021 counts real input rows only (GitHub #11): a stride that skips nothing but the zero padding after the input
/// reads every input position and is not warned about; a stride that skips input still is, with the number of input
/// rows skipped.
/// </summary>
public sealed class UnreadRowsWarningTests
{
    [Theory]
    [InlineData("[Network(1, 23)] [Conv1D(5, 4, Stride = 2, Padding = 1)]")]     // 25 padded − 4 = 21: the one row left over is padding
    [InlineData("[Network(1, 8, 8)] [Conv2D(2, 3, Stride = 2, Padding = 1)]")]
    [InlineData("[Network(1, 8)] [MaxPool1D(3, Stride = 2, Padding = 1)]")]
    [InlineData("[Network(1, 8, 8)] [MaxPool2D(3, Stride = 2, Padding = 1)]")]
    [InlineData("[Network(1, 8, 8)] [AvgPool2D(3, Stride = 2, Padding = 1)]")]
    public void StrideSkippingOnlyPadding_IsNotWarned(string attributes) =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("using NetGen;\n" + attributes + "\npublic partial class Net;\n"));

    [Fact]
    public void ConvStrideSkippingInputBeyondThePadding_IsWarned() => AssertOnly("NG0021", DiagnosticSeverity.Warning, """
        using NetGen;
        [Network(1, 25)]
        [[|Conv1D(5, 4, Stride = 4, Padding = 1)|]]
        public partial class Net;
        """, "'conv0'", "stride 4", "the last 2 row(s)/column(s) of input [1, 25]", "[5, 6]");

    [Fact]
    public void PoolStrideSkippingInputBeyondThePadding_IsWarned() => AssertOnly("NG0021", DiagnosticSeverity.Warning, """
        using NetGen;
        [Network(1, 9)]
        [[|MaxPool1D(3, Stride = 3, Padding = 1)|]]
        public partial class Net;
        """, "'maxpool0'", "stride 3", "the last 1 row(s)/column(s) of input [1, 9]", "[1, 3]");

    [Theory]
    [InlineData("[Network(16, 8, 8)] [Conv2D(32, 1, Stride = 2)]")]
    [InlineData("[Network(1, 8)] [Conv1D(2, 1, Same = true, Stride = 3)]")]
    [InlineData("[Network(1, 9)] [MaxPool1D(2, Stride = 3)]")]
    public void WindowNarrowerThanItsStride_SkipsRowsByDesign_AndIsNotWarned(string layers) =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics($"using NetGen; {layers} public partial class Net;"));
}
