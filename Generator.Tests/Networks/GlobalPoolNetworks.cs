namespace NetGen.Tests.Networks;

// Global 1-D pooling over the steps of sequences. Odd sizes (7 and 5 features, hidden 20 over two vectors, a
// bidirectional 2·5) keep padded feature columns in play.

[Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(11, 5, PaddingIndex = 0)]
[LSTM(7, ReturnSequences = true)]
[GlobalMaxPool1D]
[Dense(3)]
public partial class EmbeddingLstmMaxPool;

[Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(11, 5)]
[GlobalAveragePool1D]
[Dense(3)]
public partial class EmbeddingAveragePool;

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[GRU(5, ReturnSequences = true, Bidirectional = true)]
[GlobalMaxPool1D]
[Dense(2)]
public partial class BiGruMaxPool;

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[GRU(20, ReturnSequences = true)]
[GlobalAveragePool1D]
public partial class Gru20AveragePool;

// VariableLength = true: padded steps are left out of the maximum and the mean.

[Network(5, 3, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[LSTM(6, ReturnSequences = true)]
[GlobalMaxPool1D]
[Dense(2)]
public partial class LstmVariableMaxPool;

[Network(5, 3, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[GRU(18, ReturnSequences = true)]
[GlobalAveragePool1D]
public partial class GruVariableAveragePool;

// Without sequence layers a rank-2 shape is a 1-D image [channels, length]: pooled into [channels].

[Network(3, 10, Loss = LossKind.MeanSquaredError)]
[Conv1D(4, 3)]
[GlobalMaxPool1D]
public partial class Conv1DGlobalMaxPool;

[Network(2, 5)]
[GlobalMaxPool1D]
public partial class ImageGlobalMaxPool;

[Network(2, 5)]
[GlobalAveragePool1D]
public partial class ImageGlobalAveragePool;

/// <summary>Set by hand in <see cref="GlobalPoolLiteralTests"/>: tokens pick rows whose features tie.</summary>
[Network(4)]
[Embedding(5, 3)]
[GlobalMaxPool1D]
public partial class EmbeddingMaxPoolTies;
