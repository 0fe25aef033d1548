using NetGen;

namespace NetGen.Samples.TextClassifier;

/// <summary>
/// The sequence model: a window of <see cref="TextSizes.SequenceLength"/> word ids of a message (as floats) → a
/// 32-dimensional embedding per word (the padding id's vector stays zero) → an LSTM of 64 whose last hidden
/// state → the two class scores (ham, spam), with softmax cross-entropy. A message is classified by the mean
/// of its windows' scores (<see cref="MessageWindows.Classify"/>).
/// </summary>
[Network(TextSizes.SequenceLength, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(TextSizes.Vocabulary, 32, PaddingIndex = Vocabulary.PaddingId, Name = "embedding")]
[LSTM(64, Name = "lstm")]
[Dense(2, Name = "classifier")]
public partial class SpamLstm;
