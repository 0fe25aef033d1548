namespace NetGen.Tests;

public class TokenizerTests
{
    [Fact]
    public void Words_LowerCaseAndSplitPunctuationOffByDefault()
    {
        Assert.Equal(["hello", ",", "world", "!", "win", "$", "100", "now", "!", "!"],
            Tokenizer.Words().Tokenize("Hello, World!  WIN $100 now!!"));
    }

    [Fact]
    public void Words_RemovePunctuationDropsItLikeWhiteSpace()
    {
        Assert.Equal(["state", "of", "the", "art", "3", "14"],
            Tokenizer.Words(punctuation: PunctuationHandling.Remove).Tokenize("State-of-the-art: 3.14"));
    }

    [Fact]
    public void Words_KeepApostrophesBetweenLettersOnly()
    {
        Assert.Equal(["don't", "rock'n'roll", "'", "quoted", "'", "it’s"],
            Tokenizer.Words().Tokenize("Don't rock'n'roll 'quoted' it’s"));
    }

    [Fact]
    public void Words_KeepCaseWhenAsked()
    {
        Assert.Equal(["Hello", "World"], Tokenizer.Words(lowerCase: false).Tokenize("Hello World"));
    }

    [Fact]
    public void Words_AreUnicodeAware()
    {
        // Accented and non-Latin letters are word characters, a combining accent stays in its word,
        // non-ASCII white space separates, an emoji (a surrogate pair) is one punctuation token.
        Assert.Equal(["café", "naïve", "straße", "москва", "東京", "e\u0301t\u00e9", "😀", "ok"],
            Tokenizer.Words().Tokenize("Café\u00a0NAÏVE Straße\tМосква 東京 E\u0301t\u00c9 😀ok"));
    }

    [Fact]
    public void Words_LowerCaseLettersOutsideTheBasicPlane()
    {
        // Deseret capital long I (U+10400) lower-cases to U+10428: a surrogate pair both times.
        Assert.Equal(["\U00010428a"], Tokenizer.Words().Tokenize("\U00010400A"));
    }

    [Fact]
    public void EmptyOrBlankText_HasNoTokens()
    {
        Assert.Empty(Tokenizer.Words().Tokenize(""));
        Assert.Empty(Tokenizer.Words().Tokenize(" \t\r\n "));
        Assert.Empty(Tokenizer.Words(punctuation: PunctuationHandling.Remove).Tokenize("... !?"));
        Assert.Empty(Tokenizer.Characters().Tokenize(""));
    }

    [Fact]
    public void Characters_KeepEverythingAndSurrogatePairs()
    {
        Assert.Equal(["A", "b", " ", "😀", "\n", "é"], Tokenizer.Characters().Tokenize("Ab 😀\né"));
        Assert.Equal(["a", "b"], Tokenizer.Characters(lowerCase: true).Tokenize("AB"));
    }

    [Fact]
    public void EnumerateTokens_GivesSlicesOfTheTextWithoutAllocating()
    {
        Tokenizer tokenizer = Tokenizer.Words();
        ReadOnlySpan<char> text = "Hello, World! Don't stop.";
        Span<char> buffer = stackalloc char[16];
        int count = 0, lastStart = -1;
        _ = CountTokens(tokenizer, text, buffer); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (ReadOnlySpan<char> token in tokenizer.EnumerateTokens(text))
        {
            count++;
            tokenizer.Normalize(token, buffer);
        }
        var enumerator = tokenizer.EnumerateTokens(text);
        while (enumerator.MoveNext()) lastStart = enumerator.CurrentStart;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(7, count);
        Assert.Equal(text.Length - 1, lastStart); // the final "."
    }

    [Fact]
    public void Normalize_TooShortDestinationThrowsNamingBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Tokenizer.Words().Normalize("hello", new char[3]));
        Assert.Contains("at least 5", e.Message);
        Assert.Contains("is 3", e.Message);
    }

    private static int CountTokens(Tokenizer tokenizer, ReadOnlySpan<char> text, Span<char> buffer)
    {
        int count = 0;
        foreach (ReadOnlySpan<char> token in tokenizer.EnumerateTokens(text))
        {
            tokenizer.Normalize(token, buffer);
            count++;
        }
        return count;
    }
}
