using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>Small recurrent networks' generated source, pinned in <c>Snapshots/*.g.cs.txt</c> (accept changes with <c>NETGEN_ACCEPT_SNAPSHOTS=1</c>).</summary>
public sealed class RecurrentSnapshotTests
{
    [Fact]
    public void SmallLstm_Lstm12_Dense3() => Snapshot.Match("SmallLstm", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(5, 3, Loss = LossKind.SoftmaxCrossEntropy)]
        [LSTM(12)]
        [Dense(3)]
        public partial class SmallLstm;
        """));

    [Fact]
    public void StatefulLstm_Lstm12State() => Snapshot.Match("StatefulLstm", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(5, 3, Loss = LossKind.MeanSquaredError)]
        [LSTM(12, State = true)]
        public partial class StatefulLstm;
        """));

    [Fact]
    public void VariableLengthGru_Gru12Sequences() => Snapshot.Match("VariableLengthGru", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(5, 3, Loss = LossKind.MeanSquaredError, VariableLength = true)]
        [GRU(12, ReturnSequences = true)]
        public partial class VariableLengthGru;
        """));

    [Fact]
    public void BidirectionalGru_Gru12() => Snapshot.Match("BidirectionalGru", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(5, 3, Loss = LossKind.MeanSquaredError)]
        [GRU(12, Bidirectional = true)]
        public partial class BidirectionalGru;
        """));

    [Fact]
    public void LstmGlobalMaxPool_Embedding8_Lstm12Sequences_GlobalMaxPool_Dense2() => Snapshot.Match("LstmGlobalMaxPool", Generate("""
        using NetGen;
        namespace NetGen.Samples;
        [Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
        [Embedding(20, 8)]
        [LSTM(12, ReturnSequences = true)]
        [GlobalMaxPool1D]
        [Dense(2)]
        public partial class LstmGlobalMaxPool;
        """));

    private static string Generate(string source)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        Assert.Null(result.Results[0].Exception);
        GeneratedSourceResult generated = Assert.Single(result.Results[0].GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return generated.SourceText.ToString();
    }
}
