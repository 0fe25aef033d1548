using NetGen;

namespace NetGen.Samples.TextClassifier;

/// <summary>Sizes fixed at compile time: the networks' inputs are built from them.</summary>
public static class TextSizes
{
    /// <summary>Vocabulary ids, the two reserved ones (padding, unknown) included: the 1,998 most frequent training words.</summary>
    public const int Vocabulary = 2000;

    /// <summary>
    /// Word ids per window, the sequence model's input: a message is read as consecutive windows of this many
    /// words: on the held-out training messages, 64 did better than 32 or 128 (see Samples/README.md).
    /// </summary>
    public const int SequenceLength = 64;

    /// <summary>
    /// Windows per message at most: 512 words, all of 99% of the training messages (p99 444 tokens, max 745).
    /// </summary>
    public const int MaxWindows = 8;
}

/// <summary>
/// The baseline: logistic regression on a bag of words, i.e. one linear layer from the
/// <see cref="TextSizes.Vocabulary"/> word-presence flags to the two class scores (ham, spam), with softmax
/// cross-entropy.
/// </summary>
[Network(TextSizes.Vocabulary, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(2, Name = "linear")]
public partial class SpamBagOfWords;
