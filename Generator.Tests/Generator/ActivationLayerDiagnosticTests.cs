using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// The stand-alone [Activation] layer: Softmax only on a vector (NG0042), the activation rules every layer follows
/// (NG0016 unknown value, NG0014 LeakyReLU slope, NG0008 Softmax last, NG0009 no Softmax before a logits loss), and what it accepts.
/// </summary>
public sealed class ActivationLayerDiagnosticTests
{
    [Fact]
    public void NG0042_SoftmaxOnAnImage() => AssertOnly("NG0042", """
        using NetGen;
        [Network(1, 4, 4)]
        [Conv2D(3, 3)]
        [[|Activation(Activation.Softmax)|]]
        public partial class Net;
        """, "'activation0'", "[3, 2, 2]", "[Flatten]");

    [Fact]
    public void NG0042_SoftmaxOnASequence() => AssertOnly("NG0042", """
        using NetGen;
        [Network(5, 3)]
        [LSTM(4, ReturnSequences = true)]
        [[|Activation(Activation.Softmax, Name = "probabilities")|]]
        public partial class Net;
        """, "'probabilities'", "[5, 4]");

    [Fact]
    public void NG0016_UnknownActivation() => AssertOnly("NG0016", """
        using NetGen;
        [Network(4)]
        [Dense(3)]
        [[|Activation((Activation)42)|]]
        public partial class Net;
        """, "'activation0'", "42");

    [Fact]
    public void NG0014_LeakySlopeOutOfRange() => AssertOnly("NG0014", """
        using NetGen;
        [Network(4)]
        [[|Activation(Activation.LeakyReLU, LeakySlope = 1.5f)|]]
        [Dense(3)]
        public partial class Net;
        """, "'activation0'", "1.5");

    [Fact]
    public void NG0008_SoftmaxNotLast() => AssertOnly("NG0008", """
        using NetGen;
        [Network(4)]
        [[|Activation(Activation.Softmax)|]]
        [Dense(3)]
        public partial class Net;
        """, "'activation0'", "'dense0'");

    [Fact]
    public void NG0009_SoftmaxBeforeSoftmaxCrossEntropy() => AssertOnly("NG0009", """
        using NetGen;
        [Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(3)]
        [[|Activation(Activation.Softmax)|]]
        public partial class Net;
        """, "'activation0'", "SoftmaxCrossEntropy");

    [Fact]
    public void ActivationsOnVectorsImagesAndSequences_AreAccepted() =>
        Assert.Empty(GeneratorHarness.GeneratorDiagnostics("""
            using NetGen;
            [Network(2, 6, 6)]
            [Activation(Activation.Tanh)]
            [Conv2D(3, 3)]
            [BatchNorm]
            [Activation(Activation.ReLU)]
            [Flatten]
            [Dense(4)]
            [Activation(Activation.Softmax)]
            public partial class Images;

            [Network(5, 3)]
            [LSTM(4, ReturnSequences = true)]
            [Activation(Activation.LeakyReLU, LeakySlope = 0.2f)]
            [GlobalMaxPool1D]
            public partial class Sequences;
            """));
}
