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

// Layers with State = true: a given initial state in, the final state and ∂L/∂initial state out.

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[SimpleRNN(5, State = true)]
public partial class RnnState7x5;

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[LSTM(5, State = true)]
public partial class LstmState7x5;

/// <summary><see cref="LstmState7x5"/> one step at a time: the same tensors, so the same weight file.</summary>
[Network(1, 7, Loss = LossKind.MeanSquaredError)]
[LSTM(5, State = true)]
public partial class LstmStep7x5;

[Network(3, 7, Loss = LossKind.MeanSquaredError)]
[GRU(50, ReturnSequences = true, State = true)]
public partial class GruState7x50Sequences;

[Network(5, 3, Loss = LossKind.MeanSquaredError)]
[LSTM(6, ReturnSequences = true, Name = "lower", State = true)]
[GRU(4, Name = "upper", State = true)]
[Dense(2, Name = "head")]
public partial class StackedStates;

// VariableLength = true: Predict and Forward take per-sample lengths for padded batches.

[Network(4, 7, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[GRU(5)]
public partial class GruVariable7x5;

[Network(3, 7, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[LSTM(50, ReturnSequences = true, State = true)]
public partial class LstmVariableState7x50Sequences;

[Network(4, 7, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[SimpleRNN(5, State = true)]
public partial class RnnVariableState7x5;

[Network(5, 3, Loss = LossKind.MeanSquaredError, VariableLength = true)]
[LSTM(6, ReturnSequences = true, Name = "lower")]
[GRU(4, Name = "upper")]
[Dense(2, Name = "head")]
public partial class StackedVariable;

// Bidirectional = true: a reverse-direction cell with PyTorch's _reverse tensors.

[Network(4, 7, Loss = LossKind.MeanSquaredError)]
[GRU(5, Bidirectional = true)]
public partial class BiGru7x5;

[Network(3, 7, Loss = LossKind.MeanSquaredError)]
[LSTM(50, ReturnSequences = true, Bidirectional = true)]
public partial class BiLstm7x50Sequences;

[Network(5, 3, Loss = LossKind.MeanSquaredError)]
[SimpleRNN(6, ReturnSequences = true, Bidirectional = true, Name = "lower")]
[LSTM(4, Bidirectional = true, Name = "upper")]
[Dense(2, Name = "head")]
public partial class StackedBidirectional;

[Network(6, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(11, 5, PaddingIndex = 0)]
[GRU(4, ReturnSequences = true, Bidirectional = true)]
[Flatten]
[Dense(3)]
public partial class EmbeddingBiGru;
