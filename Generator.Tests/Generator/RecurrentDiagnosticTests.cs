using NetGen.Tests.Infrastructure;
using static NetGen.Tests.Infrastructure.DiagnosticAssertions;

namespace NetGen.Tests.Generator;

/// <summary>
/// The embedding and recurrent diagnostics NG0030–NG0040 (and NG0015 after a sequence), in the style of
/// <see cref="DiagnosticTests"/>: the smallest declaration, the marked attribute, and message parts.
/// </summary>
public sealed class RecurrentDiagnosticTests
{
    [Fact]
    public void NG0037_VariableLengthWithoutRecurrentLayer() => AssertOnly("NG0037", """
        using NetGen;
        [[|Network(6, VariableLength = true)|]]
        [Embedding(11, 5)]
        public partial class Net;
        """, "'Net'", "VariableLength = true", "no SimpleRNN, LSTM or GRU");

    [Fact]
    public void NG0038_BidirectionalWithState() => AssertOnly("NG0038", """
        using NetGen;
        [Network(8, 4)]
        [[|GRU(6, Bidirectional = true, State = true)|]]
        public partial class Net;
        """, "'gru0'", "Bidirectional and State");

    [Fact]
    public void NG0039_BidirectionalWithVariableLength() => AssertOnly("NG0039", """
        using NetGen;
        [Network(8, 4, VariableLength = true)]
        [LSTM(6, ReturnSequences = true)]
        [[|LSTM(3, Bidirectional = true, Name = "top")|]]
        public partial class Net;
        """, "'top'", "network 'Net'", "VariableLength = true");

    [Fact]
    public void NG0040_GlobalPoolOfTheLastStateOnly() => AssertOnly("NG0040", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6)]
        [[|GlobalMaxPool1D|]]
        public partial class Net;
        """, "'globalmaxpool0'", "[6]", "GlobalMaxPool1D reduces a sequence [steps, features]", "set ReturnSequences = true on 'lstm0'");

    [Fact]
    public void NG0040_GlobalPoolOfATwoDimensionalImage() => AssertOnly("NG0040", """
        using NetGen;
        [Network(1, 8, 8)]
        [Conv2D(2, 3)]
        [[|GlobalAveragePool1D|]]
        public partial class Net;
        """, "'globalavgpool0'", "[2, 6, 6]", "use GlobalAveragePool2D");

    [Fact]
    public void NG0040_GlobalPoolOfAVector() => AssertOnly("NG0040", """
        using NetGen;
        [Network(16)]
        [Dense(8)]
        [[|GlobalMaxPool1D|]]
        public partial class Net;
        """, "'globalmaxpool0'", "[8]", "1-D image [channels, length]");

    [Fact]
    public void NG0030_EmbeddingNotFirst() => AssertOnly("NG0030", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6, ReturnSequences = true)]
        [[|Embedding(10, 4)|]]
        public partial class Net;
        """, "'embedding0'", "after 'lstm0'", "first layer");

    [Fact]
    public void NG0031_RecurrentLayerGivenAVector() => AssertOnly("NG0031", """
        using NetGen;
        [Network(16)]
        [[|GRU(8)|]]
        public partial class Net;
        """, "'gru0'", "[16]", "GRU takes a sequence [steps, features]", "[Network(32, 16)]");

    [Fact]
    public void NG0031_StackedLayerWithoutReturnSequences() => AssertOnly("NG0031", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6)]
        [[|LSTM(3)|]]
        public partial class Net;
        """, "'lstm1'", "[6]", "set ReturnSequences = true on 'lstm0'");

    [Fact]
    public void NG0031_RecurrentLayerGivenAnImage() => AssertOnly("NG0031", """
        using NetGen;
        [Network(1, 8, 8)]
        [[|SimpleRNN(4)|]]
        public partial class Net;
        """, "'rnn0'", "[1, 8, 8]", "SimpleRNN");

    [Fact]
    public void NG0032_HiddenSizeZero() => AssertOnly("NG0032", """
        using NetGen;
        [Network(8, 4)]
        [[|LSTM(0)|]]
        public partial class Net;
        """, "'lstm0'", "hidden size of 0");

    [Fact]
    public void NG0032_NegativeHiddenSize() => AssertOnly("NG0032", """
        using NetGen;
        [Network(8, 4)]
        [[|GRU(-3, Name = "encoder")|]]
        public partial class Net;
        """, "'encoder'", "-3");

    [Fact]
    public void NG0033_VocabularyZero() => AssertOnly("NG0033", """
        using NetGen;
        [Network(8)]
        [[|Embedding(0, 4)|]]
        public partial class Net;
        """, "'embedding0'", "vocabulary 0 and dimension 4");

    [Fact]
    public void NG0033_DimensionNegative() => AssertOnly("NG0033", """
        using NetGen;
        [Network(8)]
        [[|Embedding(10, -1)|]]
        public partial class Net;
        """, "dimension -1");

    [Fact]
    public void NG0034_PaddingIndexPastTheVocabulary() => AssertOnly("NG0034", """
        using NetGen;
        [Network(8)]
        [[|Embedding(10, 4, PaddingIndex = 10)|]]
        public partial class Net;
        """, "'embedding0'", "PaddingIndex 10", "[0, 10)");

    [Fact]
    public void NG0034_PaddingIndexBelowMinusOne() => AssertOnly("NG0034", """
        using NetGen;
        [Network(8)]
        [[|Embedding(10, 4, PaddingIndex = -2)|]]
        public partial class Net;
        """, "PaddingIndex -2");

    [Fact]
    public void NG0035_EmbeddingInputNotTokens() => AssertOnly("NG0035", """
        using NetGen;
        [Network(8, 3)]
        [[|Embedding(10, 4)|]]
        public partial class Net;
        """, "'embedding0'", "[8, 3]", "[steps]");

    [Fact]
    public void NG0036_ConvolutionWithARecurrentLayer() => AssertOnly("NG0036", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6, ReturnSequences = true)]
        [[|Conv1D(2, 3)|]]
        public partial class Net;
        """, "'conv0'", "Conv1D", "LSTM layer 'lstm0'");

    [Fact]
    public void NG0015_DenseAfterASequenceAsksForFlatten() => AssertOnly("NG0015", """
        using NetGen;
        [Network(8, 4)]
        [LSTM(6, ReturnSequences = true)]
        [[|Dense(2)|]]
        public partial class Net;
        """, "'dense0'", "[8, 6]", "add [Flatten]");

    [Fact]
    public void ValidRecurrentNetwork_NoDiagnosticsAndGeneratedCodeCompiles()
    {
        Assert.Empty(GeneratorHarness.Diagnostics("""
            using NetGen;
            [Network(12, Loss = LossKind.SoftmaxCrossEntropy)]
            [Embedding(100, 8, PaddingIndex = 0)]
            [LSTM(16, ReturnSequences = true)]
            [Dropout(0.1f)]
            [GRU(8, ReturnSequences = true)]
            [SimpleRNN(4, ReturnSequences = true)]
            [Flatten]
            [Dense(3)]
            public partial class Net;
            """));
    }
}
