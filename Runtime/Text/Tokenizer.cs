using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>
/// Cuts text into words or characters, Unicode-aware and without allocating: tokens are enumerated as
/// slices of the text (<see cref="EnumerateTokens"/>) and lower-cased into a caller's buffer
/// (<see cref="Normalize"/>); only <see cref="Tokenize(string)"/> makes strings.
/// </summary>
/// <remarks>
/// <para>
/// Words (<see cref="Words"/>): a word is a run of letters (any script), combining marks and numbers,
/// with an apostrophe (' or ’) kept when it stands between two such characters ("don't", "o'clock");
/// white space and control characters separate words; every other character — punctuation and symbols,
/// hyphens and emoji included — is a token of its own or dropped (<see cref="PunctuationHandling"/>).
/// So "state-of-the-art" is five tokens with <see cref="PunctuationHandling.Split"/> and four words with
/// <see cref="PunctuationHandling.Remove"/>, and "3.14" is "3" "." "14". Splitting punctuation off is the
/// default because "!" and "$" carry signal in classification (spam) and generated text needs them.
/// </para>
/// <para>
/// Characters (<see cref="Characters"/>): one token per Unicode scalar value (a surrogate pair is one
/// token; a lone surrogate is a token of its own), nothing dropped.
/// </para>
/// <para>
/// Lower-casing (on by default for words, off for characters) is the invariant culture's simple case
/// mapping, which keeps the length of every token, so a buffer as long as the token always suffices.
/// Text is taken as it is: no Unicode normalization (a precomposed "é" and "e" + combining accent are
/// different tokens).
/// </para>
/// A tokenizer is immutable and may be shared between threads.
/// </remarks>
public sealed class Tokenizer
{
    /// <summary>Creates a tokenizer; see <see cref="Words"/> and <see cref="Characters"/> for the usual ones.</summary>
    public Tokenizer(TokenizerKind kind, bool lowerCase, PunctuationHandling punctuation = PunctuationHandling.Split)
    {
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tokenizer kind.");
        if (!Enum.IsDefined(punctuation)) throw new ArgumentOutOfRangeException(nameof(punctuation), punctuation, "Unknown punctuation handling.");
        Kind = kind;
        LowerCase = lowerCase;
        Punctuation = punctuation;
    }

    /// <summary>A word tokenizer (lower-casing and splitting punctuation off by default).</summary>
    public static Tokenizer Words(bool lowerCase = true, PunctuationHandling punctuation = PunctuationHandling.Split) =>
        new(TokenizerKind.Words, lowerCase, punctuation);

    /// <summary>A character tokenizer (keeping case by default).</summary>
    public static Tokenizer Characters(bool lowerCase = false) => new(TokenizerKind.Characters, lowerCase);

    /// <summary>Words or characters.</summary>
    public TokenizerKind Kind { get; }

    /// <summary>Whether <see cref="Normalize"/> lower-cases tokens.</summary>
    public bool LowerCase { get; }

    /// <summary>What a word tokenizer does with punctuation and symbols (ignored for characters).</summary>
    public PunctuationHandling Punctuation { get; }

    /// <summary>The tokens of <paramref name="text"/> as slices of it, in their original case; allocates nothing.</summary>
    public TokenEnumerator EnumerateTokens(ReadOnlySpan<char> text) => new(this, text);

    /// <summary>
    /// Writes <paramref name="token"/> as it is to be looked up (lower-cased if <see cref="LowerCase"/>)
    /// into <paramref name="destination"/> and returns the number of characters written, always
    /// <paramref name="token"/>'s length.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the token.</exception>
    public int Normalize(ReadOnlySpan<char> token, Span<char> destination)
    {
        if (destination.Length < token.Length)
        {
            throw new ArgumentException(
                $"Expected a destination of at least {token.Length} characters (the token's length), but its length is {destination.Length}.",
                nameof(destination));
        }
        if (!LowerCase)
        {
            token.CopyTo(destination);
            return token.Length;
        }
        return token.ToLowerInvariant(destination);
    }

    /// <summary>The normalized tokens of <paramref name="text"/> as new strings (for building vocabularies and for display).</summary>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the normalized tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public void Tokenize(ReadOnlySpan<char> text, List<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (ReadOnlySpan<char> token in EnumerateTokens(text))
        {
#if NET9_0_OR_GREATER
            tokens.Add(LowerCase ? string.Create(token.Length, token, static (chars, t) => t.ToLowerInvariant(chars)) : token.ToString());
#else
            // .NET 8's string.Create cannot take a span as its state.
            tokens.Add(LowerCase ? token.ToString().ToLowerInvariant() : token.ToString());
#endif
        }
    }

    /// <summary>
    /// Finds the next token at or after <paramref name="position"/>: its start and length, with
    /// <paramref name="position"/> moved past it. False at the end of the text.
    /// </summary>
    internal bool TryNextToken(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        while (position < text.Length)
        {
            Rune.DecodeFromUtf16(text[position..], out Rune rune, out int width);
            if (Kind == TokenizerKind.Characters)
            {
                start = position;
                length = width;
                position += width;
                return true;
            }
            CharacterClass kind = Classify(rune);
            if (kind == CharacterClass.Separator || (kind == CharacterClass.Punctuation && Punctuation == PunctuationHandling.Remove))
            {
                position += width;
                continue;
            }
            start = position;
            position += width;
            if (kind == CharacterClass.Word)
            {
                position = EndOfWord(text, position);
            }
            length = position - start;
            return true;
        }
        start = position;
        length = 0;
        return false;
    }

    /// <summary>The end of the word that continues at <paramref name="position"/> (just after a word character).</summary>
    private static int EndOfWord(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length)
        {
            Rune.DecodeFromUtf16(text[position..], out Rune rune, out int width);
            if (Classify(rune) == CharacterClass.Word)
            {
                position += width;
                continue;
            }
            // An apostrophe joins two word characters: "don't", "rock'n'roll".
            if ((rune.Value == '\'' || rune.Value == '\u2019') && position + width < text.Length)
            {
                Rune.DecodeFromUtf16(text[(position + width)..], out Rune next, out int nextWidth);
                if (Classify(next) == CharacterClass.Word)
                {
                    position += width + nextWidth;
                    continue;
                }
            }
            break;
        }
        return position;
    }

    private static CharacterClass Classify(Rune rune)
    {
        if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) return CharacterClass.Separator;
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
                return CharacterClass.Word;
            default:
                return CharacterClass.Punctuation;
        }
    }

    private enum CharacterClass { Word, Separator, Punctuation }
}
