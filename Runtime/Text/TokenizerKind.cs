namespace NetGen;

/// <summary>What a <see cref="Tokenizer"/> cuts a text into.</summary>
public enum TokenizerKind
{
    /// <summary>
    /// Words: runs of letters, combining marks and digits (apostrophes between two such characters
    /// included, so "don't" is one word); white space separates words and is dropped; every other
    /// character is punctuation, handled as <see cref="PunctuationHandling"/> says.
    /// </summary>
    Words,

    /// <summary>
    /// Characters: every Unicode scalar value is a token, white space and line breaks included (a
    /// character language model needs them); a surrogate pair stays one token.
    /// </summary>
    Characters,
}
