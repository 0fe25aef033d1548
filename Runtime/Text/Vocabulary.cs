using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// A fixed mapping between tokens and integer ids: id 0 is padding (<see cref="PaddingToken"/>), id 1
/// stands for every token not in the vocabulary (<see cref="UnknownToken"/>), ids 2 … <see cref="Count"/> − 1
/// are the known tokens. Build one with <see cref="VocabularyBuilder"/>, save and load it as JSON.
/// </summary>
/// <remarks>
/// Lookups by span (<see cref="IdOf(ReadOnlySpan{char})"/>) allocate nothing (on .NET 8, one string each). The two reserved strings are
/// never ordinary tokens: looking up "&lt;pad&gt;" or "&lt;unk&gt;" gives their reserved ids. A vocabulary is
/// immutable and may be shared between threads.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>The id that fills unused positions of padded sequences.</summary>
    public const int PaddingId = 0;

    /// <summary>The id of every token the vocabulary does not hold.</summary>
    public const int UnknownId = 1;

    /// <summary>How <see cref="PaddingId"/> is written and decoded.</summary>
    public const string PaddingToken = "<pad>";

    /// <summary>How <see cref="UnknownId"/> is written and decoded.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>Number of reserved ids before the first known token.</summary>
    public const int ReservedCount = 2;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIds;
#endif

    /// <summary>
    /// A vocabulary of <paramref name="tokens"/> in id order, ids from 2 on (the reserved ids come first
    /// and must not be listed).
    /// </summary>
    /// <exception cref="ArgumentException">A token is null, empty, reserved or listed twice.</exception>
    public Vocabulary(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var list = new List<string> { PaddingToken, UnknownToken };
        _ids = new Dictionary<string, int>(StringComparer.Ordinal) { [PaddingToken] = PaddingId, [UnknownToken] = UnknownId };
        foreach (string token in tokens)
        {
            if (string.IsNullOrEmpty(token))
            {
                throw new ArgumentException($"Token {list.Count} is null or empty; every token needs at least one character.", nameof(tokens));
            }
            if (!_ids.TryAdd(token, list.Count))
            {
                throw new ArgumentException(
                    $"Token \"{token}\" would get id {list.Count} but already has id {_ids[token]} (reserved or listed twice).", nameof(tokens));
            }
            list.Add(token);
        }
        _tokens = [.. list];
#if NET9_0_OR_GREATER
        _spanIds = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    /// <summary>Number of ids, the two reserved ones included: the input size of an embedding or a bag of words.</summary>
    public int Count => _tokens.Length;

    /// <summary>All tokens by id, the two reserved ones first.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The token of <paramref name="id"/>.</summary>
    public string this[int id] => Decode(id);

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/> when the vocabulary does not hold it.</summary>
    public int IdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _ids.TryGetValue(token, out int id) ? id : UnknownId;
    }

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/>; allocates nothing.</summary>
    public int IdOf(ReadOnlySpan<char> token) => TryGetId(token, out int id) ? id : UnknownId;

    /// <summary>Whether <paramref name="token"/> is a known token (the reserved ones are not).</summary>
    public bool Contains(ReadOnlySpan<char> token) => TryGetId(token, out int id) && id >= ReservedCount;

    private bool TryGetId(ReadOnlySpan<char> token, out int id) =>
#if NET9_0_OR_GREATER
        _spanIds.TryGetValue(token, out id);
#else
        _ids.TryGetValue(token.ToString(), out id); // .NET 8 has no lookup by span: one string per lookup
#endif

    /// <summary>The token of <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside [0, <see cref="Count"/>).</exception>
    public string Decode(int id)
    {
        if ((uint)id >= (uint)_tokens.Length) ThrowIdOutOfRange(id, nameof(id));
        return _tokens[id];
    }

    /// <summary>
    /// The tokens of <paramref name="ids"/> joined by <paramref name="separator"/> (" " for words, "" for
    /// characters); padding ids are skipped unless <paramref name="keepPadding"/>.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids, string separator = " ", bool keepPadding = false)
    {
        ArgumentNullException.ThrowIfNull(separator);
        var text = new System.Text.StringBuilder();
        bool first = true;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokens.Length) ThrowIdOutOfRange(id, nameof(ids));
            if (id == PaddingId && !keepPadding) continue;
            if (!first) text.Append(separator);
            text.Append(_tokens[id]);
            first = false;
        }
        return text.ToString();
    }

    /// <summary>Writes the vocabulary as JSON: <c>{"tokens": ["&lt;pad&gt;", "&lt;unk&gt;", …]}</c>, tokens by id.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, new VocabularyFile(_tokens), VocabularyJsonContext.Default.VocabularyFile);
    }

    /// <summary>Writes the vocabulary as JSON to the file at <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        using FileStream stream = File.Create(path);
        Save(stream);
    }

    /// <summary>Reads a vocabulary written by <see cref="Save(Stream)"/>.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, the reserved tokens are not first, or a token repeats.</exception>
    public static Vocabulary Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        VocabularyFile? file;
        try
        {
            file = JsonSerializer.Deserialize(stream, VocabularyJsonContext.Default.VocabularyFile);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Not a vocabulary file: {e.Message}", e);
        }
        string[]? tokens = file?.Tokens;
        if (tokens is null || tokens.Length < ReservedCount || tokens[PaddingId] != PaddingToken || tokens[UnknownId] != UnknownToken)
        {
            string actual = tokens is null ? "no token list" : $"[{string.Join(", ", tokens.Take(ReservedCount).Select(t => $"\"{t}\""))}]";
            throw new InvalidDataException(
                $"Expected a token list starting with \"{PaddingToken}\", \"{UnknownToken}\", but the file has {actual}.");
        }
        try
        {
            return new Vocabulary(tokens.Skip(ReservedCount));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Invalid vocabulary file: {e.Message}", e);
        }
    }

    /// <summary>Reads a vocabulary from the JSON file at <paramref name="path"/>.</summary>
    public static Vocabulary Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Load(stream);
    }

    [DoesNotReturn]
    private void ThrowIdOutOfRange(int id, string name) =>
        throw new ArgumentOutOfRangeException(name, id, $"Token id must be in [0, {_tokens.Length}).");
}
