namespace NetGen;

/// <summary>
/// Counts tokens and turns the counts into a <see cref="Vocabulary"/>: tokens seen at least a minimum
/// number of times, the most frequent first (ties in ordinal string order, so the ids do not depend on
/// the order the texts came in), optionally capped at a maximum size.
/// </summary>
/// <remarks>
/// Counting a token already seen allocates nothing (<see cref="Add(ReadOnlySpan{char})"/> looks it up by
/// span; on .NET 8, which cannot, one string per token); each new token is stored once as a string. The reserved strings "&lt;pad&gt;" and "&lt;unk&gt;"
/// are not counted.
/// </remarks>
public sealed class VocabularyBuilder
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanCounts;
#endif
    private char[] _buffer = new char[64];

#if NET9_0_OR_GREATER
    public VocabularyBuilder() => _spanCounts = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
#endif

    /// <summary>Number of distinct tokens counted so far.</summary>
    public int DistinctCount => _counts.Count;

    /// <summary>Total number of tokens counted so far.</summary>
    public long TotalCount { get; private set; }

    /// <summary>How often <paramref name="token"/> was counted.</summary>
#if NET9_0_OR_GREATER
    public int CountOf(ReadOnlySpan<char> token) => _spanCounts.TryGetValue(token, out int count) ? count : 0;
#else
    public int CountOf(ReadOnlySpan<char> token) => _counts.TryGetValue(token.ToString(), out int count) ? count : 0;
#endif

    /// <summary>Counts one occurrence of <paramref name="token"/> (taken as it is: no lower-casing here).</summary>
    public void Add(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || token.SequenceEqual(Vocabulary.PaddingToken) || token.SequenceEqual(Vocabulary.UnknownToken)) return;
#if NET9_0_OR_GREATER
        ref int count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_spanCounts, token, out _);
#else
        ref int count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, token.ToString(), out _);
#endif
        count++;
        TotalCount++;
    }

    /// <summary>Counts every token of <paramref name="tokens"/>.</summary>
    public void AddRange(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (string token in tokens) Add(token);
    }

    /// <summary>Counts the tokens of <paramref name="text"/> as <paramref name="tokenizer"/> cuts and normalizes them.</summary>
    public void AddText(Tokenizer tokenizer, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        foreach (ReadOnlySpan<char> token in tokenizer.EnumerateTokens(text))
        {
            if (_buffer.Length < token.Length) _buffer = new char[Math.Max(token.Length, 2 * _buffer.Length)];
            int length = tokenizer.Normalize(token, _buffer);
            Add(_buffer.AsSpan(0, length));
        }
    }

    /// <summary>
    /// The vocabulary of the tokens counted at least <paramref name="minFrequency"/> times, most frequent
    /// first, ties in ordinal order; with <paramref name="maxSize"/>, only as many as make
    /// <see cref="Vocabulary.Count"/> (reserved ids included) at most that. An empty count gives a
    /// vocabulary of the two reserved ids only.
    /// </summary>
    public Vocabulary Build(int minFrequency = 1, int? maxSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minFrequency);
        if (maxSize is int max) ArgumentOutOfRangeException.ThrowIfLessThan(max, Vocabulary.ReservedCount, nameof(maxSize));
        var kept = new List<KeyValuePair<string, int>>();
        foreach (KeyValuePair<string, int> entry in _counts)
        {
            if (entry.Value >= minFrequency) kept.Add(entry);
        }
        kept.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        int take = maxSize is int limit ? Math.Min(kept.Count, limit - Vocabulary.ReservedCount) : kept.Count;
        return new Vocabulary(kept.Take(take).Select(static entry => entry.Key));
    }
}
