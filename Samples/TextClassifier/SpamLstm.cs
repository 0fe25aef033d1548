using NetGen;

namespace NetGen.Samples.TextClassifier;

/// <summary>
/// The sequence model: a window of <see cref="TextSizes.SequenceLength"/> word ids of a message (as floats) → a
/// 32-dimensional embedding per word (the padding id's vector stays zero) → an LSTM of 64 that outputs its hidden
/// state at every step → each of the 64 features' maximum over the steps (GlobalMaxPool1D: the strongest evidence
/// anywhere in the window, not only what the last state remembers) → dropout 0.3 in training → the two class scores
/// (ham, spam), with softmax cross-entropy. A message is classified by the mean of its windows' scores
/// (<see cref="MessageWindows.Classify"/>).
/// </summary>
[Network(TextSizes.SequenceLength, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(TextSizes.Vocabulary, 32, PaddingIndex = Vocabulary.PaddingId, Name = "embedding")]
[LSTM(64, ReturnSequences = true, Name = "lstm")]
[GlobalMaxPool1D]
[Dropout(0.3f)]
[Dense(2, Name = "classifier")]
public partial class SpamLstm;
