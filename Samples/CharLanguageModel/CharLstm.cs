using NetGen;

namespace NetGen.Samples.CharLanguageModel;

/// <summary>Sizes fixed at compile time: the network's input and output are built from them.</summary>
public static class CharSizes
{
    /// <summary>Characters of context per prediction.</summary>
    public const int Window = 40;

    /// <summary>
    /// Output classes: character ids of the vocabulary, the two reserved ones (padding, unknown) included.
    /// Moby-Dick has 83 distinct characters; the training part's vocabulary must fit (checked at start-up).
    /// </summary>
    public const int Vocabulary = 85;
}

/// <summary>
/// A sequence-to-one character language model: the ids of the previous <see cref="CharSizes.Window"/>
/// characters (as floats) → a 16-dimensional embedding each → an LSTM of 128 whose last hidden state → one
/// score per character id, with softmax cross-entropy against the character that follows the window.
/// </summary>
[Network(CharSizes.Window, Loss = LossKind.SoftmaxCrossEntropy)]
[Embedding(CharSizes.Vocabulary, 16, Name = "embedding")]
[LSTM(128, Name = "lstm")]
[Dense(CharSizes.Vocabulary, Name = "decoder")]
public partial class CharLstm;
