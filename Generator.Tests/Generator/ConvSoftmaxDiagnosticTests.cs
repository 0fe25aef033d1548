using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// NG0041 (GitHub #11): softmax on a convolution used to normalize the first floats of its padded channels-last
/// buffer, pad lanes included; it is rejected where declared, with what to do instead. Softmax on a Dense layer,
/// after a Flatten of a convolution, stays accepted.
/// </summary>
public sealed class ConvSoftmaxDiagnosticTests
{
    [Fact]
    public void NG0041_Conv2DSoftmax() => AssertOnly("NG0041", """
        using NetGen;
        [Network(1, 4, 4)]
        [[|Conv2D(3, 3, Activation = Activation.Softmax)|]]
        public partial class Net;
        """, "'conv0'", "Conv2D", "Dense layer after [Flatten]", "SoftmaxCrossEntropy");

    [Fact]
    public void NG0041_Conv1DSoftmax_NotLast() => AssertOnly("NG0041", """
        using NetGen;
        [Network(2, 16)]
        [[|Conv1D(4, 3, Activation = Activation.Softmax)|]]
        [Flatten]
        [Dense(2)]
        public partial class Net;
        """, "'conv0'", "Conv1D");

    [Fact]
    public void DenseSoftmaxAfterFlattenedConvolution_IsAccepted() =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(1, 4, 4)]
            [Conv2D(3, 3, Activation = Activation.ReLU)]
            [Flatten]
            [Dense(4, Activation = Activation.Softmax)]
            public partial class Net;
            """));
}
