namespace NetGen;

/// <summary>
/// What a word <see cref="Tokenizer"/> does with punctuation and symbols: every character that is not a
/// letter, combining mark, digit, white space or control character ("," "!" "$" "-" "&lt;" an emoji …).
/// </summary>
public enum PunctuationHandling
{
    /// <summary>Each such character is a token of its own: "Hi, you!" gives "hi" "," "you" "!".</summary>
    Split,

    /// <summary>Such characters are dropped and separate words like white space: "Hi, you!" gives "hi" "you".</summary>
    Remove,
}
