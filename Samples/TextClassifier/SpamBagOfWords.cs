using NetGen;

namespace NetGen.Samples.TextClassifier;

/// <summary>Sizes fixed at compile time: the networks' inputs are built from them.</summary>
public static class TextSizes
{
    /// <summary>Vocabulary ids, the two reserved ones (padding, unknown) included: the 1,998 most frequent training words.</summary>
    public const int Vocabulary = 2000;

    /// <summary>
    /// Word ids per message for sequence models: the subject and the first lines. Most messages are longer
    /// (median 217 tokens, see the printed statistics); 128 steps keep a recurrent network's cost moderate.
    /// </summary>
    public const int SequenceLength = 128;
}

/// <summary>
/// The baseline: logistic regression on a bag of words, i.e. one linear layer from the
/// <see cref="TextSizes.Vocabulary"/> word-presence flags to the two class scores (ham, spam), with softmax
/// cross-entropy.
/// </summary>
[Network(TextSizes.Vocabulary, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(2, Name = "linear")]
public partial class SpamBagOfWords;
