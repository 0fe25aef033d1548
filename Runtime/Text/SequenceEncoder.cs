using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>
/// Turns texts into fixed-length sequences of vocabulary ids, the input of an embedding layer: the text
/// is tokenized, each token looked up (unknown tokens give <see cref="Vocabulary.UnknownId"/>), then
/// the sequence is truncated to <see cref="SequenceLength"/> or filled up with
/// <see cref="Vocabulary.PaddingId"/>, at the ends <see cref="Truncation"/> and <see cref="Padding"/> say.
/// <see cref="EncodeWindows"/> instead splits a long text into several such sequences.
/// </summary>
/// <remarks>
/// The ids go into caller-provided spans, as ints or as floats (generated networks take float inputs; ids
/// up to 2^24 are exact in a float). Encoding allocates nothing once its scratch buffers have grown to the
/// longest text seen, so an encoder is not thread-safe: use one per thread.
/// Keras's <c>pad_sequences</c> defaults are pre-padding and pre-truncation; here both default to
/// <see cref="SequenceSide.Post"/>, which keeps a text's beginning (where an e-mail's subject and first lines are).
/// </remarks>
public sealed class SequenceEncoder
{
    private char[] _characters = new char[64];
    private int[] _ids = new int[256];

    /// <summary>An encoder to sequences of <paramref name="sequenceLength"/> ids.</summary>
    public SequenceEncoder(Tokenizer tokenizer, Vocabulary vocabulary, int sequenceLength,
        SequenceSide padding = SequenceSide.Post, SequenceSide truncation = SequenceSide.Post)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        if (!Enum.IsDefined(padding)) throw new ArgumentOutOfRangeException(nameof(padding), padding, "Unknown side.");
        if (!Enum.IsDefined(truncation)) throw new ArgumentOutOfRangeException(nameof(truncation), truncation, "Unknown side.");
        Tokenizer = tokenizer;
        Vocabulary = vocabulary;
        SequenceLength = sequenceLength;
        Padding = padding;
        Truncation = truncation;
    }

    public Tokenizer Tokenizer { get; }
    public Vocabulary Vocabulary { get; }

    /// <summary>Ids per encoded text.</summary>
    public int SequenceLength { get; }

    /// <summary>Where padding goes when a text has fewer tokens than <see cref="SequenceLength"/>.</summary>
    public SequenceSide Padding { get; }

    /// <summary>Which tokens are dropped when a text has more than <see cref="SequenceLength"/>.</summary>
    public SequenceSide Truncation { get; }

    /// <summary>Encodes <paramref name="text"/> into <paramref name="ids"/>, which must hold exactly <see cref="SequenceLength"/> ints.</summary>
    /// <exception cref="ArgumentException"><paramref name="ids"/> has another length (nothing is written).</exception>
    public SequenceEncoding Encode(ReadOnlySpan<char> text, Span<int> ids)
    {
        RequireLength(ids.Length, nameof(ids));
        SequenceEncoding encoding = Tokenize(text, SequenceLength, out int first);
        int offset = PaddingBefore(encoding.Length);
        ids[..offset].Clear();
        _ids.AsSpan(first, encoding.Length).CopyTo(ids[offset..]);
        ids[(offset + encoding.Length)..].Clear();
        return encoding;
    }

    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="ids"/> as floats (the input row of a generated
    /// network); <paramref name="ids"/> must hold exactly <see cref="SequenceLength"/> floats.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ids"/> has another length (nothing is written).</exception>
    public SequenceEncoding Encode(ReadOnlySpan<char> text, Span<float> ids)
    {
        RequireLength(ids.Length, nameof(ids));
        SequenceEncoding encoding = Tokenize(text, SequenceLength, out int first);
        int offset = PaddingBefore(encoding.Length);
        ids[..offset].Clear();
        CopyIds(_ids.AsSpan(first, encoding.Length), ids.Slice(offset, encoding.Length));
        ids[(offset + encoding.Length)..].Clear();
        return encoding;
    }

    /// <summary>
    /// Encodes <paramref name="texts"/> into the rows of <paramref name="ids"/> ([texts, <see cref="SequenceLength"/>],
    /// row-major) and returns the summed statistics.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ids"/> does not hold texts × sequence length floats (nothing is written).</exception>
    public SequenceEncoding EncodeAll(IReadOnlyList<string> texts, Span<float> ids)
    {
        ArgumentNullException.ThrowIfNull(texts);
        long expected = (long)texts.Count * SequenceLength;
        if (ids.Length != expected)
        {
            throw new ArgumentException(
                $"Expected ids of length {expected} ({texts.Count} texts x sequence length {SequenceLength}), but its length is {ids.Length}.",
                nameof(ids));
        }
        int tokens = 0, length = 0, unknown = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            SequenceEncoding encoding = Encode(texts[i], ids.Slice(i * SequenceLength, SequenceLength));
            tokens += encoding.TokenCount;
            length += encoding.Length;
            unknown += encoding.UnknownCount;
        }
        return new SequenceEncoding(tokens, length, unknown);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as consecutive windows of <see cref="SequenceLength"/> ids, so that a
    /// network of that input length reads all of a text longer than one sequence: <paramref name="windows"/>
    /// holds up to windows.Length / <see cref="SequenceLength"/> rows (row-major) and the number of rows written
    /// is returned; later rows are left as they are.
    /// </summary>
    /// <remarks>
    /// At most windows.Length tokens are kept, from the end <see cref="Truncation"/> says. Kept tokens that fit
    /// one sequence give one row, padded as <see cref="Padding"/> says. Longer runs give ⌈kept / <see cref="SequenceLength"/>⌉
    /// rows: row j holds tokens j × <see cref="SequenceLength"/> onwards, except the last, which ends at the last
    /// kept token and so overlaps the row before it instead of being padded. <paramref name="encoding"/> counts
    /// each kept token once.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="windows"/> is not a positive multiple of <see cref="SequenceLength"/> long (nothing is written).</exception>
    public int EncodeWindows(ReadOnlySpan<char> text, Span<float> windows, out SequenceEncoding encoding)
    {
        if (windows.IsEmpty || windows.Length % SequenceLength != 0)
        {
            throw new ArgumentException(
                $"Expected windows of a positive multiple of {SequenceLength} (the sequence length) floats, but its length is {windows.Length}.",
                nameof(windows));
        }
        encoding = Tokenize(text, windows.Length, out int first);
        if (encoding.Length <= SequenceLength)
        {
            int offset = PaddingBefore(encoding.Length);
            Span<float> row = windows[..SequenceLength];
            row[..offset].Clear();
            CopyIds(_ids.AsSpan(first, encoding.Length), row.Slice(offset, encoding.Length));
            row[(offset + encoding.Length)..].Clear();
            return 1;
        }
        int count = (encoding.Length + SequenceLength - 1) / SequenceLength;
        for (int j = 0; j < count; j++)
        {
            int start = j < count - 1 ? j * SequenceLength : encoding.Length - SequenceLength;
            CopyIds(_ids.AsSpan(first + start, SequenceLength), windows.Slice(j * SequenceLength, SequenceLength));
        }
        return count;
    }

    private static void CopyIds(ReadOnlySpan<int> ids, Span<float> destination)
    {
        for (int i = 0; i < ids.Length; i++) destination[i] = ids[i];
    }

    /// <summary>
    /// Looks up every token of <paramref name="text"/> into the scratch ids and returns the statistics of
    /// the run of at most <paramref name="capacity"/> tokens that is kept, which starts at <paramref name="first"/>.
    /// </summary>
    private SequenceEncoding Tokenize(ReadOnlySpan<char> text, int capacity, out int first)
    {
        int count = 0;
        foreach (ReadOnlySpan<char> token in Tokenizer.EnumerateTokens(text))
        {
            if (_characters.Length < token.Length) _characters = new char[Math.Max(token.Length, 2 * _characters.Length)];
            int length = Tokenizer.Normalize(token, _characters);
            if (count == _ids.Length) Array.Resize(ref _ids, 2 * _ids.Length);
            _ids[count++] = Vocabulary.IdOf(_characters.AsSpan(0, length));
        }
        int kept = Math.Min(count, capacity);
        first = Truncation == SequenceSide.Pre ? count - kept : 0;
        int unknown = 0;
        foreach (int id in _ids.AsSpan(first, kept))
        {
            if (id == Vocabulary.UnknownId) unknown++;
        }
        return new SequenceEncoding(count, kept, unknown);
    }

    private int PaddingBefore(int length) => Padding == SequenceSide.Pre ? SequenceLength - length : 0;

    private void RequireLength(int actual, string name)
    {
        if (actual != SequenceLength) ThrowLength(actual, name);
    }

    [DoesNotReturn]
    private void ThrowLength(int actual, string name) =>
        throw new ArgumentException($"Expected {name} of length {SequenceLength} (the sequence length), but its length is {actual}.", name);
}
