using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>Upsample2D takes a [channels, height, width] image (NG0022) and factors of at least 1 (NG0020).</summary>
public sealed class UpsampleDiagnosticTests
{
    [Fact]
    public void NG0022_UpsampleOfAVector() => AssertOnly("NG0022", """
        using NetGen;
        [Network(8)]
        [[|Upsample2D(2)|]]
        public partial class Net;
        """, "'upsample0'", "[8]", "Upsample2D", "[channels, height, width]");

    [Fact]
    public void NG0020_ZeroFactor() => AssertOnly("NG0020", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Upsample2D(2, ScaleWidth = -1)|]]
        public partial class Net;
        """, "'upsample0'", "scale 2×-1");

    [Fact]
    public void NG0018_OutputTooLarge() => AssertOnly("NG0018", """
        using NetGen;
        [Network(64, 64, 64)]
        [[|Upsample2D(1000)|]]
        public partial class Net;
        """, "'upsample0'");
}
