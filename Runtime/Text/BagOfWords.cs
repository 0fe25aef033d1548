namespace NetGen;

/// <summary>
/// Turns a text into a vector of <see cref="Vocabulary.Count"/> floats, one per id, saying which
/// tokens occur (or how often): the input of a linear or MLP text classifier.
/// </summary>
/// <remarks>
/// Slot <see cref="Vocabulary.PaddingId"/> stays 0; slot <see cref="Vocabulary.UnknownId"/> counts the
/// tokens the vocabulary does not hold. Encoding allocates nothing once the scratch buffer has grown to
/// the longest token seen; not thread-safe.
/// </remarks>
public sealed class BagOfWords
{
    private char[] _characters = new char[64];

    public BagOfWords(Tokenizer tokenizer, Vocabulary vocabulary, BagOfWordsWeighting weighting = BagOfWordsWeighting.Binary)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!Enum.IsDefined(weighting)) throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown weighting.");
        Tokenizer = tokenizer;
        Vocabulary = vocabulary;
        Weighting = weighting;
    }

    public Tokenizer Tokenizer { get; }
    public Vocabulary Vocabulary { get; }
    public BagOfWordsWeighting Weighting { get; }

    /// <summary>Floats per encoded text: <see cref="Vocabulary.Count"/>.</summary>
    public int Size => Vocabulary.Count;

    /// <summary>Overwrites <paramref name="features"/> (exactly <see cref="Size"/> floats) with the vector of <paramref name="text"/>; returns its token count.</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> has another length (nothing is written).</exception>
    public int Encode(ReadOnlySpan<char> text, Span<float> features)
    {
        if (features.Length != Size)
        {
            throw new ArgumentException(
                $"Expected features of length {Size} (the vocabulary size), but its length is {features.Length}.", nameof(features));
        }
        features.Clear();
        int count = 0;
        foreach (ReadOnlySpan<char> token in Tokenizer.EnumerateTokens(text))
        {
            if (_characters.Length < token.Length) _characters = new char[Math.Max(token.Length, 2 * _characters.Length)];
            int length = Tokenizer.Normalize(token, _characters);
            features[Vocabulary.IdOf(_characters.AsSpan(0, length))] += 1;
            count++;
        }
        features[Vocabulary.PaddingId] = 0;
        switch (Weighting)
        {
            case BagOfWordsWeighting.Binary:
                foreach (ref float value in features) value = value > 0 ? 1 : 0;
                break;
            case BagOfWordsWeighting.LogCount:
                foreach (ref float value in features) value = MathF.Log(1 + value);
                break;
        }
        return count;
    }

    /// <summary>Encodes <paramref name="texts"/> into the rows of <paramref name="features"/> ([texts, <see cref="Size"/>], row-major).</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> does not hold texts × size floats (nothing is written).</exception>
    public void EncodeAll(IReadOnlyList<string> texts, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(texts);
        long expected = (long)texts.Count * Size;
        if (features.Length != expected)
        {
            throw new ArgumentException(
                $"Expected features of length {expected} ({texts.Count} texts x vocabulary size {Size}), but its length is {features.Length}.",
                nameof(features));
        }
        for (int i = 0; i < texts.Count; i++) Encode(texts[i], features.Slice(i * Size, Size));
    }
}
