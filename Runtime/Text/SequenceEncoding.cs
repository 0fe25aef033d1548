namespace NetGen;

/// <summary>What encoding one text to a fixed-length id sequence did.</summary>
/// <param name="TokenCount">Tokens in the text, before truncation.</param>
/// <param name="Length">Token ids written (at most the sequence length); the rest of the sequence is padding.</param>
/// <param name="UnknownCount">Written ids that are <see cref="Vocabulary.UnknownId"/>.</param>
public readonly record struct SequenceEncoding(int TokenCount, int Length, int UnknownCount)
{
    /// <summary>Whether tokens were cut off to fit the sequence length.</summary>
    public bool Truncated => TokenCount > Length;
}
