namespace NetGen.Tests.Networks;

// Recurrent and embedding networks compiled with the generator attached. Odd sizes (7 features, hidden 5
// and 50, 11 ids of dimension 5) keep gate blocks unaligned and every kernel's remainders in play.

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[SimpleRNN(5)]
public partial class Rnn7x5;

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[LSTM(5)]
public partial class Lstm7x5;

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[GRU(5)]
public partial class Gru7x5;

[Network(3, 7, Loss = LossKind.MeanSquaredError)]
[SimpleRNN(50, ReturnSequences = true)]
public partial class Rnn7x50Sequences;

[Network(3, 7, Loss = LossKind.MeanSquaredError)]
[LSTM(50, ReturnSequences = true)]
public partial class Lstm7x50Sequences;

[Network(3, 7, Loss = LossKind.SoftmaxCrossEntropy)]
[GRU(50)]
[Dense(3)]
public partial class Gru7x50Dense;

[Network(5, 3, Loss = LossKind.MeanSquaredError)]
[LSTM(6, ReturnSequences = true, Name = "lower")]
[LSTM(4, Name = "upper")]
[Dense(2, Name = "head")]
public partial class StackedLstm;

[Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(11, 5, PaddingIndex = 0)]
[GRU(4, ReturnSequences = true)]
[Flatten]
[Dense(3)]
public partial class EmbeddingGru;

[Network(6)]
[Embedding(11, 5)]
public partial class EmbeddingOnly;

[Network(32, 16, Loss = LossKind.SoftmaxCrossEntropy)]
[LSTM(128)]
[Dense(10)]
public partial class W3Lstm;

[Network(32, 16, Loss = LossKind.SoftmaxCrossEntropy)]
[GRU(128)]
[Dense(10)]
public partial class W4Gru;
