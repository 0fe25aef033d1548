namespace NetGen;

/// <summary>
/// The tokens of a text as slices of it, in their original case (lower-case them with
/// <see cref="Tokenizer.Normalize"/>); a <c>foreach</c>-able value that allocates nothing.
/// </summary>
public ref struct TokenEnumerator
{
    private readonly Tokenizer _tokenizer;
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    internal TokenEnumerator(Tokenizer tokenizer, ReadOnlySpan<char> text)
    {
        _tokenizer = tokenizer;
        _text = text;
        Current = default;
    }

    /// <summary>The current token.</summary>
    public ReadOnlySpan<char> Current { get; private set; }

    /// <summary>Where <see cref="Current"/> starts in the text.</summary>
    public int CurrentStart { get; private set; }

    /// <summary>Moves to the next token; false when there is none.</summary>
    public bool MoveNext()
    {
        if (!_tokenizer.TryNextToken(_text, ref _position, out int start, out int length))
        {
            Current = default;
            return false;
        }
        CurrentStart = start;
        Current = _text.Slice(start, length);
        return true;
    }

    /// <summary>This enumerator, for <c>foreach</c>.</summary>
    public readonly TokenEnumerator GetEnumerator() => this;
}
